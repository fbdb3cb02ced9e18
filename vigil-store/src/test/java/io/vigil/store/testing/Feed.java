package io.vigil.store.testing;

import static org.awaitility.Awaitility.await;

import io.vigil.core.HealthEvent;
import io.vigil.core.Monitor;
import io.vigil.core.Status;
import io.vigil.core.testing.FakeTicker;
import io.vigil.core.testing.RecordingListener;
import io.vigil.store.Store;
import java.time.Duration;

/**
 * Feeds a store from a real monitor on a fake clock: each {@link #run} is one {@code runNow} of a
 * scripted check taking the given latency of fake time. {@link #close()} stops the monitor (which
 * delivers every queued event) and flushes the store.
 */
public final class Feed implements AutoCloseable {

  private final Store store;
  private final FakeTicker ticker;
  private final String check;
  private final Monitor monitor;
  private final Checks.Scripted script;
  private final RecordingListener events = new RecordingListener();
  private int runs;

  public Feed(Store store, FakeTicker ticker, String check, int failureThreshold) {
    this.store = store;
    this.ticker = ticker;
    this.check = check;
    this.monitor = Monitor.builder().ticker(ticker).build();
    this.script = new Checks.Scripted(ticker);
    monitor.subscribe(events);
    store.attach(monitor);
    monitor.register(Checks.manual(check, failureThreshold), script);
    monitor.start();
  }

  /** One run ending in {@code status} after {@code latency}. */
  public Feed run(Status status, Duration latency) {
    script.next(status, latency);
    monitor.runNow(check).join();
    int expected = ++runs;
    await()
        .pollDelay(Duration.ZERO)
        .pollInterval(Duration.ofMillis(2))
        .until(() -> events.events(HealthEvent.RunCompleted.class).size() >= expected);
    return this;
  }

  /** {@code times} runs, {@code gap} of fake time apart. */
  public Feed runs(int times, Status status, Duration latency, Duration gap) {
    for (int i = 0; i < times; i++) {
      run(status, latency);
      ticker.advance(gap);
    }
    return this;
  }

  public Feed advance(Duration d) {
    ticker.advance(d);
    return this;
  }

  public RecordingListener events() {
    return events;
  }

  @Override
  public void close() {
    monitor.stop();
    if (!store.flush(Duration.ofSeconds(10))) {
      throw new AssertionError("the store did not flush within 10 s: " + store.stats());
    }
  }
}
