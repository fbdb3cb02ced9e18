package io.vigil.server.dashboard;

import io.javalin.http.sse.SseClient;
import io.vigil.core.HealthSnapshot;
import io.vigil.core.Monitor;
import io.vigil.core.Subscription;
import io.vigil.core.Ticker;
import io.vigil.server.internal.Json;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pushes the monitor's snapshot changes to every dashboard client. The monitor's events only mark
 * the feed dirty; one broadcaster thread, at most once per {@code coalesce}, compares the new
 * snapshot with the last one it published and encodes the changed rows once, as a numbered message
 * kept in a short ring and shared by every client. Each client has its own thread that sends what
 * it has not seen yet, a full snapshot when it connects or fell too far behind, and a comment every
 * {@code heartbeat} while nothing changes (so a dead connection is noticed and proxies keep it).
 */
final class LiveFeed implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(LiveFeed.class);

  /** How many update messages are kept for clients that are behind. */
  static final int KEPT = 128;

  /**
   * One encoded message: {@code snapshot} (every row), {@code update} (changed rows) or {@code
   * panels} (what the panels show changed).
   */
  record Message(long seq, String event, String data) {}

  private static final Duration STREAM_JOIN = Duration.ofMillis(500);

  private final Monitor monitor;
  private final Ticker ticker;
  private final ThreadFactory threads;
  private final long coalesceNanos;
  private final long heartbeatNanos;
  private final Supplier<Object> panels;
  private Object panelsSeen;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition dirty = lock.newCondition();
  private final Condition published = lock.newCondition();
  private final ArrayDeque<Message> recent = new ArrayDeque<>();
  private boolean changed;
  private boolean closed;
  private long seq;
  private HealthSnapshot last;
  private Message full;
  private int clients;

  /** The client streams' threads, joined on close so each ends its request while Jetty runs. */
  private final Set<Thread> streams = ConcurrentHashMap.newKeySet();

  /**
   * Set once close gave up waiting for a stream: that stream must not complete its request any more
   * (the server recycles it; Javalin would loop on the dead request's error handling).
   */
  private volatile boolean detached;

  private Optional<Subscription> subscription = Optional.empty();

  LiveFeed(
      Monitor monitor,
      Ticker ticker,
      ThreadFactory threads,
      Duration coalesce,
      Duration heartbeat,
      Supplier<Object> panels) {
    this.monitor = monitor;
    this.ticker = ticker;
    this.threads = threads;
    this.coalesceNanos = coalesce.toNanos();
    this.heartbeatNanos = heartbeat.toNanos();
    this.panels = panels;
  }

  /** Streams to {@code sse} on a thread of its own until the client goes or the feed closes. */
  void serve(SseClient sse) {
    start();
    sse.keepAlive();
    Thread thread = threads.newThread(() -> stream(sse));
    sse.onClose(thread::interrupt);
    streams.add(thread);
    thread.start();
  }

  /** Clients streaming now. */
  int clients() {
    lock.lock();
    try {
      return clients;
    } finally {
      lock.unlock();
    }
  }

  private void start() {
    lock.lock();
    try {
      if (subscription.isPresent() || closed) {
        return;
      }
      last = monitor.snapshot();
      subscription = Optional.of(monitor.subscribe(event -> markChanged()));
      threads.newThread(this::broadcast).start();
    } finally {
      lock.unlock();
    }
  }

  /** Marks the feed dirty; only the first change wakes the broadcaster (no wake-up per run). */
  private void markChanged() {
    lock.lock();
    try {
      if (!changed) {
        changed = true;
        dirty.signal();
      }
    } finally {
      lock.unlock();
    }
  }

  private void stream(SseClient sse) {
    lock.lock();
    clients++;
    dirty.signal(); // the broadcaster looks at the panels while someone listens
    lock.unlock();
    try {
      long mine = -1;
      while (!sse.terminated()) {
        List<Message> next = next(mine);
        if (next.isEmpty()) {
          sse.sendComment("keep-alive");
          continue;
        }
        for (Message m : next) {
          sse.sendEvent(m.event(), m.data(), Long.toString(m.seq()));
          mine = m.seq();
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      LOG.debug("event=dashboard_client_gone error=\"{}\"", e.toString());
    } finally {
      lock.lock();
      clients--;
      lock.unlock();
      streams.remove(Thread.currentThread());
      if (!detached) {
        sse.close();
      }
    }
  }

  /**
   * What a client that has seen up to {@code mine} sends next: the full snapshot when it has seen
   * nothing or is too far behind, the newer updates, or nothing after a heartbeat's wait.
   */
  List<Message> next(long mine) throws InterruptedException {
    lock.lock();
    try {
      if (closed) {
        throw new InterruptedException("the dashboard feed closed");
      }
      long wait = heartbeatNanos;
      while (mine >= 0 && seq == mine) {
        if (closed) {
          throw new InterruptedException("the dashboard feed closed");
        }
        if (wait <= 0) {
          return List.of();
        }
        wait = published.awaitNanos(wait);
      }
      if (mine < 0 || seq - mine > recent.size()) {
        return List.of(full());
      }
      List<Message> newer = new ArrayList<>();
      for (Message m : recent) {
        if (m.seq() > mine) {
          newer.add(m);
        }
      }
      return newer;
    } finally {
      lock.unlock();
    }
  }

  /** The full snapshot at the current sequence number, encoded once. */
  private Message full() {
    if (full == null || full.seq() != seq) {
      full = new Message(seq, "snapshot", encode(Rows.full(seq, last, ticker.wallTime())));
    }
    return full;
  }

  private void broadcast() {
    try {
      while (awaitChange()) {
        HealthSnapshot before;
        lock.lock();
        try {
          changed = false;
          before = last;
        } finally {
          lock.unlock();
        }
        publish(before, monitor.snapshot());
        publishPanels();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      LOG.error("event=dashboard_feed_failed error=\"{}\"", e.toString(), e);
    }
  }

  /**
   * Waits for a change, then a little longer so that a burst becomes one message; while clients
   * listen, wakes at least once per {@code coalesce} to look at the panels.
   */
  private boolean awaitChange() throws InterruptedException {
    lock.lock();
    try {
      while (!changed && !closed && clients == 0) {
        dirty.await();
      }
      long wait = coalesceNanos;
      while (wait > 0 && !closed) {
        wait = dirty.awaitNanos(wait);
      }
      return !closed;
    } finally {
      lock.unlock();
    }
  }

  private void publish(HealthSnapshot before, HealthSnapshot after) {
    if (after == before) {
      return;
    }
    int listening = clients();
    Map<String, Object> diff =
        listening == 0 ? null : Rows.diff(seq + 1, before, after, ticker.wallTime());
    String data = diff == null ? null : encode(diff);
    lock.lock();
    try {
      last = after;
      if (listening == 0) {
        recent.clear(); // a client that connects later starts from a full snapshot
        seq++;
      } else if (data != null) {
        seq++;
        recent.addLast(new Message(seq, "update", data));
        while (recent.size() > KEPT) {
          recent.removeFirst();
        }
      }
      published.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** A {@code panels} message when what the panels show changed (broadcaster thread). */
  private void publishPanels() {
    Object now;
    try {
      now = panels.get();
    } catch (RuntimeException e) {
      LOG.debug("event=dashboard_panels_failed error=\"{}\"", e.toString());
      return;
    }
    if (java.util.Objects.equals(now, panelsSeen)) {
      return;
    }
    boolean first = panelsSeen == null;
    panelsSeen = now;
    if (first) {
      return; // a client that connects loads the panels with its snapshot
    }
    lock.lock();
    try {
      seq++;
      recent.addLast(new Message(seq, "panels", "{\"seq\":" + seq + "}"));
      while (recent.size() > KEPT) {
        recent.removeFirst();
      }
      published.signalAll();
    } finally {
      lock.unlock();
    }
  }

  private static String encode(Map<String, Object> json) {
    return new String(Json.bytes(json, false), StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    lock.lock();
    try {
      closed = true;
      dirty.signalAll();
      published.signalAll();
    } finally {
      lock.unlock();
    }
    subscription.ifPresent(Subscription::close);
    for (Thread stream : List.copyOf(streams)) {
      stream.interrupt();
      try {
        stream.join(STREAM_JOIN);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    detached = true;
  }
}
