package io.vigil.agent;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.vigil.core.HealthEvent;
import io.vigil.core.Result;
import io.vigil.core.StateType;
import io.vigil.core.Status;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class EventLoggerTest {

  @Test
  void quotesValuesSoEachEventStaysOneLine() {
    assertThat(EventLogger.quote("a \"b\"\nc\\d")).isEqualTo("\"a \\\"b\\\"\\nc\\\\d\"");
  }

  @Test
  void flappingCheckIsQuietBetweenStartAndStopAndAbandonedRunsAreNotLoggedTwice() {
    Logger logger = (Logger) LoggerFactory.getLogger("vigil.events");
    ListAppender<ILoggingEvent> lines = new ListAppender<>();
    lines.start();
    logger.addAppender(lines);
    try {
      EventLogger log = new EventLogger();
      Instant at = Instant.EPOCH;
      log.onEvent(changed(Status.OK, Status.OK, at)); // first result
      log.onEvent(changed(Status.OK, Status.CRITICAL, at));
      log.onEvent(new HealthEvent.FlappingStarted("web", 40, at));
      for (int i = 0; i < 10; i++) {
        log.onEvent(changed(Status.CRITICAL, Status.OK, at));
        log.onEvent(changed(Status.OK, Status.CRITICAL, at));
      }
      log.onEvent(new HealthEvent.FlappingStopped("web", 5, at));
      log.onEvent(changed(Status.CRITICAL, Status.OK, at));
      log.onEvent(new HealthEvent.RunAbandoned("web", Duration.ofSeconds(3), 1, at));
      List<String> loud =
          lines.list.stream()
              .filter(e -> e.getLevel().isGreaterOrEqual(Level.INFO))
              .map(ILoggingEvent::getFormattedMessage)
              .map(m -> m.substring(0, m.indexOf(' ')))
              .toList();
      assertThat(loud)
          .containsExactly(
              "event=first_result",
              "event=state_changed",
              "event=flapping_started",
              "event=flapping_stopped",
              "event=state_changed");
    } finally {
      logger.detachAppender(lines);
    }
  }

  private static HealthEvent changed(Status from, Status to, Instant at) {
    return new HealthEvent.StateChanged(
        "web",
        false,
        from,
        StateType.HARD,
        to,
        StateType.HARD,
        Result.of(to, "x").stamped(Duration.ZERO, at),
        to == Status.OK ? 0 : 1,
        at);
  }
}
