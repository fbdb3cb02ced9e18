package io.vigil.agent;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EventLoggerTest {

  @Test
  void quotesValuesSoEachEventStaysOneLine() {
    assertThat(EventLogger.quote("a \"b\"\nc\\d")).isEqualTo("\"a \\\"b\\\"\\nc\\\\d\"");
  }
}
