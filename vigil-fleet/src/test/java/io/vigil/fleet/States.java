package io.vigil.fleet;

import java.time.Instant;

/** Check states for tests. */
final class States {

  private States() {}

  static CheckState of(String check, String status, int failures, Instant at) {
    return new CheckState(
        check,
        0,
        0,
        "",
        status,
        "hard",
        failures,
        0,
        false,
        true,
        "db",
        "msg " + status,
        12,
        at,
        at,
        null);
  }
}
