package io.vigil.store.internal;

import java.sql.Connection;
import java.sql.SQLException;

/** Work done on one connection, inside a transaction for writes. */
@FunctionalInterface
interface SqlWork<T> {

  /** Does the work; the connection is closed (returned to its pool) afterwards. */
  T run(Connection connection) throws SQLException;
}
