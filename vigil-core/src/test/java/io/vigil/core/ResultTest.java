package io.vigil.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ResultTest {

  @Test
  void criticalFromErrorNamesClassAndMessage() {
    Result r = Result.critical(new IOException("disk gone"));
    assertThat(r.status()).isEqualTo(Status.CRITICAL);
    assertThat(r.message()).isEqualTo("IOException: disk gone");
    assertThat(r.error()).contains("IOException: disk gone");
    assertThat(Result.critical(new IllegalStateException()).message())
        .isEqualTo("IllegalStateException");
  }

  @Test
  void detailsAreCopiedAndUnmodifiable() {
    Map<String, Object> source = new HashMap<>();
    source.put("a", 1);
    Result r = Result.ok("fine").withDetails(source).withDetail("b", 2);
    source.put("c", 3);
    assertThat(r.details()).containsOnlyKeys("a", "b");
    assertThatThrownBy(() -> r.details().put("d", 4))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void statusesFollowNagiosExitCodes() {
    assertThat(Status.fromExitCode(0)).isEqualTo(Status.OK);
    assertThat(Status.fromExitCode(1)).isEqualTo(Status.WARNING);
    assertThat(Status.fromExitCode(2)).isEqualTo(Status.CRITICAL);
    assertThat(Status.fromExitCode(3)).isEqualTo(Status.UNKNOWN);
    assertThat(Status.fromExitCode(127)).isEqualTo(Status.UNKNOWN);
    assertThat(Status.CRITICAL.exitCode()).isEqualTo(2);
  }

  @Test
  void systemStatusCodes() {
    assertThat(SystemStatus.HEALTHY.httpCode()).isEqualTo(200);
    assertThat(SystemStatus.DEGRADED.httpCode()).isEqualTo(200);
    assertThat(SystemStatus.UNHEALTHY.httpCode()).isEqualTo(503);
    assertThat(SystemStatus.STARTING.httpCode()).isEqualTo(503);
    assertThat(SystemStatus.STOPPING.httpCode()).isEqualTo(503);
  }
}
