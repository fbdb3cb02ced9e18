package io.vigil.agent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.checks.CheckTypes;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The {@code fleet:} section and the checks' {@code scope}: defaults, errors with their paths. */
class FleetSectionTest {

  private static final String PG = "store: { url: 'jdbc:postgresql://db:5432/vigil' }\n";

  private static AgentConfig parse(String yaml) throws ConfigException {
    return new ConfigLoader(CheckTypes.load(), Map.of()).parse(yaml, Optional.empty());
  }

  @Test
  void aNameIsEnough_theRestHasDefaults() throws ConfigException {
    FleetSettings fleet = parse(PG + "fleet: { name: prod }").fleet().orElseThrow();
    assertThat(fleet.ttl()).isEqualTo(Duration.ofSeconds(10));
    assertThat(fleet.renewEvery()).isEqualTo(Duration.ofSeconds(3));
    assertThat(fleet.safetyMargin()).isEqualTo(Duration.ofSeconds(2));
    assertThat(fleet.partitions()).isEqualTo(1024);
    assertThat(fleet.config("node-a", "http://a:8080", "1.0").agentId()).isEqualTo("node-a");
    assertThat(parse(PG).fleet()).isEmpty();
  }

  @Test
  void aFleetNeedsThePostgresqlStore() {
    assertThatThrownBy(() -> parse("fleet: { name: prod }"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("fleet.name")
        .hasMessageContaining("jdbc:postgresql://");
  }

  @Test
  void timingsThatCannotBeSafeAreRefusedNamingTheField() {
    assertThatThrownBy(() -> parse(PG + "fleet: { name: prod, ttl: 4s, renewEvery: 3s }"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("fleet.renewEvery");
    assertThatThrownBy(() -> parse(PG + "fleet: { name: prod, ttl: 0s }"))
        .hasMessageContaining("fleet.ttl: must be longer than 0s");
    assertThatThrownBy(() -> parse(PG + "fleet: { name: 'a b' }"))
        .hasMessageContaining("fleet.name");
    assertThatThrownBy(() -> parse(PG + "fleet: { name: prod, lease: 3s }"))
        .hasMessageContaining("fleet.lease");
  }

  @Test
  void scopeIsFleetOrEveryAgent() throws ConfigException {
    AgentConfig config =
        parse(
            PG
                + """
                fleet: { name: prod }
                checks:
                  - { name: api, type: tcp, host: 127.0.0.1, port: 1 }
                  - { name: heap, type: jvm, scope: every-agent }
                """);
    assertThat(config.checks()).extracting(c -> c.everyAgent()).containsExactly(false, true);
    assertThatThrownBy(() -> parse(PG + "checks: [{ name: heap, type: jvm, scope: everywhere }]"))
        .hasMessageContaining("checks[0].scope: must be 'fleet' or 'every-agent'");
  }
}
