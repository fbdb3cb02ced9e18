package io.vigil.agent.config;

import io.vigil.checks.CheckSettings;
import io.vigil.core.Durations;
import io.vigil.store.Retention;
import io.vigil.store.StoreConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** The {@code store} section: where history and the task queue are kept. */
final class StoreFields {

  /** The store's file in the data directory, when no URL is given. */
  static final String DEFAULT_FILE = "vigil.db";

  private static final Retention RETENTION = Retention.defaults();

  /** The {@code store} section. */
  static final Section<Draft> STORE =
      new Section<>(
          "store",
          List.of(
              new Field<>(
                  "enabled",
                  "true/false",
                  "`true`",
                  "`false`: no store; history only in memory, no task API",
                  (s, d) -> d.enabled = s.bool("enabled", d.enabled)),
              new Field<>(
                  "url",
                  "text",
                  "`jdbc:sqlite:` + the data directory + `/" + DEFAULT_FILE + "`",
                  "JDBC URL: `jdbc:sqlite:FILE` (embedded, nothing to install) or"
                      + " `jdbc:postgresql://HOST:PORT/DB` (a fleet)",
                  StoreFields::url),
              new Field<>(
                  "user",
                  "text",
                  "none",
                  "database user (PostgreSQL)",
                  (s, d) -> d.user = s.string("user")),
              new Field<>(
                  "password",
                  "text",
                  "none",
                  "database password (PostgreSQL); masked in logs and `/diagnostics`",
                  (s, d) -> d.password = s.string("password")),
              new Field<>(
                  "worker",
                  "true/false",
                  "`true`",
                  "`vigil run` also executes queued tasks (`vigil worker` runs only that)",
                  (s, d) -> d.worker = s.bool("worker", d.worker)),
              new Field<>(
                  "poolSize",
                  "whole number ≥ 1",
                  "`" + StoreConfig.DEFAULT_POOL_SIZE + "`",
                  "database connections (SQLite: read connections; one writer)",
                  (s, d) -> d.poolSize = s.integer("poolSize", d.poolSize, 1)),
              new Field<>(
                  "queueCapacity",
                  "whole number ≥ 1",
                  "`" + StoreConfig.DEFAULT_QUEUE_CAPACITY + "`",
                  "history rows waiting to be written; when full the oldest are dropped, counted",
                  (s, d) -> d.queueCapacity = s.integer("queueCapacity", d.queueCapacity, 1)),
              new Field<>(
                  "criticalAfter",
                  "duration",
                  "`" + Durations.format(StoreConfig.DEFAULT_CRITICAL_AFTER) + "`",
                  "the `store` check is CRITICAL when writes (or, while idle, probes of the"
                      + " database) have failed this long, WARNING before; it runs every half of"
                      + " this, within 1s and 10s",
                  (s, d) -> d.criticalAfter = positive(s, "criticalAfter", d.criticalAfter)),
              new Field<>(
                  "trendFactor",
                  "number",
                  "`" + StoreConfig.DEFAULT_TREND_FACTOR + "`",
                  "a check is `degrading` when its last hour's p95 latency or failure rate is"
                      + " this many times its 7-day baseline",
                  StoreFields::trendFactor),
              new Field<>(
                  "retention",
                  "mapping of durations",
                  "`{transitions: "
                      + Durations.format(RETENTION.transitions())
                      + ", minutes: "
                      + Durations.format(RETENTION.minutes())
                      + ", hours: "
                      + Durations.format(RETENTION.hours())
                      + ", days: "
                      + Durations.format(RETENTION.days())
                      + ", tasks: "
                      + Durations.format(RETENTION.tasks())
                      + "}`",
                  "how long each level is kept: raw transitions; per-minute rollups (then"
                      + " compacted to hourly), hourly (then daily), daily; finished tasks",
                  StoreFields::retention)));

  private StoreFields() {}

  private static void url(CheckSettings s, Draft d) {
    s.string("url")
        .ifPresent(
            url -> {
              if (url.startsWith("jdbc:sqlite:") || url.startsWith("jdbc:postgresql:")) {
                d.url = Optional.of(url);
              } else {
                int colon = url.indexOf(':', url.startsWith("jdbc:") ? 5 : 0);
                String scheme = colon < 0 ? "none" : url.substring(0, colon + 1);
                s.problem(
                    "url",
                    "must be a jdbc:sqlite: or jdbc:postgresql: URL, but the scheme was '"
                        + scheme
                        + "'");
              }
            });
  }

  private static void trendFactor(CheckSettings s, Draft d) {
    double value = s.number("trendFactor", d.trendFactor);
    if (!(value > 1.0) || Double.isInfinite(value)) {
      s.problem("trendFactor", "must be greater than 1, but was " + value);
      return;
    }
    d.trendFactor = value;
  }

  private static void retention(CheckSettings s, Draft d) {
    s.nested("retention")
        .ifPresent(
            r ->
                d.retention =
                    new Retention(
                        positive(r, "transitions", d.retention.transitions()),
                        positive(r, "minutes", d.retention.minutes()),
                        positive(r, "hours", d.retention.hours()),
                        positive(r, "days", d.retention.days()),
                        positive(r, "tasks", d.retention.tasks())));
  }

  private static Duration positive(CheckSettings s, String key, Duration fallback) {
    Duration value = s.duration(key, fallback);
    if (value.isZero() || value.isNegative()) {
      s.problem(key, "must be longer than 0s, but was " + Durations.format(value));
      return fallback;
    }
    return value;
  }

  /** The section being read; the default URL is the data directory's {@value #DEFAULT_FILE}. */
  static final class Draft {
    private final Path directory;
    private boolean enabled = true;
    private Optional<String> url = Optional.empty();
    private Optional<String> user = Optional.empty();
    private Optional<String> password = Optional.empty();
    private boolean worker = true;
    private int poolSize = StoreConfig.DEFAULT_POOL_SIZE;
    private int queueCapacity = StoreConfig.DEFAULT_QUEUE_CAPACITY;
    private Duration criticalAfter = StoreConfig.DEFAULT_CRITICAL_AFTER;
    private double trendFactor = StoreConfig.DEFAULT_TREND_FACTOR;
    private Retention retention = RETENTION;

    Draft(Path directory) {
      this.directory = directory;
    }

    /** The settings; problems the store's own validation finds are recorded in {@code s}. */
    StoreSettings settings(CheckSettings s) {
      if (!enabled) {
        return StoreSettings.disabled();
      }
      String jdbc = url.orElse("jdbc:sqlite:" + directory.resolve(DEFAULT_FILE));
      try {
        StoreConfig.Builder b =
            StoreConfig.builder(jdbc)
                .poolSize(poolSize)
                .queueCapacity(queueCapacity)
                .criticalAfter(criticalAfter)
                .trendFactor(trendFactor)
                .retention(retention);
        user.ifPresent(b::user);
        password.ifPresent(b::password);
        return new StoreSettings(Optional.of(b.build()), worker);
      } catch (IllegalArgumentException e) {
        s.problem("url", String.valueOf(e.getMessage()));
        return StoreSettings.disabled();
      }
    }
  }
}
