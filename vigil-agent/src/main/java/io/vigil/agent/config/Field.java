package io.vigil.agent.config;

import io.vigil.checks.CheckSettings;
import io.vigil.core.Durations;
import java.time.Duration;
import java.util.function.BiConsumer;

/**
 * One field of a configuration section, declared once: its name, the kind of value, its default and
 * meaning (the reference in {@code docs/configuration.md} is generated from these), and how it is
 * read and validated into its target. A reader records problems in the settings, with their paths,
 * and leaves the target's default when the value is bad.
 *
 * @param <T> what the section is read into
 * @param name the key in YAML, e.g. {@code interval}
 * @param type the kind of value, for people: {@code duration}, {@code true/false}, ...
 * @param defaultValue the default, as Markdown
 * @param meaning what it does, as Markdown
 * @param read reads and validates the field (when present) into the target
 */
record Field<T>(
    String name,
    String type,
    String defaultValue,
    String meaning,
    BiConsumer<CheckSettings, T> read) {

  /**
   * A duration field: longer than 0s when {@code positive}, else 0s or longer; a bad value is
   * reported with its path and leaves the target's default.
   */
  static <T> Field<T> duration(
      String name,
      Duration fallback,
      String meaning,
      boolean positive,
      BiConsumer<T, Duration> set) {
    return new Field<>(
        name,
        "duration",
        "`" + Durations.format(fallback) + "`",
        meaning,
        (s, target) -> {
          Duration value = s.duration(name, fallback);
          if (value.isNegative() || positive && value.isZero()) {
            s.problem(
                name,
                "must be "
                    + (positive ? "longer than 0s" : "0s or longer")
                    + ", but was "
                    + Durations.format(value));
            return;
          }
          set.accept(target, value);
        });
  }

  /** The Markdown table row of this field. */
  String row() {
    return "| `" + name + "` | " + type + " | " + defaultValue + " | " + meaning + " |";
  }
}
