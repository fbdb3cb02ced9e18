package io.vigil.recovery;

import io.vigil.core.CheckSnapshot;
import io.vigil.core.Durations;
import io.vigil.core.Result;
import io.vigil.core.StateType;
import io.vigil.core.Status;
import java.time.Instant;
import java.util.List;

/**
 * Judges a step at the end of its verify window on the check's own thresholds, over the window: it
 * worked when the check had {@code successThreshold} OK results in a row after the action and is
 * not hard down at the end. One slow run at the end (a soft failure while {@code failureThreshold}
 * is above 1) does not undo a recovery that worked; a crash loop that looks fine for a moment turns
 * hard down within the window and fails.
 */
final class Verification {

  /** What the window says. */
  sealed interface Verdict {
    /** The check recovered. */
    record Recovered() implements Verdict {}

    /** The step failed. */
    record Failed(String reason) implements Verdict {}

    /** Not enough results yet: wait (asking for a fresh run once). */
    record Undecided() implements Verdict {}
  }

  private Verification() {}

  /**
   * @param window the check's results finished since the action ended, oldest first
   * @param limit when to stop waiting for results that decide
   */
  static Verdict judge(
      Phase.Verifying v, CheckSnapshot c, List<Result> window, Instant limit, Instant now) {
    boolean recovered = longestOkRun(window) >= c.spec().successThreshold();
    boolean hardDown = !window.isEmpty() && Gate.down(c) && c.stateType() == StateType.HARD;
    if (recovered && !hardDown) {
      return new Verdict.Recovered();
    }
    if (hardDown) {
      return new Verdict.Failed(
          "still " + c.status() + " after " + Durations.format(v.step().verify()));
    }
    if (!now.isBefore(limit)) {
      return new Verdict.Failed(
          "not OK "
              + c.spec().successThreshold()
              + " time(s) in a row within "
              + Durations.format(v.step().verify()));
    }
    return new Verdict.Undecided();
  }

  private static int longestOkRun(List<Result> window) {
    int longest = 0;
    int run = 0;
    for (Result r : window) {
      run = r.status() == Status.OK ? run + 1 : 0;
      longest = Math.max(longest, run);
    }
    return longest;
  }
}
