package io.vigil.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.core.Status;
import org.junit.jupiter.api.Test;

class FlapDetectorTest {

  private final FlapDetector flap = new FlapDetector();

  private FlapDetector.Change add(Status s) {
    return flap.add(s, 20, 5);
  }

  @Test
  void steadyStatusNeverFlaps() {
    for (int i = 0; i < 50; i++) {
      assertThat(add(Status.OK)).isEqualTo(FlapDetector.Change.NONE);
    }
    assertThat(flap.percent()).isZero();
  }

  @Test
  void alternatingStatusStartsFlappingOnce() {
    int started = 0;
    for (int i = 0; i < 40; i++) {
      if (add(i % 2 == 0 ? Status.OK : Status.CRITICAL) == FlapDetector.Change.STARTED) {
        started++;
      }
    }
    assertThat(started).isEqualTo(1);
    assertThat(flap.flapping()).isTrue();
    assertThat(flap.percent()).isCloseTo(100.0, org.assertj.core.data.Offset.offset(0.001));
  }

  @Test
  void stopsOnlyBelowStopThreshold() {
    for (int i = 0; i < 21; i++) {
      add(i % 2 == 0 ? Status.OK : Status.CRITICAL);
    }
    assertThat(flap.flapping()).isTrue();
    // Between the thresholds: still flapping (hysteresis).
    int steady = 0;
    while (flap.percent() >= 5 && steady < 30) {
      assertThat(flap.flapping()).isTrue();
      add(Status.OK);
      steady++;
    }
    assertThat(flap.flapping()).isFalse();
    assertThat(steady).isGreaterThan(10);
  }

  @Test
  void recentChangesWeighMoreThanOldOnes() {
    FlapDetector old = new FlapDetector();
    old.add(Status.OK, 100, 0);
    old.add(Status.CRITICAL, 100, 0);
    for (int i = 0; i < 19; i++) {
      old.add(Status.CRITICAL, 100, 0);
    }
    FlapDetector recent = new FlapDetector();
    for (int i = 0; i < 20; i++) {
      recent.add(Status.OK, 100, 0);
    }
    recent.add(Status.CRITICAL, 100, 0);
    assertThat(old.percent()).isCloseTo(4.0, org.assertj.core.data.Offset.offset(0.001));
    assertThat(recent.percent()).isCloseTo(6.0, org.assertj.core.data.Offset.offset(0.001));
  }
}
