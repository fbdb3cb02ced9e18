package io.vigil.checks.data;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.lettuce.core.RedisURI;
import io.vigil.checks.Thresholds;
import io.vigil.checks.testing.OwnServer;
import io.vigil.checks.testing.Services;
import io.vigil.core.Result;
import io.vigil.core.Status;
import io.vigil.core.testing.TestContext;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** Against the machine's Redis, and a second redis-server the test starts, freezes and kills. */
class RedisCheckTest {

  @TempDir Path dir;

  @Test
  void roundTripAndMemoryOnTheSharedRedis() {
    Services.require(Services.REDIS, 6379);
    Result r =
        new RedisCheck(
                RedisURI.create("redis://127.0.0.1:6379"),
                true,
                Optional.of(new Thresholds(80, 95)))
            .check(TestContext.standard());
    assertThat(r.status()).as(r.message()).isEqualTo(Status.OK);
    assertThat(r.message()).contains("PONG", "SET/GET/DEL round trip");
    assertThat(r.details()).containsKeys("used_memory_bytes", "round_trip_ms");
  }

  @Test
  @Timeout(60)
  void ownServerWithPasswordFrozenThenKilled() throws Exception {
    int port = Services.freePort();
    try (OwnServer redis =
        OwnServer.start(
            port,
            dir,
            List.of(
                "redis-server",
                "--port",
                String.valueOf(port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no"))) {
      RedisCheck check =
          new RedisCheck(RedisURI.create("redis://127.0.0.1:" + port), true, Optional.empty());
      assertThat(check.check(TestContext.standard()).status()).isEqualTo(Status.OK);

      redis.freeze();
      long t0 = System.nanoTime();
      Result frozen = check.check(TestContext.withTimeout(Duration.ofSeconds(1)));
      assertThat(frozen.status()).isEqualTo(Status.CRITICAL);
      assertThat(frozen.message()).contains("127.0.0.1:" + port);
      assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));

      redis.kill();
      Result dead = check.check(TestContext.standard());
      assertThat(dead.status()).isEqualTo(Status.CRITICAL);
      assertThat(dead.message()).contains("connection refused").contains("127.0.0.1:" + port);
    }
  }

  @Test
  @Timeout(60)
  void refusedPortGivesOneClearResultPerRunAndNothingInTheLog() {
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    logs.start();
    root.addAppender(logs);
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    int port = Services.closedPort();
    RedisCheck check =
        new RedisCheck(RedisURI.create("redis://127.0.0.1:" + port), true, Optional.empty());
    try {
      check.check(TestContext.standard()); // the first run starts the shared event loops
      long startedBefore = threads.getTotalStartedThreadCount();
      for (int i = 0; i < 10; i++) {
        Result r = check.check(TestContext.standard());
        assertThat(r.status()).isEqualTo(Status.CRITICAL);
        assertThat(r.message()).isEqualTo("connection refused to redis://127.0.0.1:" + port);
      }
      // A client shut down after every run took its event loops with it: new threads each run,
      // and late notifications rejected by a loop already shut down (a stack in the log).
      assertThat(threads.getTotalStartedThreadCount() - startedBefore).isLessThan(4);
    } finally {
      root.detachAppender(logs);
    }
    assertThat(logs.list)
        .filteredOn(e -> e.getLevel().isGreaterOrEqual(Level.WARN))
        .extracting(ILoggingEvent::getFormattedMessage)
        .isEmpty();
  }
}
