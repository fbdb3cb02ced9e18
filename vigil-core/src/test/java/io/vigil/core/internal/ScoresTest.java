package io.vigil.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.vigil.core.ScoreThresholds;
import io.vigil.core.Status;
import io.vigil.core.SystemStatus;
import org.junit.jupiter.api.Test;

class ScoresTest {

  @Test
  void emptyIsZeroAndAllOkIsOne() {
    StatusRing ring = new StatusRing(10);
    assertThat(Scores.of(ring)).isZero();
    for (int i = 0; i < 10; i++) {
      ring.add(Status.OK);
    }
    assertThat(Scores.of(ring)).isEqualTo(1.0);
  }

  @Test
  void recentFailuresCostMoreThanOldOnes() {
    StatusRing oldFailure = new StatusRing(10);
    StatusRing newFailure = new StatusRing(10);
    oldFailure.add(Status.CRITICAL);
    for (int i = 0; i < 9; i++) {
      oldFailure.add(Status.OK);
      newFailure.add(Status.OK);
    }
    newFailure.add(Status.CRITICAL);
    assertThat(Scores.of(oldFailure)).isGreaterThan(Scores.of(newFailure));
    assertThat(Scores.of(oldFailure)).isCloseTo(14.0 / 15.0, within(1e-9));
  }

  @Test
  void windowKeepsOnlyTheLastResults() {
    StatusRing ring = new StatusRing(3);
    ring.add(Status.CRITICAL);
    ring.add(Status.OK);
    ring.add(Status.OK);
    ring.add(Status.OK);
    assertThat(Scores.of(ring)).isEqualTo(1.0);
    ring.add(Status.WARNING);
    assertThat(ring.get(2)).isEqualTo(Status.WARNING);
  }

  @Test
  void levelsFollowThresholds() {
    assertThat(new ScoreThresholds(0.95, 0.75).level(0.95)).isEqualTo(SystemStatus.HEALTHY);
    assertThat(new ScoreThresholds(0.95, 0.75).level(0.8)).isEqualTo(SystemStatus.DEGRADED);
    assertThat(new ScoreThresholds(0.95, 0.75).level(0.74)).isEqualTo(SystemStatus.UNHEALTHY);
  }
}
