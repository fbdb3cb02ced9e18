package io.vigil.store;

import java.util.Locale;

/** The database behind a store, chosen by the JDBC URL. */
public enum Engine {
  /** Embedded SQLite in one file ({@code jdbc:sqlite:/path/to/vigil.db}): nothing to install. */
  SQLITE,
  /** PostgreSQL ({@code jdbc:postgresql://host:5432/db}): shared by a fleet of agents. */
  POSTGRESQL;

  /**
   * The engine a JDBC URL names.
   *
   * @throws IllegalArgumentException for any other URL (the message never repeats the URL, which
   *     may hold a password)
   */
  public static Engine of(String jdbcUrl) {
    String url = jdbcUrl.toLowerCase(Locale.ROOT);
    if (url.startsWith("jdbc:sqlite:")) {
      return SQLITE;
    }
    if (url.startsWith("jdbc:postgresql:")) {
      return POSTGRESQL;
    }
    throw new IllegalArgumentException(
        "store url: must start with jdbc:sqlite: or jdbc:postgresql:, but started with '"
            + url.substring(0, Math.min(url.length(), url.indexOf(':', 5) + 1))
            + "'");
  }

  /** The lower-case name used in logs, docs and migration folders. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }
}
