package io.vigil.recovery;

import io.vigil.process.ProcessRunner;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A program an earlier agent started and this one adopted: not our child, so it is watched by
 * polling (the JDK's own wait for a non-child polls every 0.3 to 5 s) and stopped through its
 * process group by pid (its own group: it was started under {@code setsid}).
 */
final class Orphan {

  private static final Duration POLL = Duration.ofMillis(20);

  private Orphan() {}

  /** Waits until the process has ended (or the thread is interrupted). */
  static void awaitExit(ProcessHandle handle) throws InterruptedException {
    while (handle.isAlive()) {
      Thread.sleep(POLL);
    }
  }

  /** SIGTERM to its group, SIGKILL after {@code grace}; waits up to 2 s more for its end. */
  static void killGroup(ProcessHandle handle, Duration grace) {
    boolean interrupted = Thread.interrupted();
    boolean group = !ProcessRunner.groupPrefix().isEmpty();
    try {
      if (group) {
        signalGroup(handle.pid(), "-TERM");
      }
      handle.destroy();
      waitFor(handle, grace);
      if (group) {
        signalGroup(handle.pid(), "-KILL");
      }
      handle.destroyForcibly();
      waitFor(handle, Duration.ofSeconds(2));
    } catch (InterruptedException e) {
      interrupted = true;
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static void waitFor(ProcessHandle handle, Duration limit) throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    while (handle.isAlive() && System.nanoTime() < deadline) {
      Thread.sleep(POLL);
    }
  }

  private static void signalGroup(long pgid, String signal) throws InterruptedException {
    try {
      new ProcessBuilder("kill", signal, "--", "-" + pgid)
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .start()
          .waitFor(2, TimeUnit.SECONDS);
    } catch (IOException e) {
      // no kill(1): the handle's own signals above and below still reach the leader
    }
  }
}
