package io.vigil.recovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vigil.checks.CheckSettings;
import io.vigil.checks.process.ProcessCheck;
import io.vigil.core.CheckSpec;
import io.vigil.core.HealthCheck;
import io.vigil.core.Monitor;
import io.vigil.core.Status;
import io.vigil.core.testing.Tools;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Healing real processes: killed, crash-looping, hung. Nothing here is a mock. */
class SelfHealingProcessTest {

  @TempDir Path dir;

  private final Monitor monitor = Monitor.builder().build();
  private final List<RecoveryEvent> events = new CopyOnWriteArrayList<>();
  private Supervisor supervisor;
  private Healer healer;

  @AfterEach
  void tearDown() {
    if (healer != null) {
      healer.close();
    }
    monitor.stop();
    if (supervisor != null) {
      supervisor.close();
    }
  }

  private static CheckSpec.Builder fast(String name) {
    return CheckSpec.builder(name)
        .interval(Duration.ofMillis(500))
        .retryInterval(Duration.ofMillis(200))
        .timeout(Duration.ofMillis(500))
        .jitter(Duration.ZERO)
        .failureThreshold(2);
  }

  private void startHealing(Guards guards) {
    healer =
        new Healer(
            monitor,
            guards,
            io.vigil.core.Ticker.system(),
            Optional.of(dir.resolve("state.json")),
            () -> 1L,
            () -> true);
    healer.subscribe(events::add);
    healer.start();
  }

  private <T extends RecoveryEvent> List<T> events(Class<T> type) {
    return events.stream().filter(type::isInstance).map(type::cast).toList();
  }

  private static HealthCheck processByPidFile(Path pidFile) {
    return new ProcessCheck(
        new ProcessCheck.Selector.PidFile(pidFile),
        new ProcessCheck.Limits(
            1, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty()));
  }

