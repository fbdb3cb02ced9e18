package io.vigil.store;

import io.vigil.core.Secrets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How to reach the store and how it behaves; immutable, validated on construction. Build one with
 * {@link #sqlite(Path)} or {@link #builder(String)}.
 *
 * @param url the JDBC URL: {@code jdbc:sqlite:/var/lib/vigil/vigil.db} or {@code
 *     jdbc:postgresql://host:5432/db} (PostgreSQL's {@code currentSchema} parameter picks a schema)
 * @param user the database user (PostgreSQL)
 * @param password the database password (PostgreSQL); never logged
 * @param poolSize connections in the PostgreSQL pool (SQLite: one writer and this many readers)
 * @param queueCapacity rows waiting to be written before the oldest are dropped
 * @param batchSize most rows written in one transaction
 * @param flushInterval longest time a row waits before the writer writes it
 * @param connectTimeout longest wait for a connection
 * @param criticalAfter how long writes may fail before the {@code store} check is CRITICAL
 * @param retention how long each kind of row is kept
 * @param trendFactor how many times worse than the 7-day baseline the last hour must be to be
 *     {@code degrading}
 * @param maintenanceInterval how often compaction and retention run
 */
public record StoreConfig(
    String url,
    Optional<String> user,
    Optional<String> password,
    int poolSize,
    int queueCapacity,
    int batchSize,
    Duration flushInterval,
    Duration connectTimeout,
    Duration criticalAfter,
    Retention retention,
    double trendFactor,
    Duration maintenanceInterval) {

  /** Connections in the pool. */
  public static final int DEFAULT_POOL_SIZE = 4;

  /** Rows waiting to be written before the oldest are dropped. */
  public static final int DEFAULT_QUEUE_CAPACITY = 10_000;

  /** Most rows in one write transaction. */
  public static final int DEFAULT_BATCH_SIZE = 500;

  /** Longest a row waits before it is written. */
  public static final Duration DEFAULT_FLUSH_INTERVAL = Duration.ofSeconds(1);

  /** Longest wait for a connection. */
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);

  /** Writes failing this long make the {@code store} check CRITICAL. */
  public static final Duration DEFAULT_CRITICAL_AFTER = Duration.ofSeconds(60);

  /** The last hour is {@code degrading} when twice as bad as the 7-day baseline. */
  public static final double DEFAULT_TREND_FACTOR = 2.0;

  /** Compaction and retention run every 10 minutes. */
  public static final Duration DEFAULT_MAINTENANCE_INTERVAL = Duration.ofMinutes(10);

  /**
   * Validates every setting and reports all problems at once.
   *
   * @throws IllegalArgumentException naming each invalid setting and its value
   */
  public StoreConfig {
    Engine.of(Objects.requireNonNull(url, "url"));
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(password, "password");
    Objects.requireNonNull(retention, "retention");
    List<String> problems = new ArrayList<>();
    positive(problems, "poolSize", poolSize);
    positive(problems, "queueCapacity", queueCapacity);
    positive(problems, "batchSize", batchSize);
    positive(problems, "flushInterval", flushInterval);
    positive(problems, "connectTimeout", connectTimeout);
    positive(problems, "criticalAfter", criticalAfter);
    positive(problems, "maintenanceInterval", maintenanceInterval);
    if (!(trendFactor > 1.0) || Double.isInfinite(trendFactor)) {
      problems.add("store.trendFactor must be greater than 1, but was " + trendFactor);
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("; ", problems));
    }
  }

  /** The defaults with an SQLite file (created with its directory when missing). */
  public static StoreConfig sqlite(Path file) {
    return builder("jdbc:sqlite:" + file.toAbsolutePath()).build();
  }

  /** A builder with the defaults for the given JDBC URL. */
  public static Builder builder(String url) {
    return new Builder(url);
  }

  /** The engine the URL names. */
  public Engine engine() {
    return Engine.of(url);
  }

  /** The URL with any credentials masked, for logs and diagnostics. */
  public String maskedUrl() {
    return Secrets.maskText(url);
  }

  /** Never shows the password; masks credentials in the URL. */
  @Override
  public String toString() {
    return "StoreConfig[url="
        + maskedUrl()
        + ", user="
        + user.orElse("")
        + ", password="
        + (password.isPresent() ? Secrets.MASK : "")
        + ", poolSize="
        + poolSize
        + ", queueCapacity="
        + queueCapacity
        + ", retention="
        + retention
        + "]";
  }

  private static void positive(List<String> problems, String name, int value) {
    if (value < 1) {
      problems.add("store." + name + " must be at least 1, but was " + value);
    }
  }

  private static void positive(List<String> problems, String name, Duration value) {
    if (value == null || value.isNegative() || value.isZero()) {
      problems.add("store." + name + " must be a positive duration, but was " + value);
    }
  }

  /** Builds a {@link StoreConfig}; every setting starts at its default. */
  public static final class Builder {
    private final String url;
    private Optional<String> user = Optional.empty();
    private Optional<String> password = Optional.empty();
    private int poolSize = DEFAULT_POOL_SIZE;
    private int queueCapacity = DEFAULT_QUEUE_CAPACITY;
    private int batchSize = DEFAULT_BATCH_SIZE;
    private Duration flushInterval = DEFAULT_FLUSH_INTERVAL;
    private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
    private Duration criticalAfter = DEFAULT_CRITICAL_AFTER;
    private Retention retention = Retention.defaults();
    private double trendFactor = DEFAULT_TREND_FACTOR;
    private Duration maintenanceInterval = DEFAULT_MAINTENANCE_INTERVAL;

    private Builder(String url) {
      this.url = Objects.requireNonNull(url, "url");
    }

    /** The database user. */
    public Builder user(String value) {
      user = Optional.of(value);
      return this;
    }

    /** The database password. */
    public Builder password(String value) {
      password = Optional.of(value);
      return this;
    }

    /** Connections in the pool (default {@value #DEFAULT_POOL_SIZE}). */
    public Builder poolSize(int value) {
      poolSize = value;
      return this;
    }

    /** Rows waiting before the oldest drop (default {@value #DEFAULT_QUEUE_CAPACITY}). */
    public Builder queueCapacity(int value) {
      queueCapacity = value;
      return this;
    }

    /** Most rows in one transaction (default {@value #DEFAULT_BATCH_SIZE}). */
    public Builder batchSize(int value) {
      batchSize = value;
      return this;
    }

    /** Longest a row waits before it is written (default 1 s). */
    public Builder flushInterval(Duration value) {
      flushInterval = value;
      return this;
    }

    /** Longest wait for a connection (default 5 s). */
    public Builder connectTimeout(Duration value) {
      connectTimeout = value;
      return this;
    }

    /** Writes failing this long make the {@code store} check CRITICAL (default 60 s). */
    public Builder criticalAfter(Duration value) {
      criticalAfter = value;
      return this;
    }

    /** How long each kind of row is kept (default {@link Retention#defaults()}). */
    public Builder retention(Retention value) {
      retention = value;
      return this;
    }

    /** How much worse than the baseline is {@code degrading} (default 2.0). */
    public Builder trendFactor(double value) {
      trendFactor = value;
      return this;
    }

    /** How often compaction and retention run (default 10 min). */
    public Builder maintenanceInterval(Duration value) {
      maintenanceInterval = value;
      return this;
    }

    /**
     * Builds the configuration.
     *
     * @throws IllegalArgumentException naming each invalid setting
     */
    public StoreConfig build() {
      return new StoreConfig(
          url,
          user,
          password,
          poolSize,
          queueCapacity,
          batchSize,
          flushInterval,
          connectTimeout,
          criticalAfter,
          retention,
          trendFactor,
          maintenanceInterval);
    }
  }
}
