package io.vigil.alerts.internal;

import io.vigil.alerts.Delivery;
import io.vigil.alerts.DeliveryObserver;
import io.vigil.alerts.SendGate;
import io.vigil.alerts.Sink;
import io.vigil.core.Secrets;
import io.vigil.core.Ticker;
import io.vigil.store.outbox.Outbox;
import io.vigil.store.outbox.OutboxEntry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers one sink's notifications from the outbox, one at a time, oldest first: a failed one
 * holds the ones after it until its retry (so a sink sees changes in order and is never hit by more
 * than one retry storm). Retried with {@link Backoff} on {@link Delivery.Retry}; dead-lettered on
 * {@link Delivery.Rejected} or once past its deadline.
 */
final class SinkWorker implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger("vigil.alerts");

  /** How long an idle worker waits before it looks at the outbox again (it is woken sooner). */
  static final Duration IDLE_POLL = Duration.ofSeconds(5);

  private final Sink sink;
  private final Outbox outbox;
  private final Ticker ticker;
  private final Backoff backoff;
  private final DeliveryObserver observer;
  private final SendGate gate;
  private volatile String held = "";
  private final Semaphore wake = new Semaphore(0);
  private final Thread thread;
  private volatile boolean closed;

  SinkWorker(
      Sink sink,
      Outbox outbox,
      Ticker ticker,
      Backoff backoff,
      DeliveryObserver observer,
      SendGate gate) {
    this.gate = gate;
    this.sink = sink;
    this.outbox = outbox;
    this.ticker = ticker;
    this.backoff = backoff;
    this.observer = observer;
    this.thread =
        Thread.ofPlatform().daemon().name("vigil-alerts-" + sink.name()).unstarted(this::loop);
  }

  void start() {
    thread.start();
  }

  /** Looks at the outbox now. */
  void wake() {
    wake.release();
  }

  private void loop() {
    while (!closed) {
      Duration idle;
      try {
        idle = deliverDue();
      } catch (RuntimeException e) {
        LOG.warn(
            "event=notification_delivery_failed sink={} error=\"{}\"",
            sink.name(),
            Secrets.maskText(String.valueOf(e.getMessage())));
        idle = Duration.ofSeconds(1);
      }
      try {
        if (wake.tryAcquire(Math.max(1, idle.toMillis()), TimeUnit.MILLISECONDS)) {
          wake.drainPermits();
        }
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** Delivers what is due, in order; how long until the next one is due (or the idle poll). */
  Duration deliverDue() {
    while (!closed) {
      List<OutboxEntry> unsent = outbox.unsent(sink.name(), 16);
      if (unsent.isEmpty()) {
        return IDLE_POLL;
      }
      for (OutboxEntry e : unsent) {
        Instant now = ticker.wallTime();
        if (e.nextAttemptAt().isAfter(now)) {
          Duration wait = Duration.between(now, e.nextAttemptAt());
          return wait.compareTo(IDLE_POLL) < 0 ? wait : IDLE_POLL;
        }
        Optional<String> hold = gate.hold(sink.name(), e.key());
        if (hold.isPresent()) {
          if (!hold.get().equals(held)) {
            LOG.info("event=notifications_held sink={} reason=\"{}\"", sink.name(), hold.get());
            held = hold.get();
          }
          return IDLE_POLL; // stays in the outbox, tried again later
        }
        if (!held.isEmpty()) {
          LOG.info("event=notifications_released sink={}", sink.name());
          held = "";
        }
        if (!attempt(e, now) || closed) {
          break;
        }
      }
    }
    return IDLE_POLL;
  }

  /** One attempt; whether the entry is done with (sent or dead). */
  private boolean attempt(OutboxEntry e, Instant now) {
    if (!now.isBefore(e.deadline())) {
      dead(e, "deadline passed after " + e.attempts() + " attempts: " + e.lastError().orElse(""));
      return true;
    }
    Delivery d;
    try {
      d = sink.send(NotificationJson.read(e.payload()));
    } catch (RuntimeException ex) {
      d = new Delivery.Retry(ex.getClass().getSimpleName() + ": " + ex.getMessage());
    }
    Instant after = ticker.wallTime();
    switch (d) {
      case Delivery.Delivered ok -> {
        outbox.sent(e.id(), after);
        Duration latency = Duration.between(e.createdAt(), after);
        observer.attempted(sink.name(), "sent", latency.isNegative() ? Duration.ZERO : latency);
        LOG.info(
            "event=notification_sent sink={} key={} alerts={} attempts={} latency_ms={}",
            sink.name(),
            e.key(),
            e.alerts().size(),
            e.attempts() + 1,
            latency.toMillis());
        return true;
      }
      case Delivery.Rejected r -> {
        dead(e, r.reason());
        return true;
      }
      case Delivery.Retry r -> {
        return retry(e, r.reason(), after);
      }
    }
  }

  private boolean retry(OutboxEntry e, String reason, Instant now) {
    String masked = Secrets.maskText(reason);
    Instant next = now.plus(backoff.delay(e.attempts() + 1));
    if (!next.isBefore(e.deadline())) {
      dead(e, "deadline passed after " + (e.attempts() + 1) + " attempts: " + masked);
      return true;
    }
    outbox.retry(e.id(), masked, now, next);
    observer.attempted(sink.name(), "retry", Duration.ZERO);
    LOG.warn(
        "event=notification_retry sink={} key={} attempt={} next_in_ms={} reason=\"{}\"",
        sink.name(),
        e.key(),
        e.attempts() + 1,
        Duration.between(now, next).toMillis(),
        masked);
    return false;
  }

  private void dead(OutboxEntry e, String reason) {
    String masked = Secrets.maskText(reason);
    outbox.dead(e.id(), masked, ticker.wallTime());
    observer.attempted(sink.name(), "dead", Duration.ZERO);
    LOG.error(
        "event=notification_dead sink={} key={} alerts={} attempts={} reason=\"{}\"",
        sink.name(),
        e.key(),
        e.alerts().size(),
        e.attempts() + 1,
        masked);
  }

  Sink sink() {
    return sink;
  }

  @Override
  public void close() {
    closed = true;
    thread.interrupt();
    try {
      thread.join(2000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    sink.close();
  }
}
