package io.vigil.cluster.internal;

import io.vigil.cluster.ClusterEvent;
import io.vigil.cluster.ClusterListener;
import io.vigil.core.Subscription;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The monitor's listeners, each with its own bounded queue and virtual thread: events are offered
 * under the engine's lock (every listener sees the same order) and never waited for; a full queue
 * drops the event and counts it.
 */
final class Listeners {

  private static final Logger LOG = LoggerFactory.getLogger(Listeners.class);
  private static final Duration CLOSE_WAIT = Duration.ofSeconds(1);

  private final int capacity;
  private final List<Queue> queues = new CopyOnWriteArrayList<>();
  private final AtomicLong closedDrops = new AtomicLong();

  Listeners(int capacity) {
    this.capacity = capacity;
  }

  Subscription add(ClusterListener listener) {
    Queue queue = new Queue(listener);
    queues.add(queue);
    return queue;
  }

  void emit(ClusterEvent event) {
    for (Queue queue : queues) {
      queue.offer(event);
    }
  }

  long dropped() {
    return closedDrops.get() + queues.stream().mapToLong(Queue::dropped).sum();
  }

  void closeAll() {
    queues.forEach(Queue::close);
  }

  /** One listener's queue and thread. */
  private final class Queue implements Subscription {
    private static final Object END = new Object();
    private final ClusterListener listener;
    private final BlockingQueue<Object> items = new ArrayBlockingQueue<>(capacity + 1);
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final Thread thread;
    private volatile boolean closed;

    Queue(ClusterListener listener) {
      this.listener = listener;
      this.thread = Thread.ofVirtual().name("vigil-cluster-listener").start(this::loop);
    }

    void offer(ClusterEvent event) {
      if (closed || items.size() >= capacity || !items.offer(event)) {
        dropped.incrementAndGet();
      }
    }

    private void loop() {
      while (true) {
        Object item;
        try {
          item = items.take();
        } catch (InterruptedException e) {
          return;
        }
        if (item == END) {
          return;
        }
        try {
          listener.onEvent((ClusterEvent) item);
        } catch (Throwable t) {
          failed.incrementAndGet();
          LOG.warn(
              "event=cluster_listener_failed listener={} error=\"{}\"",
              listener.getClass().getName(),
              t.toString());
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
      queues.remove(this);
      closedDrops.addAndGet(dropped.get());
      if (!items.offer(END)) {
        thread.interrupt();
      }
      try {
        if (!thread.join(CLOSE_WAIT)) {
          thread.interrupt();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
