package io.vigil.fleet;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One agent's settings in a fleet. Invalid values throw {@link IllegalArgumentException} naming
 * every invalid field and what is allowed: {@code fleet.ttl: must be more than fleet.safetyMargin
 * (2s), but was 1s}.
 *
 * @param name the fleet's name: agents of the same name share the checks; 1 to 128 letters, digits,
 *     {@code . _ -}
 * @param agentId this agent's id, unique in the fleet (a host name, say); same characters
 * @param address where peers and people reach this agent, shown in {@link Fleet#agents()}
 * @param version this agent's version, shown in {@link Fleet#agents()}
 * @param ttl how long a lease lives after its renewal, by PostgreSQL's clock
 * @param renewEvery how often the agent renews its lease and rebalances partitions
 * @param safetyMargin how long before the lease can expire the agent stops acting (local monotonic
 *     time since the start of the last successful renewal {@code >= ttl - safetyMargin})
 * @param partitions how many partitions the checks are split into; the same for every agent of the
 *     fleet
 */
public record FleetConfig(
    String name,
    String agentId,
    String address,
    String version,
    Duration ttl,
    Duration renewEvery,
    Duration safetyMargin,
    int partitions) {

  /** A lease lives 10 s after its renewal. */
  public static final Duration DEFAULT_TTL = Duration.ofSeconds(10);

  /** Leases are renewed every 3 s. */
  public static final Duration DEFAULT_RENEW_EVERY = Duration.ofSeconds(3);

  /** An agent stops acting 2 s before its lease can expire. */
  public static final Duration DEFAULT_SAFETY_MARGIN = Duration.ofSeconds(2);

  /** Checks are split into 1,024 partitions. */
  public static final int DEFAULT_PARTITIONS = 1024;

  /** The largest number of partitions. */
  public static final int MAX_PARTITIONS = 65536;

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,128}");

  /** Validates every field and reports all problems at once. */
  public FleetConfig {
    List<String> problems = new ArrayList<>();
    name(problems, "fleet.name", name);
    name(problems, "fleet.agentId", agentId);
    if (address == null || address.length() > 255) {
      problems.add("fleet.address: required, at most 255 characters");
    }
    if (version == null || version.length() > 128) {
      problems.add("fleet.version: required, at most 128 characters");
    }
    boolean durations =
        positive(problems, "fleet.ttl", ttl)
            & positive(problems, "fleet.renewEvery", renewEvery)
            & positive(problems, "fleet.safetyMargin", safetyMargin);
    if (durations) {
      if (safetyMargin.compareTo(ttl) >= 0) {
        problems.add(
            "fleet.safetyMargin: must be less than fleet.ttl ("
                + text(ttl)
                + "), but was "
                + text(safetyMargin));
      } else if (renewEvery.compareTo(ttl.minus(safetyMargin)) >= 0) {
        problems.add(
            "fleet.renewEvery: must be less than fleet.ttl - fleet.safetyMargin ("
                + text(ttl.minus(safetyMargin))
                + "), but was "
                + text(renewEvery));
      }
    }
    if (partitions < 1 || partitions > MAX_PARTITIONS) {
      problems.add("fleet.partitions: must be 1 to " + MAX_PARTITIONS + ", but was " + partitions);
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("; ", problems));
    }
  }

  /** The defaults: a 10 s lease renewed every 3 s, 2 s of margin, 1,024 partitions. */
  public static FleetConfig of(String name, String agentId, String address, String version) {
    return new FleetConfig(
        name,
        agentId,
        address,
        version,
        DEFAULT_TTL,
        DEFAULT_RENEW_EVERY,
        DEFAULT_SAFETY_MARGIN,
        DEFAULT_PARTITIONS);
  }

  /** A copy with other lease timings (tests use short ones). */
  public FleetConfig withTimings(Duration ttl, Duration renewEvery, Duration safetyMargin) {
    return new FleetConfig(
        name, agentId, address, version, ttl, renewEvery, safetyMargin, partitions);
  }

  /** A copy with another number of partitions. */
  public FleetConfig withPartitions(int partitions) {
    return new FleetConfig(
        name, agentId, address, version, ttl, renewEvery, safetyMargin, partitions);
  }

  private static void name(List<String> problems, String field, String value) {
    if (value == null || !NAME.matcher(value).matches()) {
      problems.add(
          field
              + ": must be 1 to 128 letters, digits, '.', '_' or '-', but was "
              + (value == null ? "null" : "'" + value + "'"));
    }
  }

  private static boolean positive(List<String> problems, String field, Duration value) {
    if (value == null || value.isNegative() || value.isZero()) {
      problems.add(field + ": must be a positive duration, but was " + value);
      return false;
    }
    return true;
  }

  private static String text(Duration d) {
    return d.toString().substring(2).toLowerCase(java.util.Locale.ROOT);
  }
}
