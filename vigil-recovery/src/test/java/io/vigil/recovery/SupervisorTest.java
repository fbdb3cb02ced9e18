package io.vigil.recovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vigil.core.testing.Tools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The supervisor with real processes: exits seen at once, leftovers adopted or left alone. */
class SupervisorTest {

  @TempDir Path dir;

  private final List<Supervisor> supervisors = new ArrayList<>();
  private final List<Process> strangers = new ArrayList<>();
  private final String marker = UUID.randomUUID().toString();

  @AfterEach
  void tearDown() {
    supervisors.forEach(Supervisor::close);
    strangers.forEach(Process::destroyForcibly);
    copies().forEach(ProcessHandle::destroyForcibly);
  }

  private Supervisor supervisor() {
    Supervisor s = new Supervisor(dir.resolve("programs"));
    supervisors.add(s);
    return s;
  }

  /** {@code sleep} with a unique argument, so the test can count its copies. */
  private Supervisor.Program sleeper(String seconds) {
    return new Supervisor.Program(
        "worker",
        List.of("sleep", seconds + "." + Math.abs(marker.hashCode() % 1000)),
        Optional.empty(),
        Map.of(),
        List.of("PATH"));
  }

  private List<ProcessHandle> copies() {
    String tail = "." + Math.abs(marker.hashCode() % 1000);
    return ProcessHandle.allProcesses()
        .filter(
            h ->
                ProgramFiles.commandLine(h.pid())
                    .map(c -> c.size() == 2 && c.get(0).equals("sleep") && c.get(1).endsWith(tail))
                    .orElse(false))
        .toList();
  }

  /** Exactly one copy runs (a copy just started may still be setsid, before its exec). */
  private void oneCopy() {
    await().atMost(Duration.ofSeconds(5)).until(() -> copies().size() == 1);
    await().pollDelay(Duration.ofMillis(200)).atMost(Duration.ofSeconds(1)).until(() -> true);
    assertThat(copies()).hasSize(1);
  }

  private static void kill9(long pid) throws Exception {
    new ProcessBuilder("kill", "-9", String.valueOf(pid)).start().waitFor();
  }

  @Test
  @Timeout(30)
  void anExitIsSeenAtOnce() throws Exception {
    Supervisor supervisor = supervisor();
    List<Supervisor.Exit> exits = new CopyOnWriteArrayList<>();
    List<Long> seenAt = new CopyOnWriteArrayList<>();
    supervisor.onExit(
        e -> {
          seenAt.add(System.nanoTime());
          exits.add(e);
        });
    supervisor.start(sleeper("600"));
    long pid = supervisor.handle("worker").orElseThrow().pid();
    long t0 = System.nanoTime();
    kill9(pid);
    await().atMost(Duration.ofSeconds(5)).until(() -> !exits.isEmpty());
    assertThat(Duration.ofNanos(seenAt.get(0) - t0)).isLessThan(Duration.ofMillis(500));
    assertThat(exits.get(0)).isEqualTo(new Supervisor.Exit("worker", pid, "exit code 137"));

    supervisor.restart("worker");
    supervisor.stop("worker", Duration.ZERO); // stopped by us: no exit reported
    await().pollDelay(Duration.ofMillis(300)).until(() -> true);
    assertThat(exits).hasSize(1);
  }

