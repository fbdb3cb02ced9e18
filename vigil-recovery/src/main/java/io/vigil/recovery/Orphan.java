package io.vigil.recovery;

import io.vigil.process.ProcessRunner;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

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
        ProcessRunner.signalGroup(handle.pid(), "-TERM");
      }
      handle.destroy();
      waitFor(handle, grace);
      if (group) {
        ProcessRunner.signalGroup(handle.pid(), "-KILL");
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

  /**
   * Whether any process is still in the process group {@code pgid} (read from {@code /proc}; true
   * when it cannot tell). A program killed with {@code kill -9} may leave its workers behind.
   */
  static boolean groupHasMembers(long pgid) {
    Path proc = Path.of("/proc");
    try (DirectoryStream<Path> all =
        Files.newDirectoryStream(proc, p -> p.getFileName().toString().matches("\\d+"))) {
      for (Path process : all) {
        if (pgid(process) == pgid) {
          return true;
        }
      }
      return false;
    } catch (IOException | RuntimeException e) {
      return true;
    }
  }

  private static long pgid(Path process) {
    try {
      String stat = Files.readString(process.resolve("stat"));
      // pid (comm) state ppid pgrp ...: comm may hold spaces and parentheses
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return Long.parseLong(fields[2]);
    } catch (IOException | RuntimeException e) {
      return -1; // gone meanwhile
    }
  }

  private static void waitFor(ProcessHandle handle, Duration limit) throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    while (handle.isAlive() && System.nanoTime() < deadline) {
      Thread.sleep(POLL);
    }
  }
}
