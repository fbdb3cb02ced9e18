package io.vigil.agent.config;

import static io.vigil.core.CheckSpec.DEFAULT_FAILURE_THRESHOLD;
import static io.vigil.core.CheckSpec.DEFAULT_SUCCESS_THRESHOLD;

import io.vigil.checks.CheckSettings;
import io.vigil.checks.Thresholds;
import io.vigil.core.CheckSpec;
import io.vigil.core.Durations;
import java.time.Duration;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The fields every check has (schedule, judging, grouping) and the {@code defaults} section, which
 * takes the ones marked as defaultable. A check type reads its own fields from the same settings.
 */
final class CheckFields {

  /** A check field, and whether {@code defaults} may set it for every check. */
  private record Entry(Field<SpecDraft> field, boolean inDefaults) {}

  /** What the check is and how it is grouped. */
  private static final List<Entry> IDENTITY =
      List.of(
          own(
              "name",
              "text",
              "required",
              "unique; 1 to 128 letters, digits, `.`, `_`, `-`, starting with a letter or digit",
              SpecDraft::readName),
          own("type", "text", "required", "one of the types below", SpecDraft::readType),
          own(
              "description",
              "text",
              "none",
              "free text",
              (s, d) -> s.string("description").ifPresent(v -> d.set(b -> b.description(v)))),
          shared(
              "component",
              "text",
              code(CheckSpec.DEFAULT_COMPONENT),
              "groups checks in `/health/components`",
              (s, d) -> s.string("component").ifPresent(v -> d.set(b -> b.component(v)))),
          own(
              "tags",
              "list of texts",
              "`[]`",
              "groups for `/health/group/{tag}`",
              (s, d) -> {
                List<String> tags = s.strings("tags");
                d.set(b -> b.tags(tags));
              }),
          own(
              "dependsOn",
              "list of names",
              "`[]`",
              "names of checks this one depends on; unknown names and cycles are errors",
              (s, d) -> {
                List<String> names = s.strings("dependsOn");
                d.set(b -> b.dependsOn(names));
              }),
          own(
              "alert",
              "mapping",
              "none",
              "this check's alerts: `severity` (`info`, `warning`, `critical`) instead of the"
                  + " derived one, `runbook` (a URL in their annotations); see"
                  + " [alerts.md](alerts.md)",
              (s, d) -> {}), // read by CheckList with the check (AlertFields.check)
          own(
              "scope",
              "`fleet` or `every-agent`",
              "`fleet`",
              "with a `fleet:` section: `fleet` runs the check on one agent of the fleet (its"
                  + " partition's owner), `every-agent` on each agent (the agent's own host);"
                  + " without one, every check runs here",
              (s, d) -> {}), // read by CheckList with the check (CheckList.scope)
          own(
              "enabled",
              "true/false",
              "`true`",
              "disabled checks neither run nor count",
              (s, d) -> {
                boolean enabled = s.bool("enabled", true);
                d.set(b -> b.enabled(enabled));
              }));

  /** When it runs. */
  private static final List<Entry> SCHEDULE =
      List.of(
          shared(
              "interval",
              "duration",
              code(Durations.format(CheckSpec.DEFAULT_INTERVAL)),
              "time between runs while OK",
              SpecDraft::readInterval),
          shared(
              "timeout",
              "duration",
              code(Durations.format(CheckSpec.DEFAULT_TIMEOUT)),
              "deadline of a run: it is interrupted and recorded CRITICAL \"timed out after 10s\";"
                  + " longer than the interval, it is clamped to it with a warning",
              SpecDraft::readTimeout),
          shared(
              "retryInterval",
              "duration",
              "interval / 3, at least 1s",
              "time between runs while failing softly or recovering",
              optionalDuration(
                  "retryInterval", SpecDraft::interval, CheckSpec.Builder::retryInterval)),
          shared(
              "initialDelay",
              "duration",
              "`0s`",
              "wait before the first run",
              optionalDuration(
                  "initialDelay", d -> Duration.ZERO, CheckSpec.Builder::initialDelay)),
          shared(
              "jitter",
              "duration",
              "interval / 10, at most 5s",
              "spreads the runs: above 0, each check runs at a fixed phase of its interval (checks"
                  + " spread evenly across it, never drifting into bursts) plus a random delay in"
                  + " [0, jitter); `0s` runs exactly one interval after the previous start. First"
                  + " runs come at start, at most 4,000 a second; at most the interval",
              SpecDraft::readJitter),
          shared(
              "staleAfter",
              "duration",
              "2 × interval + timeout",
              "with no result for this long the check is UNKNOWN; longer than the interval",
              SpecDraft::readStaleAfter));

