package io.vigil.checks;

import java.util.concurrent.atomic.AtomicReference;

/**
 * What the application running the checks gives to check types when they are loaded: the state it
 * shares with them. Each application (each agent) has its own; nothing is global.
 *
 * @param heartbeats where beats pushed to this application arrive, for {@code heartbeat} checks
 * @param addressGuard the address guard in force for network checks, read at every run: the
 *     application replaces it when it applies a configuration
 */
public record CheckTypeContext(Heartbeats heartbeats, AtomicReference<AddressGuard> addressGuard) {

  /** A context with these heartbeats and no address guard (until one is set). */
  public CheckTypeContext(Heartbeats heartbeats) {
    this(heartbeats, new AtomicReference<>(AddressGuard.off()));
  }

  /** A context of its own: heartbeats no one else sees, no address guard (tests, embedded use). */
  public static CheckTypeContext standalone() {
    return new CheckTypeContext(new Heartbeats());
  }

  /** The address guard in force now. */
  public AddressGuard guard() {
    return addressGuard.get();
  }
}
