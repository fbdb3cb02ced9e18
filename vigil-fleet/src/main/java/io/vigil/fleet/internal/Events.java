package io.vigil.fleet.internal;

import io.vigil.core.Subscription;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fleet's event thread ({@code vigil-fleet-events}): delivers every listener's events in the
 * order they were emitted (emitters emit under their own lock, so the order is the state's), and
 * between events runs a watch (lease lapses, a lease's {@code held()} changing as acting stops).
 * Listeners never run on the renewal thread, so a slow listener never delays a renewal. The queue
 * is unbounded: ownership changes are never dropped.
 */
public final class Events implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Events.class);
  private static final Runnable END = () -> {};

  private final LinkedBlockingQueue<Runnable> queue = new LinkedBlockingQueue<>();
  private final long watchNanos;
  private volatile Runnable watch = () -> {};
  private Thread thread;

  /** Events whose watch will run at least every {@code watchEvery}. */
  public Events(Duration watchEvery) {
    this.watchNanos = watchEvery.toNanos();
  }

  /** Starts the thread with its watch. */
  public void start(Runnable watch) {
    this.watch = watch;
    this.thread = Thread.ofPlatform().name("vigil-fleet-events").daemon().start(this::loop);
  }

  /** A new list of listeners of one kind. */
  public static <T> List<Sub<T>> listeners() {
    return new CopyOnWriteArrayList<>();
  }

  /** Subscribes; when {@code initial} is not null, it is delivered to this listener first. */
  public <T> Subscription add(List<Sub<T>> list, Consumer<T> listener, T initial) {
    Sub<T> sub = new Sub<>(list, listener);
    list.add(sub);
    if (initial != null) {
      queue.add(() -> sub.deliver(initial));
    }
    return sub;
  }

  /** Delivers the event to every listener subscribed now. */
  public <T> void emit(List<Sub<T>> list, T event) {
    if (list.isEmpty()) {
      return;
    }
    List<Sub<T>> now = List.copyOf(list);
    queue.add(() -> now.forEach(s -> s.deliver(event)));
  }

  private void loop() {
    while (true) {
      Runnable task;
      try {
        task = queue.poll(watchNanos, TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        return;
      }
      if (task == END) {
        return;
      }
      if (task != null) {
        task.run();
      }
      try {
        watch.run();
      } catch (RuntimeException e) {
        LOG.warn("event=fleet_watch_failed error=\"{}\"", e.toString());
      }
    }
  }

  /** Delivers what was emitted so far (waiting up to a second), then stops the thread. */
  @Override
  public void close() {
    queue.add(END);
    try {
      if (thread != null && !thread.join(Duration.ofSeconds(1))) {
        thread.interrupt();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** One listener. */
  public static final class Sub<T> implements Subscription {
    private final List<Sub<T>> list;
    private final Consumer<T> listener;
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private volatile boolean closed;

    Sub(List<Sub<T>> list, Consumer<T> listener) {
      this.list = list;
      this.listener = listener;
    }

    void deliver(T event) {
      if (closed) {
        return;
      }
      try {
        listener.accept(event);
      } catch (RuntimeException e) {
        failed.incrementAndGet();
        LOG.warn(
            "event=fleet_listener_failed listener={} error=\"{}\"",
            listener.getClass().getName(),
            e.toString());
      } finally {
        delivered.incrementAndGet();
      }
    }

    @Override
    public long delivered() {
      return delivered.get();
    }

    @Override
    public long dropped() {
      return 0;
    }

    @Override
    public long failed() {
      return failed.get();
    }

    @Override
    public void close() {
      closed = true;
      list.remove(this);
    }
  }
}
