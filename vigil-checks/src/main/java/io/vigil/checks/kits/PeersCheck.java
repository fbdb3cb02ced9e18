package io.vigil.checks.kits;

import io.vigil.core.CheckContext;
import io.vigil.core.HealthCheck;
import io.vigil.core.Result;
import java.util.function.IntSupplier;

/** Connected peers of a node: CRITICAL below the minimum (a partitioned or isolated node). */
public final class PeersCheck implements HealthCheck {

  private final IntSupplier connected;
  private final int minimum;

  /** Judges {@code connected} against {@code minimum}. */
  public PeersCheck(IntSupplier connected, int minimum) {
    this.connected = connected;
    this.minimum = minimum;
  }

  @Override
  public Result check(CheckContext ctx) {
    int peers = connected.getAsInt();
    Result result =
        peers < minimum
            ? Result.critical(connected(peers) + ", fewer than the minimum " + minimum)
            : Result.ok(connected(peers));
    return result.withDetail("connected_peers", peers).withDetail("min_peers", minimum);
  }

  private static String connected(int peers) {
    return peers + (peers == 1 ? " peer" : " peers") + " connected";
  }
}
