package io.vigil.agent.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.checks.CheckTypeContext;
import io.vigil.checks.CheckTypes;
import io.vigil.checks.Heartbeats;
import io.vigil.core.CheckSpec;
import io.vigil.core.Status;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ConfigLoaderTest {

  private AgentConfig parse(String yaml, Map<String, String> env) throws ConfigException {
    return new ConfigLoader(CheckTypes.load(), env).parse(yaml, Optional.empty());
  }

  @Test
  void readsTheDocumentedShape() throws ConfigException {
    AgentConfig config =
        parse(
            """
            server: { host: 127.0.0.1, port: 9000, token: "${VIGIL_TOKEN:-}" }
            node: { id: "${HOSTNAME:-local}" }
            defaults: { interval: 20s, timeout: 5s, failureThreshold: 2, successThreshold: 1 }
            checks:
              - name: disk-root
                type: disk
                path: /
                warning: 90%
                critical: 95%
              - name: api
                type: fixed
                critical: true
                interval: 10s
                tags: [frontend]
                dependsOn: [disk-root]
            """,
            Map.of("HOSTNAME", "node-7"));
    assertThat(config.server().port()).isEqualTo(9000);
    assertThat(config.server().token()).isEmpty();
    assertThat(config.server().nodeId()).isEqualTo("node-7");
    CheckSpec disk = config.checks().get(0).spec();
    assertThat(disk.interval()).isEqualTo(Duration.ofSeconds(20));
    assertThat(disk.failureThreshold()).isEqualTo(2);
    CheckSpec api = config.checks().get(1).spec();
    assertThat(api.interval()).isEqualTo(Duration.ofSeconds(10));
    assertThat(api.critical()).isTrue();
    assertThat(api.tags()).containsExactly("frontend");
    assertThat(api.dependsOn()).containsExactly("disk-root");
  }

  @Test
  void environmentOverridesAndInterpolates() throws ConfigException {
    AgentConfig config =
        parse(
            """
            server: { port: 8080, token: "${API_TOKEN}" }
            checks:
              - { name: a, type: fixed, status: "${A_STATUS:-warning}" }
            """,
            Map.of(
                "VIGIL_SERVER_PORT",
                "9090",
                "API_TOKEN",
                "abc",
                "VIGIL_SERVER_ALLOW_ANONYMOUS",
                "true"));
    assertThat(config.server().port()).isEqualTo(9090);
    assertThat(config.server().token()).contains("abc");
    assertThat(config.server().allowAnonymous()).isTrue();
    assertThat(config.checks().get(0).source()).containsEntry("status", "warning");
    assertThat(config.summary().toString()).doesNotContain("abc");
  }

  @Test
  void clampsTimeoutToIntervalWithAWarning() throws ConfigException {
    AgentConfig config =
        parse(
            """
            checks:
              - { name: a, type: fixed, interval: 10s, timeout: 40s }
            """,
            Map.of());
    assertThat(config.checks().get(0).spec().timeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(config.warnings())
        .containsExactly("checks[0].timeout: 40s is longer than the interval 10s; using 10s");
  }

  @Test
  void vigilTokenVariableIsTheDefaultToken() throws ConfigException {
    AgentConfig config = parse("checks: []", Map.of("VIGIL_TOKEN", "t0k"));
    assertThat(config.server().token()).contains("t0k");
  }

  @Test
  void problemsNeverShowSecrets() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> parse("server: { port: 'postgres://app:hunter2@db/main' }", Map.of()))
        .hasMessageContaining("postgres://app:******@db/main")
        .hasMessageNotContaining("hunter2");
  }

  @Test
  void emptyFileIsValidWithNoChecks() throws ConfigException {
    assertThat(parse("", Map.of()).checks()).isEmpty();
  }

  @Test
  void localDefaultsCoverTheMachine() {
    AgentConfig config = new ConfigLoader(CheckTypes.load(), Map.of()).localDefaults();
    assertThat(config.checks())
        .extracting(CheckDefinition::name)
        .contains("cpu", "load", "memory", "swap", "open-files", "jvm")
        .anyMatch(n -> n.startsWith("disk-"));
  }

  @Test
  void validatingAHeartbeatCheckRegistersNothing() throws ConfigException {
    Heartbeats heartbeats = new Heartbeats();
    new ConfigLoader(CheckTypes.load(new CheckTypeContext(heartbeats)), Map.of())
        .parse("checks:\n  - { name: nightly, type: heartbeat, ttl: 1d }\n", Optional.empty());
    assertThat(heartbeats.expects("nightly")).isFalse();
    assertThat(heartbeats.beat("nightly", Status.OK, "", Instant.EPOCH)).isFalse();
  }
}
