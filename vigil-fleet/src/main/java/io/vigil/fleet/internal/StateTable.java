package io.vigil.fleet.internal;

import io.vigil.fleet.CheckState;
import io.vigil.fleet.CheckStates;
import io.vigil.fleet.FleetConfig;
import io.vigil.fleet.FleetException;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@link CheckStates} on {@code fleet_check_state}: a write is one {@code INSERT ... SELECT FROM
 * unnest(...)} joined to the partitions on (partition, epoch, owner, live lease), so rows of a
 * stale writer match nothing; an upsert never replaces a row of a later epoch.
 */
public final class StateTable implements CheckStates {

  private static final String COLUMNS =
      "check_name, partition, epoch, owner, status, state_type, consecutive_failures,"
          + " consecutive_successes, flapping, critical, component, message, latency_ms,"
          + " result_at, last_change, written_at";

  private static final String WRITE =
      "INSERT INTO fleet_check_state (fleet, "
          + COLUMNS
          + ") SELECT ?, v.n, v.p, v.e, ?, v.st, v.ty, v.cf, v.cs, v.fl, v.cr, v.co, v.me, v.la,"
          + " timestamptz 'epoch' + v.ra * interval '1 microsecond',"
          + " timestamptz 'epoch' + v.lc * interval '1 microsecond', now()"
          + " FROM unnest(?::text[], ?::int[], ?::bigint[], ?::text[], ?::text[], ?::int[],"
          + " ?::int[], ?::bool[], ?::bool[], ?::text[], ?::text[], ?::bigint[], ?::bigint[],"
          + " ?::bigint[]) AS v(n, p, e, st, ty, cf, cs, fl, cr, co, me, la, ra, lc)"
          + " JOIN fleet_partitions f ON f.fleet = ? AND f.partition = v.p AND f.epoch = v.e"
          + " AND f.owner = ? AND f.expires_at > now()"
          + " ON CONFLICT (fleet, check_name) DO UPDATE SET partition = EXCLUDED.partition,"
          + " epoch = EXCLUDED.epoch, owner = EXCLUDED.owner, status = EXCLUDED.status,"
          + " state_type = EXCLUDED.state_type,"
          + " consecutive_failures = EXCLUDED.consecutive_failures,"
          + " consecutive_successes = EXCLUDED.consecutive_successes,"
          + " flapping = EXCLUDED.flapping, critical = EXCLUDED.critical,"
          + " component = EXCLUDED.component, message = EXCLUDED.message,"
          + " latency_ms = EXCLUDED.latency_ms, result_at = EXCLUDED.result_at,"
          + " last_change = EXCLUDED.last_change, written_at = EXCLUDED.written_at"
          + " WHERE fleet_check_state.epoch <= EXCLUDED.epoch";

  private final Db db;
  private final FleetConfig config;
  private final Owned owned;
  private final Weights placement;
  private final AtomicLong stale = new AtomicLong();

  public StateTable(Db db, FleetConfig config, Owned owned, Weights placement) {
    this.placement = placement;
    this.db = db;
    this.config = config;
    this.owned = owned;
  }

  /** States not written because the writer's epoch was not current. */
  public long staleWritesRefused() {
    return stale.get();
  }

  @Override
  public int write(List<CheckState> states) {
    Map<String, CheckState> byCheck = new LinkedHashMap<>();
    states.forEach(s -> byCheck.put(s.check(), s));
    Map<Integer, Long> epochs = owned.epochs();
    List<CheckState> rows = new ArrayList<>();
    for (CheckState s : byCheck.values()) {
      int p = placement.partitionOf(s.check());
      Long epoch = epochs.get(p);
      if (epoch != null) {
        rows.add(withLease(s, p, epoch));
      }
    }
    int written = 0;
    if (!rows.isEmpty()) {
      try {
        written = db.tx(c -> upsert(c, rows));
      } catch (SQLException | RuntimeException e) {
        throw new FleetException("fleet store unreachable: " + Db.describe(e), e);
      }
    }
    stale.addAndGet(byCheck.size() - written);
    return written;
  }

  private CheckState withLease(CheckState s, int partition, long epoch) {
    return new CheckState(
        s.check(),
        partition,
        epoch,
        config.agentId(),
        s.status(),
        s.stateType(),
        s.consecutiveFailures(),
        s.consecutiveSuccesses(),
        s.flapping(),
        s.critical(),
        s.component(),
        s.message(),
        s.latencyMs(),
        s.resultAt(),
        s.lastChange(),
        null);
  }

  private int upsert(Connection c, List<CheckState> rows) throws SQLException {
    int n = rows.size();
    Object[][] cols = new Object[14][n];
    for (int i = 0; i < n; i++) {
      CheckState s = rows.get(i);
      Object[] v = {
        s.check(),
        s.partition(),
        s.epoch(),
        s.status(),
        s.stateType(),
        s.consecutiveFailures(),
        s.consecutiveSuccesses(),
        s.flapping(),
        s.critical(),
        s.component(),
        s.message(),
        s.latencyMs(),
        micros(s.resultAt()),
        micros(s.lastChange())
      };
      for (int k = 0; k < v.length; k++) {
        cols[k][i] = v[k];
      }
    }
    String[] types = {
      "text", "int4", "int8", "text", "text", "int4", "int4", "bool", "bool", "text", "text",
      "int8", "int8", "int8"
    };
    try (PreparedStatement s = c.prepareStatement(WRITE)) {
      s.setString(1, config.name());
      s.setString(2, config.agentId());
      for (int k = 0; k < types.length; k++) {
        Array a = c.createArrayOf(types[k], cols[k]);
        s.setArray(3 + k, a);
      }
      s.setString(17, config.name());
      s.setString(18, config.agentId());
      return s.executeUpdate();
    }
  }

  private static Long micros(Instant t) {
    return t == null
        ? null
        : Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1000L);
  }

  @Override
  public Optional<CheckState> read(String check) {
    List<CheckState> found = select(" AND check_name = ?", check);
    return found.isEmpty() ? Optional.empty() : Optional.of(found.getFirst());
  }

  @Override
  public List<CheckState> all() {
    return select("", null);
  }

  private List<CheckState> select(String where, String check) {
    try {
      return db.read(
          c -> {
            try (PreparedStatement s =
                c.prepareStatement(
                    "SELECT "
                        + COLUMNS
                        + " FROM fleet_check_state WHERE fleet = ?"
                        + where
                        + " ORDER BY check_name")) {
              s.setString(1, config.name());
              if (check != null) {
                s.setString(2, check);
              }
              List<CheckState> result = new ArrayList<>();
              try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                  result.add(row(rs));
                }
              }
              return List.copyOf(result);
            }
          });
    } catch (SQLException | RuntimeException e) {
      throw new FleetException("fleet store unreachable: " + Db.describe(e), e);
    }
  }

  private static CheckState row(ResultSet rs) throws SQLException {
    return new CheckState(
        rs.getString(1),
        rs.getInt(2),
        rs.getLong(3),
        rs.getString(4),
        rs.getString(5),
        rs.getString(6),
        rs.getInt(7),
        rs.getInt(8),
        rs.getBoolean(9),
        rs.getBoolean(10),
        rs.getString(11),
        rs.getString(12),
        rs.getLong(13),
        instant(rs, 14),
        instant(rs, 15),
        instant(rs, 16));
  }

  private static Instant instant(ResultSet rs, int column) throws SQLException {
    OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
    return t == null ? null : t.toInstant();
  }
}
