package io.vigil.checks;

/**
 * What the application running the checks gives to check types when they are loaded: the state it
 * shares with them. Each application (each agent) has its own; nothing is global.
 *
 * @param heartbeats where beats pushed to this application arrive, for {@code heartbeat} checks
 */
public record CheckTypeContext(Heartbeats heartbeats) {

  /** A context of its own: heartbeats no one else sees (tests, validation, embedded use). */
  public static CheckTypeContext standalone() {
    return new CheckTypeContext(new Heartbeats());
  }
}
