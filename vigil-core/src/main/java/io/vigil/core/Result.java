package io.vigil.core;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The immutable outcome of one check run.
 *
 * <p>Checks build results with the named factories ({@link #ok(String)}, {@link #warning(String)},
 * {@link #critical(Throwable)}, ...) and add measured values with {@link #withDetail(String,
 * Object)}. The engine stamps {@link #latency()} and {@link #timestamp()} after the run, so a check
 * need not set them.
 *
 * @param status the outcome
 * @param message one line for people, never null (may be empty)
 * @param details measured values, unmodifiable, in insertion order
 * @param latency how long the run took ({@link Duration#ZERO} until the engine stamps it)
 * @param timestamp when the run finished ({@link Instant#EPOCH} until the engine stamps it)
 * @param error the error's class and message when the run failed with an exception
 */
public record Result(
    Status status,
    String message,
    Map<String, Object> details,
    Duration latency,
    Instant timestamp,
    Optional<String> error) {

  /** Validates and copies the details into an unmodifiable map. */
  public Result {
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(latency, "latency");
    Objects.requireNonNull(timestamp, "timestamp");
    Objects.requireNonNull(error, "error");
    details =
        details.isEmpty() ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(details));
  }

  /** A result with the given status and message. */
  public static Result of(Status status, String message) {
    return new Result(status, message, Map.of(), Duration.ZERO, Instant.EPOCH, Optional.empty());
  }

  /** An {@link Status#OK} result with an empty message. */
  public static Result ok() {
    return of(Status.OK, "");
  }

  /** An {@link Status#OK} result. */
  public static Result ok(String message) {
    return of(Status.OK, message);
  }

  /** A {@link Status#WARNING} result. */
  public static Result warning(String message) {
    return of(Status.WARNING, message);
  }

  /** A {@link Status#CRITICAL} result. */
  public static Result critical(String message) {
    return of(Status.CRITICAL, message);
  }

  /** A {@link Status#CRITICAL} result naming the error's class and message. */
  public static Result critical(Throwable error) {
    String described = describe(error);
    return new Result(
        Status.CRITICAL, described, Map.of(), Duration.ZERO, Instant.EPOCH, Optional.of(described));
  }

  /** A {@link Status#CRITICAL} result with a message and the error that caused it. */
  public static Result critical(String message, Throwable error) {
    return new Result(
        Status.CRITICAL,
        message,
        Map.of(),
        Duration.ZERO,
        Instant.EPOCH,
        Optional.of(describe(error)));
  }

  /** An {@link Status#UNKNOWN} result. */
  public static Result unknown(String message) {
    return of(Status.UNKNOWN, message);
  }

  /** This result with one more detail (replacing a detail of the same key). */
  public Result withDetail(String key, Object value) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    Map<String, Object> copy = new LinkedHashMap<>(details);
    copy.put(key, value);
    return new Result(status, message, copy, latency, timestamp, error);
  }

  /** This result with more details (replacing details of the same keys). */
  public Result withDetails(Map<String, ?> more) {
    Map<String, Object> copy = new LinkedHashMap<>(details);
    copy.putAll(more);
    return new Result(status, message, copy, latency, timestamp, error);
  }

  /** This result with another message. */
  public Result withMessage(String newMessage) {
    return new Result(status, newMessage, details, latency, timestamp, error);
  }

  /** This result stamped with the run's latency and finish time; used by the engine. */
  public Result stamped(Duration runLatency, Instant finishedAt) {
    return new Result(status, message, details, runLatency, finishedAt, error);
  }

  /** {@code "ClassName: message"}, or just the class name when there is no message. */
  static String describe(Throwable error) {
    String name = error.getClass().getSimpleName();
    if (name.isEmpty()) {
      name = error.getClass().getName();
    }
    String text = error.getMessage();
    return text == null || text.isBlank() ? name : name + ": " + text;
  }
}
