package io.vigil.store;

import java.time.Instant;
import java.util.OptionalDouble;

/**
 * How often a check was up over a window, from its rollups. A run counts as up unless it ended
 * CRITICAL or UNKNOWN ({@link io.vigil.core.Status#isDown()}): WARNING is up. The window is
 * resolved to whole buckets (a minute within 48 h, an hour within 30 days, a day beyond, by
 * default).
 *
 * @param check the check's name
 * @param from the window's start
 * @param to the window's end
 * @param ok runs that ended OK
 * @param warning runs that ended WARNING
 * @param critical runs that ended CRITICAL
 * @param unknown runs that ended UNKNOWN
 */
public record Uptime(
    String check, Instant from, Instant to, long ok, long warning, long critical, long unknown) {

  /** Runs in the window. */
  public long runs() {
    return ok + warning + critical + unknown;
  }

  /** Runs that were up (OK or WARNING). */
  public long up() {
    return ok + warning;
  }

  /** Percent of runs that were up, in 0..100; empty when there were no runs. */
  public OptionalDouble percent() {
    long runs = runs();
    return runs == 0 ? OptionalDouble.empty() : OptionalDouble.of(100.0 * up() / runs);
  }
}
