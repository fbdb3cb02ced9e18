package io.vigil.fleet;

/** A peer's lease expired ({@link Dead}) or is live again ({@link Back}). */
public sealed interface PeerEvent {

  /** The peer as last read. */
  FleetAgent agent();

  /** The peer's lease expired (it died, stalled, lost the database, or closed). */
  record Dead(FleetAgent agent) implements PeerEvent {}

  /** A peer seen dead renews a lease again. */
  record Back(FleetAgent agent) implements PeerEvent {}
}
