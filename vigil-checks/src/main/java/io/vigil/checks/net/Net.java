package io.vigil.checks.net;

import io.vigil.core.CheckContext;

/** Small helpers shared by the network checks. */
final class Net {

  private Net() {}

  /** The time left in the run, in whole milliseconds, at least 1 (0 would mean "forever"). */
  static int millis(CheckContext ctx) {
    return (int) Math.max(1, Math.min(Integer.MAX_VALUE, ctx.remaining().toMillis()));
  }

  /** At most 200 characters of a text, on one line. */
  static String shorten(String text) {
    String line = text.replaceAll("\\s+", " ").strip();
    return line.length() <= 200 ? line : line.substring(0, 200) + "...";
  }
}
