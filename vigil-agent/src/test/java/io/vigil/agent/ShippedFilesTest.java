package io.vigil.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.agent.config.AgentConfig;
import io.vigil.agent.config.ConfigLoader;
import io.vigil.checks.CheckTypes;
import io.vigil.core.testing.Tools;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The example configuration and the Prometheus rules we ship are valid. */
class ShippedFilesTest {

  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  @Test
  void exampleConfigurationIsValid() throws Exception {
    AgentConfig config =
        new ConfigLoader(CheckTypes.load(), Map.of()).load(ROOT.resolve("examples/vigil.yaml"));
    assertThat(config.checks()).hasSizeGreaterThanOrEqualTo(5);
    assertThat(config.warnings()).isEmpty();
  }

  @Test
  void servicesExampleIsValid() throws Exception {
    AgentConfig config =
        new ConfigLoader(CheckTypes.load(), Map.of()).load(ROOT.resolve("examples/services.yaml"));
    assertThat(config.checks())
        .extracting(c -> c.name())
        .contains("postgres", "redis", "rabbitmq", "nats", "mosquitto");
  }

  @Test
  void selfHealingExampleIsValid() throws Exception {
    AgentConfig config =
        new ConfigLoader(CheckTypes.load(), Map.of())
            .load(ROOT.resolve("examples/self-healing.yaml"));
    assertThat(config.programs()).extracting(p -> p.name()).containsExactly("demo", "crasher");
    assertThat(config.checks()).allMatch(c -> c.recovery().isPresent());
  }

  @Test
  void clusterExampleIsValid() throws Exception {
    AgentConfig config =
        new ConfigLoader(CheckTypes.load(), Map.of()).load(ROOT.resolve("examples/cluster.yaml"));
    assertThat(config.programs()).hasSize(5);
    assertThat(config.cluster().orElseThrow().nodes())
        .extracting(n -> n.id())
        .containsExactly("node1", "node2", "node3", "node4", "node5");
    assertThat(config.cluster().orElseThrow().settings().shards()).isEqualTo(64);
    assertThat(config.warnings()).isEmpty();
  }

  @Test
  void prometheusRulesPassPromtool() throws Exception {
    Process p =
        new ProcessBuilder(
                Tools.require("promtool", "prometheus"),
                "check",
                "rules",
                ROOT.resolve("docs/prometheus-rules.yml").toString())
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    assertThat(out).contains("SUCCESS");
  }
}
