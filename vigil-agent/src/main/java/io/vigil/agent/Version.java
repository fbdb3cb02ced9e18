package io.vigil.agent;

/** The agent's version, from the jar manifest ({@code dev} when run from classes). */
final class Version {

  private Version() {}

  static String current() {
    String v = Version.class.getPackage().getImplementationVersion();
    return v != null ? v : "dev";
  }
}
