package io.vigil.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vigil.core.testing.RecordingListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * 1,000 checks with random outcomes, registered and unregistered from several threads while the
 * monitor runs and listeners watch: every listener must see, per check, an unbroken chain of
 * transitions that ends where the final snapshot is.
 */
class StressTest {

  private static final int CHECKS = 1000;
  private static final int CHURNERS = 4;

  @Test
  @Timeout(120)
  void noLostOrDuplicatedTransitionsUnderChurn() throws Exception {
    Monitor monitor = Monitor.builder().listenerQueue(10_000_000).build();
    RecordingListener first = new RecordingListener();
    RecordingListener second = new RecordingListener();
    monitor.subscribe(first);
    monitor.subscribe(second);
    for (int i = 0; i < CHECKS; i++) {
      monitor.register(spec(i), StressTest::randomResult);
    }
    monitor.start();
    AtomicBoolean churn = new AtomicBoolean(true);
    List<Thread> churners = new ArrayList<>();
    for (int t = 0; t < CHURNERS; t++) {
      churners.add(
          Thread.ofPlatform()
              .start(
                  () -> {
                    ThreadLocalRandom random = ThreadLocalRandom.current();
                    while (churn.get()) {
                      int i = random.nextInt(CHECKS);
                      if (!monitor.unregister("c" + i)) {
                        try {
                          monitor.register(spec(i), StressTest::randomResult);
                        } catch (DuplicateCheckException raced) {
                          // another churner re-registered it first
                        }
                      }
                      monitor.snapshot();
                    }
                  }));
    }
    await().atMost(Duration.ofSeconds(60)).until(() -> monitor.stats().runs() > 20_000);
    churn.set(false);
    for (Thread t : churners) {
      t.join();
    }
    HealthSnapshot before = monitor.snapshot();
    monitor.stop();
    HealthSnapshot after = monitor.snapshot();

    assertThat(monitor.stats().listenerDrops()).isZero();
    assertChains(first.events(), after);
    assertThat(second.events()).isEqualTo(first.events());
    assertThat(after.checks().keySet()).isEqualTo(before.checks().keySet());
  }

  private static CheckSpec spec(int i) {
    Duration interval = Duration.ofMillis(50 + i % 50);
    return CheckSpec.builder("c" + i)
        .interval(interval)
        .retryInterval(Duration.ofMillis(10))
        .timeout(interval)
        .jitter(Duration.ofMillis(20))
        .critical(i % 10 == 0)
        .build();
  }

  private static Result randomResult(CheckContext ctx) {
    int roll = ThreadLocalRandom.current().nextInt(10);
    return roll < 6 ? Result.ok() : roll < 8 ? Result.warning("w") : Result.critical("c");
  }

  /** Per check: registered, then transitions each starting where the previous one ended. */
  private static void assertChains(List<HealthEvent> events, HealthSnapshot finalSnapshot) {
    Map<String, String> state = new HashMap<>();
    int transitions = 0;
    for (HealthEvent event : events) {
      switch (event) {
        case HealthEvent.CheckRegistered r -> {
          assertThat(state).as("registered twice: %s", r.check()).doesNotContainKey(r.check());
          state.put(r.check(), "UNKNOWN/HARD/pending");
        }
        case HealthEvent.CheckRemoved r -> {
          assertThat(state).as("removed unregistered: %s", r.check()).containsKey(r.check());
          state.remove(r.check());
        }
        case HealthEvent.StateChanged c -> {
          String from = c.from() + "/" + c.fromType();
          String current = state.get(c.check());
          assertThat(current).as("transition of unregistered %s", c.check()).isNotNull();
          assertThat(current.replace("/pending", "")).as("chain of %s", c.check()).isEqualTo(from);
          assertThat(c.to() + "/" + c.toType()).isNotEqualTo(current);
          state.put(c.check(), c.to() + "/" + c.toType());
          transitions++;
        }
        default -> {}
      }
    }
    assertThat(transitions).isGreaterThan(1000);
    assertThat(state.keySet()).isEqualTo(finalSnapshot.checks().keySet());
    finalSnapshot
        .checks()
        .forEach(
            (name, check) -> {
              String expected =
                  check.pending()
                      ? "UNKNOWN/HARD/pending"
                      : check.status() + "/" + check.stateType();
              assertThat(state.get(name)).as("final state of %s", name).isEqualTo(expected);
            });
  }
}