  @Test
  @Timeout(30)
  void aCopyLeftByAnEarlierAgentIsAdoptedNotStartedTwice() throws Exception {
    Supervisor first = supervisor();
    first.start(sleeper("600"));
    long pid = first.handle("worker").orElseThrow().pid();
    oneCopy();
    // The first agent dies with kill -9: its supervisor never closes; a second one starts.
    Supervisor second = supervisor();
    List<Supervisor.Exit> exits = new CopyOnWriteArrayList<>();
    second.onExit(exits::add);
    second.start(sleeper("600"));

    assertThat(second.handle("worker").map(ProcessHandle::pid)).contains(pid);
    assertThat(copies()).extracting(ProcessHandle::pid).containsExactly(pid); // exec'd long ago
    assertThat(Files.readString(second.pidFile("worker")).strip()).isEqualTo(String.valueOf(pid));

    long t0 = System.nanoTime();
    kill9(pid); // an adopted copy is not our child: its exit is still seen quickly
    await().atMost(Duration.ofSeconds(5)).until(() -> !exits.isEmpty());
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(1));
    second.restart("worker");
    oneCopy();
    supervisors.remove(first);
  }

  @Test
  @Timeout(30)
  void aStalePidFilePointingAtAnUnrelatedProcessIsNeitherAdoptedNorKilled() throws Exception {
    Process stranger = new ProcessBuilder("sleep", "600").start();
    strangers.add(stranger);
    Path programs = dir.resolve("programs");
    Files.createDirectories(programs);
    Instant started = stranger.toHandle().info().startInstant().orElseThrow();
    // The pid of an earlier copy, now reused by an unrelated process: another start time.
    Files.writeString(
        programs.resolve("worker.proc"),
        stranger.pid() + " " + started.minusSeconds(3600).toEpochMilli() + "\n");
    Files.writeString(programs.resolve("worker.pid"), stranger.pid() + "\n");

    Supervisor supervisor = supervisor();
    supervisor.start(sleeper("600"));

    assertThat(stranger.isAlive()).isTrue();
    assertThat(supervisor.handle("worker").orElseThrow().pid()).isNotEqualTo(stranger.pid());
    oneCopy();
    supervisor.stop("worker", Duration.ZERO);
    assertThat(stranger.isAlive()).isTrue();
  }

  @Test
  @Timeout(30)
  void aPidFileWithoutItsStartTimeIsNeverAdoptedNorKilled() throws Exception {
    Process stranger = new ProcessBuilder("sleep", "600").start();
    strangers.add(stranger);
    Files.createDirectories(dir.resolve("programs"));
    Files.writeString(dir.resolve("programs").resolve("worker.pid"), stranger.pid() + "\n");

    Supervisor supervisor = supervisor();
    supervisor.start(sleeper("600"));

    assertThat(stranger.isAlive()).isTrue();
    assertThat(supervisor.handle("worker").orElseThrow().pid()).isNotEqualTo(stranger.pid());
  }

  @Test
  @Timeout(30)
  void aLeftoverWithAnotherCommandLineIsStoppedBeforeTheNewCopyStarts() throws Exception {
    Supervisor first = supervisor();
    first.start(sleeper("600"));
    ProcessHandle old = first.handle("worker").orElseThrow();
    // a leftover has run for a while: past setsid's exec, its command line is the program's own
    oneCopy();
    Supervisor second = supervisor();
    second.start(sleeper("601"));
    await().atMost(Duration.ofSeconds(5)).until(() -> !old.isAlive());
    assertThat(second.handle("worker").orElseThrow().pid()).isNotEqualTo(old.pid());
    oneCopy();
    supervisors.remove(first);
  }

  private Supervisor.Program ignoringSigterm(Duration grace) {
    String python = Tools.require("python3", "python3");
    String script =
        "import signal, time, pathlib\n"
            + "signal.signal(signal.SIGTERM, signal.SIG_IGN)\n"
            + "pathlib.Path('ready').write_text('yes')\n"
            + "time.sleep(600)\n";
    return new Supervisor.Program(
        "stubborn", List.of(python, "-c", script), Optional.of(dir), Map.of(), List.of(), grace);
  }

  private Duration timeToStop(Supervisor supervisor) throws Exception {
    await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(dir.resolve("ready")));
    ProcessHandle handle = supervisor.handle("stubborn").orElseThrow();
    long t0 = System.nanoTime();
    supervisor.restart("stubborn");
    Duration took = Duration.ofNanos(System.nanoTime() - t0);
    assertThat(handle.isAlive()).isFalse();
    return took;
  }

  @Test
  @Timeout(60)
  void aProgramIgnoringSigtermIsKilledAfterItsOwnGrace() throws Exception {
    Supervisor supervisor = supervisor();
    supervisor.start(ignoringSigterm(Duration.ofMillis(1500)));
    assertThat(timeToStop(supervisor)).isGreaterThanOrEqualTo(Duration.ofMillis(1500));
  }

  @Test
  @Timeout(60)
  void withGraceZeroAProgramIgnoringSigtermIsKilledAtOnce() throws Exception {
    Supervisor supervisor = supervisor();
    supervisor.start(ignoringSigterm(Duration.ZERO));
    assertThat(timeToStop(supervisor)).isLessThan(Supervisor.Program.DEFAULT_STOP_GRACE);
  }
}
