package io.vigil.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.vigil.core.testing.RecordingListener;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The monitor with its real timer thread and virtual threads, on the system clock. */
class MonitorTest {

  private final Monitor monitor = Monitor.builder().build();
  private final CountDownLatch forever = new CountDownLatch(1);

  @AfterEach
  void tearDown() {
    forever.countDown();
    monitor.stop();
  }

  private static CheckSpec.Builder fast(String name) {
    return CheckSpec.builder(name)
        .interval(Duration.ofMillis(50))
        .timeout(Duration.ofMillis(50))
        .jitter(Duration.ZERO);
  }

  /** For a check that hangs: a timeout it never reaches while the test runs. */
  private static CheckSpec.Builder patient(String name) {
    return CheckSpec.builder(name)
        .interval(Duration.ofSeconds(30))
        .timeout(Duration.ofSeconds(30))
        .jitter(Duration.ZERO);
  }

  private HealthCheck hangs() {
    return ctx -> {
      forever.await();
      return Result.ok();
    };
  }

  @Test
  @Timeout(30)
  void whenCheckHangs_snapshotOtherChecksAndStopDoNotWait() {
    AtomicInteger quick = new AtomicInteger();
    monitor.register(patient("hung").build(), hangs());
    monitor.register(
        fast("quick").build(),
        ctx -> {
          quick.incrementAndGet();
          return Result.ok();
        });
    monitor.start();
    await().atMost(Duration.ofSeconds(5)).until(() -> quick.get() >= 10);
    long t0 = System.nanoTime();
    for (int i = 0; i < 1000; i++) {
      assertThat(monitor.snapshot().check("hung").orElseThrow().pending()).isTrue();
    }
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(1));
    long s0 = System.nanoTime();
    monitor.stop();
    assertThat(Duration.ofNanos(System.nanoTime() - s0)).isLessThan(Duration.ofSeconds(2));
    assertThat(monitor.snapshot().status()).isEqualTo(SystemStatus.STOPPING);
  }

  @Test
  @Timeout(30)
  void stopLeavesNoThreadsBehind() {
    RecordingListener listener = new RecordingListener();
    monitor.subscribe(listener);
    monitor.subscribe(event -> {});
    monitor.register(patient("hung").build(), hangs());
    for (int i = 0; i < 20; i++) {
      monitor.register(fast("c" + i).build(), ctx -> Result.ok());
    }
    monitor.start();
    await().until(() -> monitor.stats().runs() > 40);
    monitor.stop();
    assertThat(vigilThreads()).isEmpty();
    assertThat(listener.events().get(listener.events().size() - 1))
        .isInstanceOfSatisfying(
            HealthEvent.SystemStatusChanged.class,
            e -> assertThat(e.to()).isEqualTo(SystemStatus.STOPPING));
  }

  private static List<String> vigilThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(Thread::isAlive)
        .map(Thread::getName)
        .filter(n -> n.startsWith("vigil-"))
        .toList();
  }

  @Test
  @Timeout(30)
  void slowOrThrowingListenerDelaysNeitherSchedulerNorOtherListeners() {
    Monitor small = Monitor.builder().listenerQueue(4).build();
    try {
      CountDownLatch blockSlow = new CountDownLatch(1);
      Subscription slow =
          small.subscribe(
              event -> {
                try {
                  blockSlow.await();
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              });
      Subscription throwing =
          small.subscribe(
              event -> {
                throw new IllegalStateException("listener bug");
              });
      RecordingListener healthy = new RecordingListener();
      small.subscribe(healthy);
      AtomicInteger flips = new AtomicInteger();
      small.register(
          fast("flipper").failureThreshold(1).build(),
          ctx -> flips.incrementAndGet() % 2 == 0 ? Result.ok() : Result.critical("down"));
      small.start();
      await().until(() -> flips.get() >= 40);
      assertThat(slow.dropped()).isPositive();
      assertThat(small.stats().listenerDrops()).isGreaterThanOrEqualTo(slow.dropped());
      await().until(() -> throwing.failed() >= 20);
      await().until(() -> healthy.events(HealthEvent.StateChanged.class).size() >= 20);
      blockSlow.countDown();
    } finally {
      small.stop();
    }
  }

  @Test
  @Timeout(30)
  void criticalFailureStopsDrainsThenRunsTheHandler() throws Exception {
    CountDownLatch handled = new CountDownLatch(1);
    SystemStatus[] seenByHandler = new SystemStatus[1];
    monitor.onCriticalFailure(
        Duration.ofSeconds(2), // long enough to see the drain on a loaded machine
        () -> {
          seenByHandler[0] = monitor.snapshot().status();
          handled.countDown();
        });
    monitor.register(
        fast("db").critical(true).failureThreshold(1).build(), ctx -> Result.critical("down"));
    monitor.start();
    await().until(() -> monitor.snapshot().status() == SystemStatus.STOPPING);
    assertThat(handled.getCount()).isEqualTo(1); // still draining
    assertThat(handled.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(seenByHandler[0]).isEqualTo(SystemStatus.STOPPING);
  }

  @Test
  void registeringTwiceIsRefused() {
    monitor.register(fast("a").build(), ctx -> Result.ok());
    assertThatThrownBy(() -> monitor.register(fast("a").build(), ctx -> Result.ok()))
        .isInstanceOf(DuplicateCheckException.class)
        .hasMessage("a check named 'a' is already registered");
  }

  @Test
  @Timeout(30)
  void timedOutRunIsCriticalOnTheRealClock() {
    monitor.register(
        fast("slow").interval(Duration.ofMillis(100)).timeout(Duration.ofMillis(100)).build(),
        ctx -> {
          ctx.sleep(Duration.ofSeconds(20));
          return Result.ok();
        });
    monitor.start();
    await()
        .until(
            () ->
                monitor
                    .snapshot()
                    .check("slow")
                    .flatMap(CheckSnapshot::lastResult)
                    .map(Result::message)
                    .orElse("")
                    .equals("timed out after 100ms"));
  }

  @Test
  @Timeout(30)
  void oneChecksViewIsTheSnapshotsWithoutBuildingOne() {
    monitor.register(fast("a").build(), ctx -> Result.ok());
    monitor.register(fast("b").build(), ctx -> Result.warning("slow"));
    assertThat(monitor.check("a")).isEqualTo(monitor.snapshot().check("a"));
    assertThat(monitor.check("a").orElseThrow().pending()).isTrue();
    monitor.start();
    await()
        .until(
            () -> monitor.check("b").flatMap(CheckSnapshot::lastResult).map(Result::status),
            status -> status.equals(java.util.Optional.of(Status.WARNING)));
    assertThat(monitor.check("b").orElseThrow().name()).isEqualTo("b");
    assertThat(monitor.check("missing")).isEmpty();
    monitor.unregister("a");
    assertThat(monitor.check("a")).isEmpty();
  }
}
