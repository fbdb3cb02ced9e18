package io.vigil.agent;

import io.vigil.agent.config.CheckDefinition;
import io.vigil.core.CheckResume;
import java.util.Optional;

/**
 * Which configured checks run on this agent, and where a check taken over from another agent
 * resumes. A lone agent runs them all, each from the start; a fleet agent runs its partitions'
 * checks and those of {@code scope: every-agent}, resuming each from the state its last owner
 * stored ({@link AgentFleet}).
 */
interface Placement {

  /** Every check here, none resumed. */
  Placement LOCAL =
      new Placement() {
        @Override
        public boolean runsHere(CheckDefinition check) {
          return true;
        }

        @Override
        public Optional<CheckResume> resume(String check) {
          return Optional.empty();
        }
      };

  /** Whether the check runs on this agent now. */
  boolean runsHere(CheckDefinition check);

  /** Where the check's state machine stood when its last owner ran it, if known. */
  Optional<CheckResume> resume(String check);
}
