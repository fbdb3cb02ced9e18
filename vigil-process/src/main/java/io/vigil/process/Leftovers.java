package io.vigil.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Finds and kills, on Linux, the processes whose environment carries a run's marker ({@code
 * VIGIL_RUN=<id>}): the descendants of a timed-out program that left its process group ({@code
 * setsid}, a double fork). Only processes of the same user can be read and killed; one that cleared
 * or replaced its environment is not found.
 */
final class Leftovers {

  private static final Path PROC = Path.of("/proc");
  private static final int ROUNDS = 3;

  private Leftovers() {}

  /**
   * SIGKILLs every process carrying {@code marker} ({@code NAME=value}), searching again while any
   * were found (one may fork while the others die); returns how many of them had left the process
   * group {@code group} (members of the group, dying from the group kill, do not count).
   */
  static int kill(String marker, long group) {
    if (!Files.isDirectory(PROC)) {
      return 0;
    }
    byte[] needle = (marker + "\0").getBytes(StandardCharsets.UTF_8);
    int killed = 0;
    for (int round = 0; round < ROUNDS; round++) {
      int[] found = killRound(needle, group);
      killed += found[1];
      if (found[0] == 0) {
        break;
      }
    }
    return killed;
  }

  /** How many processes were killed, and how many of them were outside {@code group}. */
  private static int[] killRound(byte[] needle, long group) {
    long self = ProcessHandle.current().pid();
    int[] killed = new int[2];
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(PROC, "[0-9]*")) {
      for (Path entry : entries) {
        long pid = Long.parseLong(entry.getFileName().toString());
        if (pid != self && carries(entry.resolve("environ"), needle)) {
          boolean outside = groupOf(entry) != group;
          if (ProcessHandle.of(pid).map(ProcessHandle::destroyForcibly).orElse(false)) {
            killed[0]++;
            killed[1] += outside ? 1 : 0;
          }
        }
      }
    } catch (IOException | NumberFormatException e) {
      // /proc unreadable: the group kill is all there is
    }
    return killed;
  }

  /** The process group, from {@code /proc/<pid>/stat}: the third field after the name. */
  private static long groupOf(Path entry) {
    try {
      String stat = Files.readString(entry.resolve("stat"));
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return Long.parseLong(fields[2]);
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  private static boolean carries(Path environ, byte[] needle) {
    byte[] env;
    try {
      env = Files.readAllBytes(environ);
    } catch (IOException e) {
      return false; // gone, or another user's
    }
    for (int i = 0; i + needle.length <= env.length; i++) {
      if ((i == 0 || env[i - 1] == 0)
          && env[i] == needle[0]
          && Arrays.equals(env, i, i + needle.length, needle, 0, needle.length)) {
        return true;
      }
    }
    return false;
  }
}
