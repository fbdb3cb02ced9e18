package io.vigil.store.internal;

import io.vigil.core.Ticker;
import io.vigil.store.outbox.SilenceRow;
import io.vigil.store.outbox.Silences;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The {@link Silences} on plain JDBC; every write is synchronous. */
final class JdbcSilences implements Silences {

  private final Database db;
  private final Ticker ticker;

  JdbcSilences(Database db, Ticker ticker) {
    this.db = db;
    this.ticker = ticker;
  }

  @Override
  public void save(SilenceRow s) {
    JdbcOutbox.call(
        "save a silence",
        () ->
            db.write(
                c -> {
                  try (PreparedStatement ps =
                      c.prepareStatement(
                          "INSERT INTO alert_silences (id, matchers, starts_ms, ends_ms,"
                              + " created_by, comment, updated_ms) VALUES (?, ?, ?, ?, ?, ?, ?)"
                              + " ON CONFLICT (id) DO UPDATE SET matchers = excluded.matchers,"
                              + " starts_ms = excluded.starts_ms, ends_ms = excluded.ends_ms,"
                              + " created_by = excluded.created_by, comment = excluded.comment,"
                              + " updated_ms = excluded.updated_ms")) {
                    ps.setString(1, s.id());
                    ps.setString(2, s.matchers());
                    ps.setLong(3, s.startsAt().toEpochMilli());
                    ps.setLong(4, s.endsAt().toEpochMilli());
                    ps.setString(5, s.createdBy());
                    ps.setString(6, s.comment());
                    ps.setLong(7, ticker.wallTime().toEpochMilli());
                    return ps.executeUpdate();
                  }
                }));
  }

  @Override
  public List<SilenceRow> all() {
    return JdbcOutbox.call(
        "read silences",
        () ->
            db.read(
                c -> {
                  List<SilenceRow> out = new ArrayList<>();
                  try (PreparedStatement ps =
                          c.prepareStatement(
                              "SELECT id, matchers, starts_ms, ends_ms, created_by, comment FROM"
                                  + " alert_silences ORDER BY starts_ms, id");
                      ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                      out.add(
                          new SilenceRow(
                              rs.getString(1),
                              rs.getString(2),
                              Instant.ofEpochMilli(rs.getLong(3)),
                              Instant.ofEpochMilli(rs.getLong(4)),
                              rs.getString(5),
                              rs.getString(6)));
                    }
                  }
                  return out;
                }));
  }

  @Override
  public int purge(Instant before) {
    return JdbcOutbox.call(
        "purge silences",
        () ->
            db.write(
                c -> {
                  try (PreparedStatement ps =
                      c.prepareStatement("DELETE FROM alert_silences WHERE ends_ms < ?")) {
                    ps.setLong(1, before.toEpochMilli());
                    return ps.executeUpdate();
                  }
                }));
  }
}
