package io.vigil.store.testing;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** Reads rows straight from a test database, for assertions. */
public final class Rows {

  private Rows() {}

  /** The first column of every row of the query, as strings. */
  public static List<String> column(TestDatabase db, String sql) {
    try (Connection c = db.connect();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      List<String> out = new ArrayList<>();
      while (rs.next()) {
        out.add(rs.getString(1));
      }
      return out;
    } catch (SQLException e) {
      throw new AssertionError(sql + ": " + e.getMessage(), e);
    }
  }

  /** A count query's result. */
  public static long count(TestDatabase db, String sql) {
    return Long.parseLong(column(db, sql).getFirst());
  }
}
