package io.vigil.fleet;

import java.util.List;
import java.util.Optional;

/** The checks' latest states, shared by the fleet: owners write, everyone reads. */
public interface CheckStates {

  /**
   * Upserts the states of checks this agent owns, fenced: a row is written only when the writer's
   * epoch for the check's partition is the partition's current epoch under a live lease; the others
   * (a stale writer's, or checks not owned) are ignored and counted in {@link
   * FleetStats#staleWritesRefused()}. One statement per call; the last state of a check given twice
   * wins.
   *
   * @return how many rows were written
   * @throws FleetException when the database cannot be reached
   */
  int write(List<CheckState> states);

  /**
   * The check's state; empty when none was written.
   *
   * @throws FleetException when the database cannot be reached
   */
  Optional<CheckState> read(String check);

  /**
   * Every check of the fleet, by name: the fleet-wide /health reads this.
   *
   * @throws FleetException when the database cannot be reached
   */
  List<CheckState> all();
}
