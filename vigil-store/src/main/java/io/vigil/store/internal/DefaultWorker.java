package io.vigil.store.internal;

import io.vigil.core.Secrets;
import io.vigil.core.Ticker;
import io.vigil.store.tasks.Task;
import io.vigil.store.tasks.TaskHandler;
import io.vigil.store.tasks.Worker;
import io.vigil.store.tasks.WorkerSettings;
import io.vigil.store.tasks.WorkerStats;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A worker: a poller thread claims due tasks of its types (up to its free slots) and reaps other
 * workers' tasks that lost their heartbeat; a heartbeat thread marks its running tasks alive; each
 * task runs on its own virtual thread ({@link TaskFinisher} writes the outcome, fenced by worker id
 * and attempt so a taken-over task's late completion is refused).
 */
final class DefaultWorker implements Worker {

  private static final Logger LOG = LoggerFactory.getLogger(DefaultWorker.class);

  private final Database db;
  private final String queue;
  private final Ticker ticker;
  private final Map<String, TaskHandler> handlers = new LinkedHashMap<>();
  private final WorkerSettings settings;
  private final Semaphore slots;
  private final Map<Long, Thread> running = new ConcurrentHashMap<>();
  private final WorkerCounters counters = new WorkerCounters();
  private final TaskFinisher finisher;
  private final AtomicBoolean stopping = new AtomicBoolean();
  private final CountDownLatch stopSignal = new CountDownLatch(1);
  private final ReentrantLock idleLock = new ReentrantLock();
  private final Condition idleWake = idleLock.newCondition();
  private boolean woken;
  private volatile boolean heartbeatsStopped;
  private final Thread poller;
  private final Thread heartbeat;
  private volatile boolean crashed;
  private long lastReapNanos = System.nanoTime();

  DefaultWorker(
      Database db, String queue, Ticker ticker, List<TaskHandler> list, WorkerSettings settings) {
    if (list.isEmpty()) {
      throw new IllegalArgumentException("a worker needs at least one task handler");
    }
    for (TaskHandler h : list) {
      if (handlers.putIfAbsent(h.type(), h) != null) {
        throw new IllegalArgumentException("two task handlers for the type " + h.type());
      }
    }
    this.db = db;
    this.queue = queue;
    this.ticker = ticker;
    this.settings = settings;
    this.slots = new Semaphore(settings.concurrency());
    this.finisher = new TaskFinisher(db, ticker, settings.id(), counters);
    this.poller = Thread.ofVirtual().name("vigil-worker-poll").unstarted(this::pollLoop);
    this.heartbeat = Thread.ofVirtual().name("vigil-worker-heartbeat").unstarted(this::beatLoop);
  }

  void start() {
    poller.start();
    heartbeat.start();
    LOG.info(
        "event=worker_started worker={} queue={} types={} concurrency={}",
        settings.id(),
        queue,
        String.join(",", handlers.keySet()),
        settings.concurrency());
  }

  @Override
  public String id() {
    return settings.id();
  }

  @Override
  public WorkerStats stats() {
    return counters.snapshot();
  }

  private void pollLoop() {
    while (!stopping.get()) {
      try {
        reapWhenDue();
        int free = slots.availablePermits();
        List<Task> claimed = free > 0 ? claim(free) : List.of();
        for (Task task : claimed) {
          slots.acquire();
          launch(task);
        }
        if (free == 0) {
          awaitFreeSlot();
        } else if (claimed.size() < free) {
          idle(settings.pollInterval());
        }
      } catch (InterruptedException e) {
        return;
      } catch (SQLException | RuntimeException e) {
        if (!stopping.get()) {
          LOG.warn(
              "event=worker_poll_failed worker={} queue={} error=\"{}\"",
              settings.id(),
              queue,
              Secrets.maskText(String.valueOf(e.getMessage())));
        }
        try {
          pause(settings.pollInterval());
        } catch (InterruptedException interrupted) {
          return;
        }
      }
    }
  }

  private List<Task> claim(int limit) throws SQLException {
    String sql = TaskSql.claim(db.engine(), handlers.size());
    long now = ticker.wallTime().toEpochMilli();
    return db.write(
        c -> {
          try (PreparedStatement ps = c.prepareStatement(sql)) {
            List<Object> args = new ArrayList<>(List.of(settings.id(), now, now, now, queue, now));
            args.addAll(handlers.keySet());
            args.add(limit);
            TaskSql.bind(ps, args.toArray());
            List<Task> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                out.add(TaskSql.map(rs));
              }
            }
            return out;
          }
        });
  }

  private void launch(Task task) {
    counters.claimed.incrementAndGet();
    Thread t =
        Thread.ofVirtual()
            .name("vigil-task-runner-" + task.id())
            .unstarted(
                () -> {
                  try {
                    run(task);
                  } finally {
                    running.remove(task.id());
                    slots.release();
                  }
                });
    running.put(task.id(), t);
    t.start();
  }

  private void run(Task task) {
    TaskHandler handler = handlers.get(task.type());
    if (task.attempts() > handler.policy().maxAttempts()) {
      finisher.deadBeforeRun(task, handler.policy());
      return;
    }
    long started = System.nanoTime();
    TaskAttempt.Outcome outcome;
    try {
      outcome = TaskAttempt.run(handler, task);
    } catch (InterruptedException e) {
      return; // crash or close: the row stays as it is (close releases it)
    }
    if (!crashed) {
      finisher.finish(task, handler.policy(), outcome, System.nanoTime() - started);
    }
  }

  private void reapWhenDue() throws SQLException {
    long nowNanos = System.nanoTime();
    if (nowNanos - lastReapNanos < settings.heartbeatInterval().toNanos()) {
      return;
    }
    lastReapNanos = nowNanos;
    long now = ticker.wallTime().toEpochMilli();
    long cutoff = now - settings.deadAfter().toMillis();
    int reaped =
        db.write(
            c -> {
              try (PreparedStatement ps = c.prepareStatement(TaskSql.REAP)) {
                TaskSql.bind(ps, now, now, queue, cutoff);
                return ps.executeUpdate();
              }
            });
    if (reaped > 0) {
      counters.reaped.addAndGet(reaped);
      LOG.warn(
          "event=tasks_reaped worker={} queue={} tasks={} dead_after_ms={}",
          settings.id(),
          queue,
          reaped,
          settings.deadAfter().toMillis());
    }
  }

  private void beatLoop() {
    while (!stopping.get()) {
      try {
        pause(settings.heartbeatInterval());
        if (!running.isEmpty() && !heartbeatsStopped && !stopping.get()) {
          long now = ticker.wallTime().toEpochMilli();
          db.write(
              c -> {
                try (PreparedStatement ps = c.prepareStatement(TaskSql.HEARTBEAT)) {
                  TaskSql.bind(ps, now, settings.id());
                  return ps.executeUpdate();
                }
              });
        }
      } catch (InterruptedException e) {
        return;
      } catch (SQLException | RuntimeException e) {
        LOG.warn(
            "event=worker_heartbeat_failed worker={} error=\"{}\"",
            settings.id(),
            Secrets.maskText(String.valueOf(e.getMessage())));
      }
    }
  }

  /**
   * Every slot is taken: waits until a task ends (then claims again at once) or the poll interval
   * passes (to reap on time).
   */
  private void awaitFreeSlot() throws InterruptedException {
    if (slots.tryAcquire(settings.pollInterval().toNanos(), TimeUnit.NANOSECONDS)) {
      slots.release();
    }
  }

  /** The queue was empty: waits for the poll interval, a {@link #wake()} or the worker's stop. */
  private void idle(java.time.Duration d) throws InterruptedException {
    idleLock.lock();
    try {
      long left = d.toNanos();
      while (!woken && !stopping.get() && left > 0) {
        left = idleWake.awaitNanos(left);
      }
      woken = false;
    } finally {
      idleLock.unlock();
    }
    if (stopping.get()) {
      throw new InterruptedException("worker stopping");
    }
  }

  /** A task was enqueued in this process: claim now rather than at the next poll. */
  void wake() {
    idleLock.lock();
    try {
      woken = true;
      idleWake.signalAll();
    } finally {
      idleLock.unlock();
    }
  }

  String queue() {
    return queue;
  }

  /** Waits for the duration or until the worker stops, without interrupting JDBC calls. */
  private void pause(java.time.Duration d) throws InterruptedException {
    if (stopSignal.await(d.toNanos(), TimeUnit.NANOSECONDS)) {
      throw new InterruptedException("worker stopping");
    }
  }

  /** Stops the heartbeats only, as a paused process (long GC, SIGSTOP) would. For tests. */
  void stopHeartbeats() {
    heartbeatsStopped = true;
  }

  /** Dies as a killed process would: no completion, no release, no more heartbeats. For tests. */
  void crash() {
    crashed = true;
    stopping.set(true);
    stopSignal.countDown();
    wake();
    running.values().forEach(Thread::interrupt);
  }

  @Override
  public void close() {
    if (!stopping.compareAndSet(false, true)) {
      return;
    }
    stopSignal.countDown();
    wake();
    try {
      poller.join(settings.closeTimeout().toMillis());
      if (slots.tryAcquire(
          settings.concurrency(), settings.closeTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
        slots.release(settings.concurrency());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    finisher.releaseAll(queue);
    running.values().forEach(Thread::interrupt);
    WorkerStats s = stats();
    LOG.info(
        "event=worker_stopped worker={} queue={} claimed={} succeeded={} retried={} dead={}",
        settings.id(),
        queue,
        s.claimed(),
        s.succeeded(),
        s.retried(),
        s.dead());
  }
}
