package io.vigil.fleet.internal;

import java.sql.Connection;
import java.sql.SQLException;

/** Work on a connection. */
@FunctionalInterface
public interface SqlWork<T> {

  /** Runs on the connection. */
  T run(Connection c) throws SQLException;
}