  /** How its results are judged. */
  private static final List<Entry> JUDGING =
      List.of(
          shared(
              "critical",
              "true/false",
              "`false`",
              "`true`: a hard failure makes the node UNHEALTHY (503); else DEGRADED (200)",
              CheckFields::critical),
          shared(
              "failureThreshold",
              "whole number ≥ 1",
              code(String.valueOf(DEFAULT_FAILURE_THRESHOLD)),
              "consecutive failures before a failure is hard",
              (s, d) -> {
                int value = s.integer("failureThreshold", DEFAULT_FAILURE_THRESHOLD, 1);
                d.set(b -> b.failureThreshold(value));
              }),
          shared(
              "successThreshold",
              "whole number ≥ 1",
              code(String.valueOf(DEFAULT_SUCCESS_THRESHOLD)),
              "consecutive successes before a hard failure clears",
              (s, d) -> {
                int value = s.integer("successThreshold", DEFAULT_SUCCESS_THRESHOLD, 1);
                d.set(b -> b.successThreshold(value));
              }),
          shared(
              "flapStart",
              "percentage",
              percent(CheckSpec.DEFAULT_FLAP_START_PERCENT),
              "flapping starts above this weighted state change",
              SpecDraft::readFlapStart),
          shared(
              "flapStop",
              "percentage",
              percent(CheckSpec.DEFAULT_FLAP_STOP_PERCENT),
              "flapping stops below this weighted state change",
              SpecDraft::readFlapStop));

  private static final List<Entry> ENTRIES =
      Stream.of(IDENTITY, SCHEDULE, JUDGING).flatMap(List::stream).toList();

  /** The fields of every check ({@code checks[]}). */
  static final Section<SpecDraft> CHECK =
      new Section<>("checks[]", ENTRIES.stream().map(Entry::field).toList());

  /** The {@code defaults} section: the defaultable check fields, applied to every check. */
  static final Section<SpecDraft> DEFAULTS =
      new Section<>(
          "defaults", ENTRIES.stream().filter(Entry::inDefaults).map(Entry::field).toList());

  private CheckFields() {}

  private static Entry own(
      String name,
      String type,
      String defaultValue,
      String meaning,
      BiConsumer<CheckSettings, SpecDraft> read) {
    return new Entry(new Field<>(name, type, defaultValue, meaning, read), false);
  }

  private static Entry shared(
      String name,
      String type,
      String defaultValue,
      String meaning,
      BiConsumer<CheckSettings, SpecDraft> read) {
    return new Entry(new Field<>(name, type, defaultValue, meaning, read), true);
  }

  /** A duration set only when present; a bad one falls back to {@code fallback} (and fails). */
  private static BiConsumer<CheckSettings, SpecDraft> optionalDuration(
      String key,
      Function<SpecDraft, Duration> fallback,
      BiConsumer<CheckSpec.Builder, Duration> setter) {
    return (s, d) -> {
      if (s.has(key)) {
        Duration value = s.duration(key, fallback.apply(d));
        d.set(b -> setter.accept(b, value));
      }
    };
  }

  /** {@code critical: true} marks the check critical; {@code critical: 95%} is its type's. */
  private static void critical(CheckSettings s, SpecDraft d) {
    if (s.isFlag("critical")) {
      boolean value = s.bool("critical", false);
      d.set(b -> b.critical(value));
    }
  }

  private static String code(String value) {
    return "`" + value + "`";
  }

  private static String percent(double value) {
    return code(Thresholds.format(value) + "%");
  }
}
