package io.vigil.agent.cli;

/** Short ages for tables: {@code 12s}, {@code 3m}, {@code 2h}, {@code 4d}. */
final class Ages {

  private Ages() {}

  static String of(long millis) {
    long s = Math.max(0, millis / 1000);
    if (s < 120) {
      return s + "s";
    }
    if (s < 7200) {
      return s / 60 + "m";
    }
    if (s < 172_800) {
      return s / 3600 + "h";
    }
    return s / 86_400 + "d";
  }
}
