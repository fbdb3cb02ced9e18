package io.vigil.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * How and when one check runs, and how its results are judged. Immutable; build one with {@link
 * #builder(String)}, which validates every field and reports all problems at once.
 *
 * @param name unique name: letters, digits, {@code . _ -}
 * @param description free text for people
 * @param component the component the check belongs to (default {@value #DEFAULT_COMPONENT})
 * @param tags groups the check belongs to
 * @param interval time between runs while OK (default 30 s)
 * @param timeout deadline of one run, at most the interval (default 10 s, or the interval when
 *     shorter)
 * @param retryInterval time between runs while failing softly (default interval / 3, at least 1 s)
 * @param initialDelay wait before the first run (default 0)
 * @param jitter spreading of the runs (default interval / 10, at most 5 s). Above zero, each check
 *     runs at a fixed phase of its own interval, so checks with the same interval are spread evenly
 *     across it and stay spread, plus a random delay in {@code [0, jitter)}; zero runs a check
 *     exactly {@code interval} after its previous run started. The first run comes at start (after
 *     {@code initialDelay}); with jitter, first runs are paced at 4,000 a second
 * @param critical whether a hard failure makes the whole system UNHEALTHY (default false)
 * @param enabled whether the check runs and counts (default true)
 * @param failureThreshold consecutive failures before the failure is hard (default 3)
 * @param successThreshold consecutive successes before a hard failure clears (default 1)
 * @param staleAfter with no result for this long the check is UNKNOWN (default 2 × interval +
 *     timeout)
 * @param dependsOn names of checks this one depends on
 * @param flapStartPercent flapping starts when the weighted state change goes above this (20)
 * @param flapStopPercent flapping stops when the weighted state change goes below this (5)
 */
public record CheckSpec(
    String name,
    String description,
    String component,
    Set<String> tags,
    Duration interval,
    Duration timeout,
    Duration retryInterval,
    Duration initialDelay,
    Duration jitter,
    boolean critical,
    boolean enabled,
    int failureThreshold,
    int successThreshold,
    Duration staleAfter,
    Set<String> dependsOn,
    double flapStartPercent,
    double flapStopPercent) {

  /** Component of checks that name none. */
  public static final String DEFAULT_COMPONENT = "default";

  /** Default time between runs. */
  public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(30);

  /** Default deadline of a run. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  /** Default number of consecutive failures before a failure is hard. */
  public static final int DEFAULT_FAILURE_THRESHOLD = 3;

  /** Default number of consecutive successes before a hard failure clears. */
  public static final int DEFAULT_SUCCESS_THRESHOLD = 1;

  /** Default percent state change above which a check is flapping. */
  public static final double DEFAULT_FLAP_START_PERCENT = 20.0;

  /** Default percent state change below which a check stops flapping. */
  public static final double DEFAULT_FLAP_STOP_PERCENT = 5.0;

  private static final Duration MIN_RETRY_INTERVAL = Duration.ofSeconds(1);

  /** Longest duration accepted anywhere, so time arithmetic in nanoseconds never overflows. */
  public static final Duration MAX_DURATION = Duration.ofDays(365);

  private static final Duration MAX_DEFAULT_JITTER = Duration.ofSeconds(5);
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

  /** Copies the collections; use {@link #builder(String)}, which validates. */
  public CheckSpec {
    tags = Collections.unmodifiableSet(new LinkedHashSet<>(tags));
    dependsOn = Collections.unmodifiableSet(new LinkedHashSet<>(dependsOn));
  }

  /** A builder with every default, for a check of this name. */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  /** A builder holding this spec's values, to derive a changed copy. */
  public Builder toBuilder() {
    Builder b = new Builder(name);
    b.description = description;
    b.component = component;
    b.tags = new LinkedHashSet<>(tags);
    b.interval = interval;
    b.timeout = timeout;
    b.retryInterval = retryInterval;
    b.initialDelay = initialDelay;
    b.jitter = jitter;
    b.critical = critical;
    b.enabled = enabled;
    b.failureThreshold = failureThreshold;
    b.successThreshold = successThreshold;
    b.staleAfter = staleAfter;
    b.dependsOn = new LinkedHashSet<>(dependsOn);
    b.flapStartPercent = flapStartPercent;
    b.flapStopPercent = flapStopPercent;
    return b;
  }

  /** Builds a {@link CheckSpec}; unset durations derive from the interval as documented. */
  public static final class Builder {
    private final String name;
    private String description = "";
    private String component = DEFAULT_COMPONENT;
    private Set<String> tags = new LinkedHashSet<>();
    private Duration interval = DEFAULT_INTERVAL;
    private Duration timeout;
    private Duration retryInterval;
    private Duration initialDelay = Duration.ZERO;
    private Duration jitter;
    private boolean critical;
    private boolean enabled = true;
    private int failureThreshold = DEFAULT_FAILURE_THRESHOLD;
    private int successThreshold = DEFAULT_SUCCESS_THRESHOLD;
    private Duration staleAfter;
    private Set<String> dependsOn = new LinkedHashSet<>();
    private double flapStartPercent = DEFAULT_FLAP_START_PERCENT;
    private double flapStopPercent = DEFAULT_FLAP_STOP_PERCENT;

    private Builder(String name) {
      this.name = Objects.requireNonNull(name, "name");
    }

    /** Free text for people. */
    public Builder description(String value) {
      description = Objects.requireNonNull(value, "description");
      return this;
    }

    /** The component the check belongs to. */
    public Builder component(String value) {
      component = Objects.requireNonNull(value, "component");
      return this;
    }

    /** Groups the check belongs to (replaces earlier tags). */
    public Builder tags(Collection<String> value) {
      tags = new LinkedHashSet<>(value);
      return this;
    }

    /** Groups the check belongs to (replaces earlier tags). */
    public Builder tags(String... value) {
      return tags(List.of(value));
    }

    /** Time between runs while OK. */
    public Builder interval(Duration value) {
      interval = Objects.requireNonNull(value, "interval");
      return this;
    }

    /** Deadline of one run; at most the interval (default 10 s, or the interval when shorter). */
    public Builder timeout(Duration value) {
      timeout = Objects.requireNonNull(value, "timeout");
      return this;
    }

    /** Time between runs while failing softly. */
    public Builder retryInterval(Duration value) {
      retryInterval = Objects.requireNonNull(value, "retryInterval");
      return this;
    }

    /** Wait before the first run. */
    public Builder initialDelay(Duration value) {
      initialDelay = Objects.requireNonNull(value, "initialDelay");
      return this;
    }

    /**
     * Spreading of the runs: above zero, a fixed phase of the interval per check plus a random
     * delay in {@code [0, jitter)}; zero runs exactly {@code interval} after the previous start.
     */
    public Builder jitter(Duration value) {
      jitter = Objects.requireNonNull(value, "jitter");
      return this;
    }

    /** Whether a hard failure makes the whole system UNHEALTHY. */
    public Builder critical(boolean value) {
      critical = value;
      return this;
    }

    /** Whether the check runs and counts. */
    public Builder enabled(boolean value) {
      enabled = value;
      return this;
    }

    /** Consecutive failures before the failure is hard. */
    public Builder failureThreshold(int value) {
      failureThreshold = value;
      return this;
    }

    /** Consecutive successes before a hard failure clears. */
    public Builder successThreshold(int value) {
      successThreshold = value;
      return this;
    }

    /** With no result for this long the check is UNKNOWN. */
    public Builder staleAfter(Duration value) {
      staleAfter = Objects.requireNonNull(value, "staleAfter");
      return this;
    }

    /** Names of checks this one depends on (replaces earlier ones). */
    public Builder dependsOn(Collection<String> value) {
      dependsOn = new LinkedHashSet<>(value);
      return this;
    }

    /** Names of checks this one depends on (replaces earlier ones). */
    public Builder dependsOn(String... value) {
      return dependsOn(List.of(value));
    }

    /** Flapping thresholds in percent state change: starts above {@code start}, stops below. */
    public Builder flapThresholds(double start, double stop) {
      flapStartPercent = start;
      flapStopPercent = stop;
      return this;
    }

    /**
     * Validates every field and builds the spec.
     *
     * @throws InvalidSpecException listing every problem with its field and bad value
     */
    public CheckSpec build() {
      List<String> problems = new ArrayList<>();
      checkNames(problems);
      positive(problems, "interval", interval);
      Duration deadline = timeout != null ? timeout : defaultTimeout(interval);
      positive(problems, "timeout", deadline);
      atMostInterval(problems, deadline, interval);
      Duration retry = retryInterval != null ? retryInterval : defaultRetryInterval(interval);
      positive(problems, "retryInterval", retry);
      notNegative(problems, "initialDelay", initialDelay);
      Duration spread = jitter != null ? jitter : defaultJitter(interval);
      notNegative(problems, "jitter", spread);
      checkThresholds(problems);
      Duration stale = staleAfter != null ? staleAfter : interval.multipliedBy(2).plus(deadline);
      positive(problems, "staleAfter", stale);
      checkRelations(problems);
      if (!problems.isEmpty()) {
        throw new InvalidSpecException(name, problems);
      }
      return new CheckSpec(
          name,
          description,
          component,
          tags,
          interval,
          deadline,
          retry,
          initialDelay,
          spread,
          critical,
          enabled,
          failureThreshold,
          successThreshold,
          stale,
          dependsOn,
          flapStartPercent,
          flapStopPercent);
    }

    private void checkNames(List<String> problems) {
      if (!NAME.matcher(name).matches()) {
        problems.add(
            "name: must be letters, digits, '.', '_' or '-', starting with a letter or digit, but"
                + " was '"
                + name
                + "'");
      }
      if (component.isBlank()) {
        problems.add("component: must not be blank");
      }
    }

    private void checkThresholds(List<String> problems) {
      if (failureThreshold < 1) {
        problems.add("failureThreshold: must be at least 1, but was " + failureThreshold);
      }
      if (successThreshold < 1) {
        problems.add("successThreshold: must be at least 1, but was " + successThreshold);
      }
    }

    private void checkRelations(List<String> problems) {
      if (dependsOn.contains(name)) {
        problems.add("dependsOn: a check cannot depend on itself ('" + name + "')");
      }
      if (!(flapStopPercent >= 0
          && flapStopPercent < flapStartPercent
          && flapStartPercent <= 100)) {
        problems.add(
            "flapThresholds: must satisfy 0 <= stop < start <= 100, but were start "
                + flapStartPercent
                + ", stop "
                + flapStopPercent);
      }
    }

    private static Duration defaultTimeout(Duration interval) {
      boolean valid = !interval.isNegative() && !interval.isZero();
      return valid && interval.compareTo(DEFAULT_TIMEOUT) < 0 ? interval : DEFAULT_TIMEOUT;
    }

    private static void atMostInterval(List<String> problems, Duration timeout, Duration interval) {
      boolean valid = !interval.isNegative() && !interval.isZero();
      if (valid && timeout.compareTo(interval) > 0) {
        problems.add(
            "timeout: must be at most interval, but was "
                + Durations.format(timeout)
                + " (interval "
                + Durations.format(interval)
                + ")");
      }
    }

    private static Duration defaultRetryInterval(Duration interval) {
      Duration third = divided(interval, 3);
      return third.compareTo(MIN_RETRY_INTERVAL) < 0 ? MIN_RETRY_INTERVAL : third;
    }

    private static Duration defaultJitter(Duration interval) {
      if (interval.isNegative()) {
        return Duration.ZERO;
      }
      Duration tenth = divided(interval, 10);
      return tenth.compareTo(MAX_DEFAULT_JITTER) > 0 ? MAX_DEFAULT_JITTER : tenth;
    }

    /**
     * {@code d / n}, to the nanosecond, for {@code d >= 0}: {@link Duration#dividedBy(long)} goes
     * through {@code BigDecimal}, whose set-up alone took 20–40 ms of the agent's start.
     */
    static Duration divided(Duration d, int n) {
      long seconds = d.getSeconds();
      return Duration.ofSeconds(seconds / n, ((seconds % n) * 1_000_000_000L + d.getNano()) / n);
    }

    private static void positive(List<String> problems, String field, Duration value) {
      if (value.isNegative() || value.isZero()) {
        problems.add(field + ": must be positive, but was " + Durations.format(value));
      }
      notTooLong(problems, field, value);
    }

    private static void notNegative(List<String> problems, String field, Duration value) {
      if (value.isNegative()) {
        problems.add(field + ": must not be negative, but was " + Durations.format(value));
      }
      notTooLong(problems, field, value);
    }

    private static void notTooLong(List<String> problems, String field, Duration value) {
      if (value.compareTo(MAX_DURATION) > 0) {
        problems.add(field + ": must be at most 365d, but was " + Durations.format(value));
      }
    }
  }
}
