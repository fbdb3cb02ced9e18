package io.vigil.agent.config;

import io.vigil.checks.CheckSettings;
import io.vigil.core.CheckSpec;
import io.vigil.core.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A check's spec while its fields are read ({@link CheckFields}): name and type, the values rules
 * across fields need, and the settings for the {@link CheckSpec.Builder}. Not thread-safe.
 */
final class SpecDraft {

  private String name = "";
  private String type = "";
  private Duration interval = CheckSpec.DEFAULT_INTERVAL;
  private Duration timeout = CheckSpec.DEFAULT_TIMEOUT;
  private double flapStart = CheckSpec.DEFAULT_FLAP_START_PERCENT;
  private double flapStop = CheckSpec.DEFAULT_FLAP_STOP_PERCENT;
  private Optional<Duration> jitter = Optional.empty();
  private Optional<Duration> staleAfter = Optional.empty();
  private final List<Consumer<CheckSpec.Builder>> settings = new ArrayList<>();

  /** The longest check name. */
  static final int MAX_NAME_LENGTH = 128;

  /** The check's name; empty when missing (a problem is recorded). */
  String name() {
    return name;
  }

  /** The check's type name; empty when missing (a problem is recorded). */
  String type() {
    return type;
  }

  /** The interval read so far (the default until read). */
  Duration interval() {
    return interval;
  }

  /** Applies {@code setting} to the builder when it is made. */
  void set(Consumer<CheckSpec.Builder> setting) {
    settings.add(setting);
  }

  /** The name; its characters are judged by {@link CheckSpec}, its length here. */
  static void readName(CheckSettings s, SpecDraft d) {
    d.name = s.requiredString("name");
    if (d.name.length() > MAX_NAME_LENGTH) {
      s.problem(
          "name",
          "must be at most "
              + MAX_NAME_LENGTH
              + " characters, but was "
              + d.name.length()
              + " characters long");
      d.name = "";
    }
  }

  static void readType(CheckSettings s, SpecDraft d) {
    d.type = s.requiredString("type");
  }

  static void readInterval(CheckSettings s, SpecDraft d) {
    d.interval = s.duration("interval", CheckSpec.DEFAULT_INTERVAL);
  }

  static void readTimeout(CheckSettings s, SpecDraft d) {
    d.timeout = s.duration("timeout", CheckSpec.DEFAULT_TIMEOUT);
  }

  static void readJitter(CheckSettings s, SpecDraft d) {
    if (s.has("jitter")) {
      d.jitter = Optional.of(s.duration("jitter", Duration.ZERO));
    }
  }

  static void readStaleAfter(CheckSettings s, SpecDraft d) {
    if (s.has("staleAfter")) {
      d.staleAfter = Optional.of(s.duration("staleAfter", d.interval));
    }
  }

  static void readFlapStart(CheckSettings s, SpecDraft d) {
    d.flapStart = s.percent("flapStart", CheckSpec.DEFAULT_FLAP_START_PERCENT);
  }

  static void readFlapStop(CheckSettings s, SpecDraft d) {
    d.flapStop = s.percent("flapStop", CheckSpec.DEFAULT_FLAP_STOP_PERCENT);
  }

  /**
   * The builder with every field read; a timeout longer than the interval is clamped to it, with a
   * warning naming the field at {@code s}'s path. A jitter longer than the interval, or a {@code
   * staleAfter} not longer than it (the check would turn UNKNOWN between its runs), is a problem.
   */
  CheckSpec.Builder builder(CheckSettings s, List<String> warnings) {
    if (interval.isPositive()) {
      jitter
          .filter(j -> j.compareTo(interval) > 0)
          .ifPresent(j -> s.problem("jitter", "must not be longer than " + of(j)));
      staleAfter
          .filter(stale -> stale.compareTo(interval) <= 0)
          .ifPresent(stale -> s.problem("staleAfter", "must be longer than " + of(stale)));
    }
    Duration runTimeout = timeout;
    if (!interval.isNegative() && !interval.isZero() && timeout.compareTo(interval) > 0) {
      warnings.add(
          s.pathOf("timeout")
              + ": "
              + Durations.format(timeout)
              + " is longer than the interval "
              + Durations.format(interval)
              + "; using "
              + Durations.format(interval));
      runTimeout = interval;
    }
    CheckSpec.Builder builder = CheckSpec.builder(name.isEmpty() ? "unnamed" : name);
    builder.interval(interval).timeout(runTimeout).flapThresholds(flapStart, flapStop);
    jitter.ifPresent(builder::jitter);
    staleAfter.ifPresent(builder::staleAfter);
    settings.forEach(setting -> setting.accept(builder));
    return builder;
  }

  /** {@code the interval 10s, but was 1h}. */
  private String of(Duration value) {
    return "the interval " + Durations.format(interval) + ", but was " + Durations.format(value);
  }
}
