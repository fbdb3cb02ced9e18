package io.vigil.agent;

import io.vigil.server.ServerOptions;
import java.util.ArrayList;
import java.util.List;

/**
 * What a reload may change in the {@code server} and {@code node} sections. The endpoints are bound
 * once, with their access rules: a change to {@code host}, {@code port}, {@code token} or {@code
 * allowAnonymous} cannot apply while the agent runs, so a reload that makes one is rejected rather
 * than shown as if it were in force. {@code drain} and {@code node.id} take effect after a restart,
 * with a warning.
 */
final class ServerChanges {

  private static final String RESTART = "; restart the agent to change it";

  private ServerChanges() {}

  /** The security-relevant settings that differ, each as a problem; empty when none does. */
  static List<String> needingRestart(ServerOptions running, ServerOptions next) {
    List<String> problems = new ArrayList<>();
    if (!running.host().equals(next.host())) {
      problems.add(
          "server.host: changed from "
              + running.host()
              + " to "
              + next.host()
              + ", but the agent cannot rebind while it runs"
              + RESTART);
    }
    if (running.port() != next.port()) {
      problems.add(
          "server.port: changed from "
              + running.port()
              + " to "
              + next.port()
              + ", but the agent cannot rebind while it runs"
              + RESTART);
    }
    if (!running.token().equals(next.token())) {
      problems.add(
          "server.token: "
              + (next.token().isPresent() ? "set or changed" : "removed")
              + ", but the token in force cannot change while the agent runs"
              + RESTART);
    }
    if (running.allowAnonymous() != next.allowAnonymous()) {
      problems.add(
          "server.allowAnonymous: changed to "
              + next.allowAnonymous()
              + ", but access rules cannot change while the agent runs"
              + RESTART);
    }
    return problems;
  }

  /** Warnings for the other settings that differ: they apply at the next start. */
  static List<String> afterRestart(ServerOptions running, ServerOptions next) {
    List<String> warnings = new ArrayList<>();
    if (!running.drain().equals(next.drain())) {
      warnings.add("server.drain: the change takes effect after a restart");
    }
    if (!running.nodeId().equals(next.nodeId())) {
      warnings.add("node.id: the change takes effect after a restart");
    }
    return warnings;
  }
}
