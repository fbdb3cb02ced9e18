package io.vigil.fleet.internal;

/** The database refused this agent a lease for a reason that is not an error (said as is). */
final class RoundRefused extends RuntimeException {

  RoundRefused(String message) {
    super(message, null, false, false);
  }
}
