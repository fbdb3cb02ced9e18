package io.vigil.checks.kits;

import io.vigil.checks.Thresholds;
import io.vigil.core.CheckContext;
import io.vigil.core.HealthCheck;
import io.vigil.core.Result;
import io.vigil.core.Status;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A storage node: space used against thresholds, plus an optional verification of a sample of the
 * stored data (for example, recomputing the checksums of a few random chunks).
 */
public final class StorageCheck implements HealthCheck {

  /** What the host system reports. */
  public record State(long freeBytes, long totalBytes) {}

  /** Verifies a sample of the stored data; returns a description of what is wrong, if anything. */
  @FunctionalInterface
  public interface SampleVerifier {
    /** Empty when the sample is intact. */
    Optional<String> verify() throws Exception;
  }

  private final Supplier<State> state;
  private final Thresholds percentUsed;
  private final Optional<SampleVerifier> verifier;

  /** Judges space used in percent, and runs the verifier if given. */
  public StorageCheck(
      Supplier<State> state, Thresholds percentUsed, Optional<SampleVerifier> verifier) {
    this.state = state;
    this.percentUsed = percentUsed;
    this.verifier = verifier;
  }

  @Override
  public Result check(CheckContext ctx) throws Exception {
    State s = state.get();
    if (s.totalBytes() <= 0) {
      return Result.unknown("the storage reports no size");
    }
    double used = 100.0 * (s.totalBytes() - s.freeBytes()) / s.totalBytes();
    Status status = percentUsed.judge(used);
    String message = String.format(Locale.ROOT, "%.1f%% used", used);
    if (verifier.isPresent()) {
      Optional<String> problem = verifier.get().verify();
      if (problem.isPresent()) {
        status = Status.CRITICAL;
        message += ", sample verification failed: " + problem.get();
      } else {
        message += ", sample verified";
      }
    }
    return Result.of(status, message)
        .withDetail("free_bytes", s.freeBytes())
        .withDetail("total_bytes", s.totalBytes())
        .withDetail("percent_used", Math.round(used * 10) / 10.0);
  }
}
