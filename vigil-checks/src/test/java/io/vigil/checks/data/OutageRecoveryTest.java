package io.vigil.checks.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lettuce.core.RedisURI;
import io.vigil.checks.testing.OwnServer;
import io.vigil.checks.testing.Services;
import io.vigil.core.CheckSnapshot;
import io.vigil.core.CheckSpec;
import io.vigil.core.HealthEvent;
import io.vigil.core.Monitor;
import io.vigil.core.StateType;
import io.vigil.core.Status;
import io.vigil.core.SystemStatus;
import io.vigil.core.testing.RecordingListener;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole path with a real server: a monitored Redis dies, the check goes soft then hard CRITICAL
 * and the system UNHEALTHY; the server comes back and so does the check.
 */
class OutageRecoveryTest {

  @TempDir Path dir;

  @Test
  @Timeout(90)
  void outageTurnsHardCriticalAndRecovers() throws Exception {
    int port = Services.freePort();
    List<String> redis =
        List.of(
            "redis-server",
            "--port",
            String.valueOf(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no");
    Monitor monitor = Monitor.builder().build();
    RecordingListener events = new RecordingListener();
    monitor.subscribe(events);
    monitor.register(
        CheckSpec.builder("redis")
            .critical(true)
            .interval(Duration.ofMillis(500))
            .retryInterval(Duration.ofMillis(200))
            .timeout(Duration.ofMillis(400))
            .jitter(Duration.ZERO)
            .failureThreshold(3)
            .build(),
        new RedisCheck(RedisURI.create("redis://127.0.0.1:" + port), true, Optional.empty()));
    try {
      OwnServer server = OwnServer.start(port, dir, redis);
      monitor.start();
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> monitor.snapshot().status() == SystemStatus.HEALTHY);

      server.kill();
      await()
          .atMost(Duration.ofSeconds(20))
          .until(
              () -> {
                CheckSnapshot c = monitor.snapshot().check("redis").orElseThrow();
                return c.status() == Status.CRITICAL && c.stateType() == StateType.HARD;
              });
      assertThat(monitor.snapshot().status()).isEqualTo(SystemStatus.UNHEALTHY);
      assertThat(
              monitor.snapshot().check("redis").orElseThrow().lastResult().orElseThrow().message())
          .contains("connection refused")
          .contains("127.0.0.1:" + port);

      try (OwnServer again = OwnServer.start(port, dir, redis)) {
        await()
            .atMost(Duration.ofSeconds(20))
            .until(() -> monitor.snapshot().status() == SystemStatus.HEALTHY);
      }
      assertThat(events.events(HealthEvent.StateChanged.class))
          .extracting(e -> e.to() + "/" + e.toType())
          .containsSubsequence("OK/HARD", "CRITICAL/SOFT", "CRITICAL/HARD", "OK/HARD");
    } finally {
      monitor.stop();
    }
  }
}
