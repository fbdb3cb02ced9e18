package io.vigil.checks.data;

import io.lettuce.core.RedisURI;
import io.vigil.checks.CheckSettings;
import io.vigil.checks.CheckType;
import io.vigil.checks.CheckTypeContext;
import io.vigil.checks.CheckTypeProvider;
import io.vigil.checks.Thresholds;
import io.vigil.core.HealthCheck;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Data store check types: jdbc, redis. */
public final class DataCheckTypes implements CheckTypeProvider {

  /** Default memory limits of Redis, in percent of maxmemory. */
  static final Thresholds REDIS_MEMORY = new Thresholds(80, 95);

  @Override
  public List<CheckType> types(CheckTypeContext context) {
    return List.of(
        CheckType.of(
            "jdbc",
            "connects by JDBC URL, validates or runs a query; PostgreSQL replication lag",
            DataCheckTypes::jdbc),
        CheckType.of(
            "redis",
            "PING, SET/GET/DEL round trip, memory against maxmemory",
            DataCheckTypes::redis));
  }

  static HealthCheck jdbc(CheckSettings s) {
    String url = s.requiredString("url");
    if (!url.isEmpty() && !url.startsWith("jdbc:")) {
      s.problem(
          "url",
          "must be a JDBC URL such as jdbc:postgresql://host:5432/db, but was '" + url + "'");
    }
    Optional<Thresholds> lag = Optional.empty();
    if (s.has("replicationLagWarning") || s.has("replicationLagCritical")) {
      if (!url.startsWith("jdbc:postgresql:")) {
        s.problem(
            "replicationLagWarning", "is only available for PostgreSQL (jdbc:postgresql:...)");
      }
      lag = Optional.of(lagThresholds(s));
    }
    return new JdbcCheck(
        url, s.string("user"), s.string("password"), s.string("query"), s.string("expect"), lag);
  }

  private static Thresholds lagThresholds(CheckSettings s) {
    Duration critical = s.duration("replicationLagCritical", Duration.ofSeconds(60));
    Duration warning =
        s.duration(
            "replicationLagWarning",
            critical.compareTo(Duration.ofSeconds(10)) < 0 ? critical : Duration.ofSeconds(10));
    if (warning.compareTo(critical) > 0) {
      s.problem("replicationLagWarning", "must not be longer than replicationLagCritical");
      warning = critical;
    }
    return new Thresholds(warning.toMillis() / 1000.0, critical.toMillis() / 1000.0);
  }

  static HealthCheck redis(CheckSettings s) {
    String url = s.string("url").orElse("redis://127.0.0.1:6379");
    RedisURI uri = RedisURI.create("redis://127.0.0.1:6379");
    try {
      uri = RedisURI.create(url);
    } catch (IllegalArgumentException e) {
      s.problem(
          "url",
          "must be a Redis URL such as redis://:password@host:6379/0, but was '" + url + "'");
    }
    Optional<Thresholds> memory =
        s.hasThresholds() ? Optional.of(s.percentThresholds(REDIS_MEMORY)) : Optional.empty();
    return new RedisCheck(uri, s.bool("active", true), memory);
  }
}