  @Test
  @Timeout(60)
  void aKilledSupervisedProcessIsRestartedAndHealthyWithinFiveSeconds() throws Exception {
    supervisor = new Supervisor(dir);
    supervisor.start(
        new Supervisor.Program(
            "worker", List.of("sleep", "600"), Optional.empty(), Map.of(), List.of("PATH")));
    monitor.register(fast("worker").build(), processByPidFile(supervisor.pidFile("worker")));
    startHealing(Guards.ofDefaults());
    healer.protect(
        "worker",
        RecoveryPolicy.of(
            List.of(
                RecoveryStep.of("restart", Actions.restart(supervisor, "worker"))
                    .asRestart()
                    .verify(Duration.ofSeconds(3)))));
    monitor.start();
    await().atMost(Duration.ofSeconds(10)).until(() -> status("worker") == Status.OK);

    long pid = supervisor.handle("worker").orElseThrow().pid();
    long t0 = System.nanoTime();
    new ProcessBuilder("kill", "-9", String.valueOf(pid)).start().waitFor();
    // Healthy again within 5 s: restarted (a new PID) and the check OK.
    await()
        .atMost(Duration.ofSeconds(5))
        .until(
            () ->
                supervisor.handle("worker").map(h -> h.pid() != pid).orElse(false)
                    && events(RecoveryEvent.Started.class).size() == 1
                    && status("worker") == Status.OK);
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> !events(RecoveryEvent.Succeeded.class).isEmpty());
  }

  @Test
  @Timeout(120)
  void fiveKillsInARowAreEachRestartedWellUnderASecondAndNeverHeldBackAsFlapping()
      throws Exception {
    supervisor = new Supervisor(dir);
    supervisor.start(
        new Supervisor.Program(
            "worker", List.of("sleep", "600"), Optional.empty(), Map.of(), List.of("PATH")));
    // The example's timing: a run every 2 s, 500 ms while failing, hard after 2 failures.
    monitor.register(
        fast("worker")
            .interval(Duration.ofSeconds(2))
            .retryInterval(Duration.ofMillis(500))
            .build(),
        processByPidFile(supervisor.pidFile("worker")));
    // No backoff here: this measures the restart path (budget and backoff have their own tests).
    startHealing(
        new Guards(
            5,
            Duration.ofSeconds(300),
            10,
            Duration.ofMinutes(10),
            Duration.ZERO,
            Duration.ZERO,
            100));
    supervisor.onExit(e -> healer.exited("worker", "program worker exited (" + e.how() + ")"));
    healer.protect(
        "worker",
        RecoveryPolicy.of(
            List.of(
                RecoveryStep.of("log", Actions.log()).verify(Duration.ZERO),
                RecoveryStep.of("restart", Actions.restart(supervisor, "worker"))
                    .asRestart()
                    .repeat(3)
                    .verify(Duration.ofSeconds(1)))));
    monitor.start();
    await().atMost(Duration.ofSeconds(10)).until(() -> status("worker") == Status.OK);

    for (int kill = 1; kill <= 5; kill++) {
      long pid = supervisor.handle("worker").orElseThrow().pid();
      long t0 = System.nanoTime();
      new ProcessBuilder("kill", "-9", String.valueOf(pid)).start().waitFor();
      await()
          .atMost(Duration.ofSeconds(5))
          .pollInterval(Duration.ofMillis(5))
          .until(() -> supervisor.handle("worker").map(h -> h.pid() != pid).orElse(false));
      Duration took = Duration.ofNanos(System.nanoTime() - t0);
      assertThat(took).as("kill %d -> new pid", kill).isLessThan(Duration.ofSeconds(1));
      int done = kill;
      await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () ->
                  events(RecoveryEvent.Succeeded.class).size() == done
                      && status("worker") == Status.OK);
    }
    assertThat(events(RecoveryEvent.Suppressed.class)).isEmpty();
    assertThat(events(RecoveryEvent.Failed.class)).isEmpty();
    assertThat(events(RecoveryEvent.Started.class))
        .extracting(RecoveryEvent.Started::step)
        .containsOnly("restart")
        .hasSize(5);
    assertThat(monitor.snapshot().check("worker").orElseThrow().flapping()).isFalse();
  }

  @Test
  @Timeout(60)
  void aCrashLoopingProcessIsRestartedThreeTimesThenQuarantined() throws Exception {
    supervisor = new Supervisor(dir);
    supervisor.start(
        new Supervisor.Program(
            "crasher", List.of("false"), Optional.empty(), Map.of(), List.of("PATH")));
    monitor.register(fast("crasher").build(), processByPidFile(supervisor.pidFile("crasher")));
    // The restart budget's window is the real 10 minutes; backoff is shortened to keep the test
    // fast.
    startHealing(
        new Guards(
            5,
            Duration.ofSeconds(300),
            3,
            Duration.ofMinutes(10),
            Duration.ofMillis(200),
            Duration.ofSeconds(1),
            100));
    healer.protect(
        "crasher",
        RecoveryPolicy.of(
            List.of(
                RecoveryStep.of("restart", Actions.restart(supervisor, "crasher"))
                    .asRestart()
                    .repeat(50)
                    .verify(Duration.ofMillis(800)))));
    monitor.start();
    await().atMost(Duration.ofSeconds(30)).until(() -> healer.quarantined("crasher"));
    // Give it time to do more, which it must not.
    await().pollDelay(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3)).until(() -> true);
    assertThat(events(RecoveryEvent.Started.class)).hasSize(3);
    assertThat(events(RecoveryEvent.GaveUp.class))
        .singleElement()
        .satisfies(e -> assertThat(e.reason()).startsWith("restart budget spent"));
  }

  @Test
  @Timeout(90)
  void aHungHttpServiceIsHealedByEscalatingStepByStepUntilRestart() throws Exception {
    String python = Tools.require("python3", "python3");
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    supervisor = new Supervisor(dir);
    supervisor.start(
        new Supervisor.Program(
            "web",
            List.of(python, "-m", "http.server", String.valueOf(port), "--bind", "127.0.0.1"),
            Optional.of(dir),
            Map.of(),
            List.of("PATH")));
    CheckSettings http =
        CheckSettings.of(new HashMap<>(Map.of("url", "http://127.0.0.1:" + port + "/")));
    monitor.register(
        fast("web").build(),
        io.vigil.checks.CheckTypes.load().find("http").orElseThrow().create(http));
    startHealing(Guards.ofDefaults());
    RecoveryAction reconnect =
        ctx -> {
          throw new IllegalStateException("the service does not answer its admin port");
        };
    monitor.start();
    await().atMost(Duration.ofSeconds(20)).until(() -> status("web") == Status.OK);
    // Protected once up, so start-up (connection refused until python listens) is not an outage.
    healer.protect(
        "web",
        RecoveryPolicy.of(
            List.of(
                RecoveryStep.of("log", Actions.log()).verify(Duration.ofSeconds(1)),
                RecoveryStep.of("reconnect", reconnect).verify(Duration.ofSeconds(1)),
                RecoveryStep.of("restart", Actions.restart(supervisor, "web"))
                    .asRestart()
                    .verify(Duration.ofSeconds(5)))));

    new ProcessBuilder(
            "kill", "-STOP", String.valueOf(supervisor.handle("web").orElseThrow().pid()))
        .start()
        .waitFor();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> !events(RecoveryEvent.Succeeded.class).isEmpty());
    assertThat(events(RecoveryEvent.Started.class))
        .extracting(RecoveryEvent.Started::step)
        .containsExactly("log", "reconnect", "restart");
    assertThat(events(RecoveryEvent.Succeeded.class))
        .extracting(RecoveryEvent.Succeeded::step)
        .containsExactly("restart");
    assertThat(status("web")).isEqualTo(Status.OK);
  }

  @Test
  @Timeout(60)
  void aStoppedDependencyAloneIsHealedNotItsFiveDependents() throws Exception {
    supervisor = new Supervisor(dir);
    supervisor.start(
        new Supervisor.Program(
            "db", List.of("sleep", "600"), Optional.empty(), Map.of(), List.of("PATH")));
    Path dbPid = supervisor.pidFile("db");
    monitor.register(fast("db").interval(Duration.ofSeconds(2)).build(), processByPidFile(dbPid));
    for (int i = 0; i < 5; i++) {
      // Each dependent fails whenever the database process is gone (as an app losing its DB would).
      monitor.register(fast("app" + i).dependsOn("db").build(), processByPidFile(dbPid));
    }
    startHealing(Guards.ofDefaults());
    monitor.start();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> monitor.snapshot().status() == io.vigil.core.SystemStatus.HEALTHY);
    healer.protect(
        "db",
        RecoveryPolicy.of(
            List.of(
                RecoveryStep.of("restart", Actions.restart(supervisor, "db"))
                    .asRestart()
                    .verify(Duration.ofSeconds(5)))));
    for (int i = 0; i < 5; i++) {
      AtomicCounter.reset();
      healer.protect(
          "app" + i,
          RecoveryPolicy.of(
              List.of(
                  RecoveryStep.of("restart-app", ctx -> AtomicCounter.increment())
                      .verify(Duration.ofSeconds(5)))));
    }
    new ProcessBuilder("kill", "-9", String.valueOf(supervisor.handle("db").orElseThrow().pid()))
        .start()
        .waitFor();
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> !events(RecoveryEvent.Succeeded.class).isEmpty());
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> monitor.snapshot().status() == io.vigil.core.SystemStatus.HEALTHY);
    assertThat(events(RecoveryEvent.Started.class))
        .extracting(RecoveryEvent.Started::check)
        .containsExactly("db");
    assertThat(AtomicCounter.count()).isZero();
  }

  /** Counts the dependents' recovery actions (there must be none). */
  private static final class AtomicCounter {
    private static final java.util.concurrent.atomic.AtomicInteger COUNT =
        new java.util.concurrent.atomic.AtomicInteger();

    static void increment() {
      COUNT.incrementAndGet();
    }

    static void reset() {
      COUNT.set(0);
    }

    static int count() {
      return COUNT.get();
    }
  }

  private Status status(String check) {
    return monitor
        .snapshot()
        .check(check)
        .filter(c -> !c.pending())
        .map(c -> c.status())
        .orElse(Status.UNKNOWN);
  }
}
