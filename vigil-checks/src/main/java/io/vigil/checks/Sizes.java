package io.vigil.checks;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Byte sizes in configuration: {@code 512MB}, {@code 1GiB}, {@code 2048} (bytes). */
public final class Sizes {

  private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([kmgt]i?b?|b)?");

  private Sizes() {}

  /** Parses a size; IllegalArgumentException naming the allowed forms. */
  public static long parse(String text) {
    Matcher m = SIZE.matcher(text.strip().toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "must be a size such as 512MB, 1GiB or 2048, but was '" + text + "'");
    }
    double n = Double.parseDouble(m.group(1));
    String unit = m.group(2) == null ? "b" : m.group(2);
    long factor =
        switch (unit.charAt(0)) {
          case 'k' -> 1L << 10;
          case 'm' -> 1L << 20;
          case 'g' -> 1L << 30;
          case 't' -> 1L << 40;
          default -> 1L;
        };
    return (long) (n * factor);
  }

  private static final String[] UNITS = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};

  /** A byte count for people: {@code 512 B}, {@code 15.8 MiB}, {@code 3.2 GiB}. */
  public static String format(long bytes) {
    double value = bytes;
    int unit = 0;
    while (Math.abs(value) >= 1024 && unit < UNITS.length - 1) {
      value /= 1024;
      unit++;
    }
    return unit == 0 ? bytes + " B" : String.format(Locale.ROOT, "%.1f %s", value, UNITS[unit]);
  }
}
