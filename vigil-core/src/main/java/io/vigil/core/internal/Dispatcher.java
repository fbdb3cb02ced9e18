package io.vigil.core.internal;

import io.vigil.core.HealthEvent;
import io.vigil.core.HealthListener;
import io.vigil.core.Subscription;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers events to one listener on its own virtual thread, in order, through a bounded queue. A
 * full queue drops the event and counts it: the engine never waits for a listener.
 */
final class Dispatcher implements Subscription {

  private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);
  private static final Duration CLOSE_WAIT = Duration.ofSeconds(1);

  /** Ends the thread after the events queued before it; the queue keeps one slot for it. */
  private static final Object CLOSE = new Object();

  private final HealthListener listener;
  private final BlockingQueue<Object> queue;
  private final int capacity;
  private final AtomicLong delivered = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final Consumer<Dispatcher> onClose;
  private final Thread thread;
  private volatile boolean closed;

  Dispatcher(HealthListener listener, int capacity, Consumer<Dispatcher> onClose) {
    this.listener = listener;
    this.capacity = capacity;
    this.queue = new ArrayBlockingQueue<>(capacity + 1);
    this.onClose = onClose;
    this.thread = Thread.ofVirtual().name("vigil-listener").start(this::loop);
  }

  /**
   * Queues the event, or drops and counts it when the queue is full or closed. Called by one
   * producer at a time (under the engine lock).
   */
  void offer(HealthEvent event) {
    if (closed || queue.size() >= capacity || !queue.offer(event)) {
      dropped.incrementAndGet();
    }
  }

  private void loop() {
    while (true) {
      Object item;
      try {
        item = queue.take();
      } catch (InterruptedException e) {
        return;
      }
      if (item == CLOSE) {
        return;
      }
      try {
        listener.onEvent((HealthEvent) item);
      } catch (Throwable t) {
        failed.incrementAndGet();
        LOG.warn(
            "event=listener_failed listener={} error=\"{}\"", listener.getClass().getName(), t, t);
      } finally {
        delivered.incrementAndGet();
      }
    }
  }

  @Override
  public long delivered() {
    return delivered.get();
  }

  @Override
  public long dropped() {
    return dropped.get();
  }

  @Override
  public long failed() {
    return failed.get();
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    onClose.accept(this);
    if (!queue.offer(CLOSE)) {
      thread.interrupt();
    }
    try {
      if (!thread.join(CLOSE_WAIT)) {
        LOG.warn("event=listener_stuck listener={}", listener.getClass().getName());
        thread.interrupt();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
