package io.vigil.core.internal;

import static io.vigil.core.Status.CRITICAL;
import static io.vigil.core.Status.OK;
import static io.vigil.core.Status.WARNING;
import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.core.StateType;
import io.vigil.core.Status;
import org.junit.jupiter.api.Test;

class CheckStateTest {

  private final CheckState state = new CheckState();

  private boolean apply(Status s) {
    return state.apply(s, 3, 2);
  }

  @Test
  void startsPendingAndFirstOkIsHardOk() {
    assertThat(state.pending()).isTrue();
    assertThat(apply(OK)).isTrue();
    assertThat(state.status()).isEqualTo(OK);
    assertThat(state.type()).isEqualTo(StateType.HARD);
    assertThat(state.pending()).isFalse();
  }

  @Test
  void failureIsSoftUntilThresholdThenHard() {
    apply(OK);
    assertThat(apply(CRITICAL)).isTrue();
    assertThat(state.type()).isEqualTo(StateType.SOFT);
    assertThat(state.retrying()).isTrue();
    assertThat(apply(CRITICAL)).isFalse();
    assertThat(state.consecutiveFailures()).isEqualTo(2);
    assertThat(apply(CRITICAL)).isTrue();
    assertThat(state.type()).isEqualTo(StateType.HARD);
    assertThat(state.status()).isEqualTo(CRITICAL);
    assertThat(state.retrying()).isFalse();
  }

  @Test
  void softFailureRecoversOnFirstOk() {
    apply(OK);
    apply(WARNING);
    assertThat(apply(OK)).isTrue();
    assertThat(state.status()).isEqualTo(OK);
    assertThat(state.type()).isEqualTo(StateType.HARD);
  }

  @Test
  void hardFailureClearsOnlyAfterSuccessThreshold() {
    apply(CRITICAL);
    apply(CRITICAL);
    apply(CRITICAL);
    assertThat(apply(OK)).isFalse();
    assertThat(state.status()).isEqualTo(CRITICAL);
    assertThat(state.retrying()).isTrue();
    assertThat(apply(OK)).isTrue();
    assertThat(state.status()).isEqualTo(OK);
  }

  @Test
  void failureWhileRecoveringFromHardStaysHard() {
    apply(CRITICAL);
    apply(CRITICAL);
    apply(CRITICAL);
    apply(OK);
    apply(WARNING);
    assertThat(state.type()).isEqualTo(StateType.HARD);
    assertThat(state.status()).isEqualTo(WARNING);
    assertThat(state.consecutiveFailures()).isEqualTo(1);
  }

  @Test
  void thresholdOfOneIsHardAtOnce() {
    state.apply(OK, 1, 1);
    state.apply(CRITICAL, 1, 1);
    assertThat(state.type()).isEqualTo(StateType.HARD);
  }

  @Test
  void staleIsHardUnknownUntilResultsReturn() {
    apply(OK);
    assertThat(state.markStale()).isTrue();
    assertThat(state.status()).isEqualTo(Status.UNKNOWN);
    assertThat(state.type()).isEqualTo(StateType.HARD);
    assertThat(state.stale()).isTrue();
    assertThat(state.markStale()).isFalse();
    apply(OK);
    assertThat(state.stale()).isFalse();
    assertThat(state.status()).isEqualTo(Status.UNKNOWN);
    apply(OK);
    assertThat(state.status()).isEqualTo(OK);
  }
}
