package io.vigil.store.tasks;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;

/** What a running task knows about itself. */
public interface TaskContext {

  /** The task's id. */
  long taskId();

  /** The task's type. */
  String type();

  /** The task's input (a JSON object; empty when none was given). */
  JsonNode payload();

  /** This attempt's number, from 1. */
  int attempt();

  /** Time left before the attempt times out, never negative. */
  Duration remaining();
}
