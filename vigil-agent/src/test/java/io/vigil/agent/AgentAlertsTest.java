package io.vigil.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vigil.agent.config.AgentConfig;
import io.vigil.agent.config.ConfigLoader;
import io.vigil.alerts.AlertKind;
import io.vigil.alerts.AlertView;
import io.vigil.checks.CheckTypes;
import io.vigil.core.Monitor;
import io.vigil.recovery.RecoveryEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The agent's alert wiring: recovery's give-up, reloads, metrics and diagnostics. */
class AgentAlertsTest {

  private static AgentConfig config(String yaml) throws Exception {
    return new ConfigLoader(CheckTypes.load(), Map.of()).parse(yaml, Optional.empty());
  }

  @Test
  void healingThatGaveUpOpensACriticalAlertThatALiftResolves() throws Exception {
    AgentConfig config = config("alerts: { sinks: [{ name: log, type: log, groupWait: 0s }] }\n");
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (Monitor monitor = Monitor.builder().build();
        AgentAlerts alerts =
            AgentAlerts.start(
                config, monitor, Optional::empty, registry, io.vigil.alerts.SendGate.OPEN)) {
      alerts.recovery(new RecoveryEvent.GaveUp("db", "breaker open", Instant.now()));
      await().atMost(Duration.ofSeconds(10)).until(() -> firing(alerts).isPresent());
      AlertView gaveUp = firing(alerts).orElseThrow();
      assertThat(gaveUp.alert().kind()).isEqualTo(AlertKind.GAVE_UP);
      assertThat(gaveUp.alert().message()).isEqualTo("healing gave up: breaker open");
      assertThat(gaveUp.alert().labels()).containsEntry("node", config.server().nodeId());
      assertThat(registry.get("vigil.alerts.firing").tag("severity", "critical").gauge().value())
          .isEqualTo(1.0);
      await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () -> registry.find("vigil.notifications").tag("outcome", "sent").counter() != null);
      assertThat(registry.get("vigil.notification.queue.depth").tag("sink", "log").gauge())
          .isNotNull();
      alerts.recovery(new RecoveryEvent.QuarantineLifted("db", "token@127.0.0.1", Instant.now()));
      assertThat(firing(alerts)).isEmpty();
      assertThat(alerts.diagnostics().toString())
          .contains("outbox=memory", "log={type=log, target=log");
      alerts.apply(config("alerts: { sinks: [{ name: hook, type: log }] }\n"));
      assertThat(alerts.alerts().sinks()).extracting(s -> s.name()).containsExactly("hook");
    }
  }

  private static Optional<AlertView> firing(AgentAlerts alerts) {
    return alerts.alerts().alerts().stream().filter(v -> v.state().equals("firing")).findFirst();
  }
}
