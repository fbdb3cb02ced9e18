package io.vigil.recovery;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Runs each recovery action on its own thread from the injected factory (by default a virtual
 * thread), so a slow action never blocks the healer, and reports how it ended: empty when it was
 * carried out, the error otherwise.
 */
final class ActionRunner {

  private final java.util.concurrent.ThreadFactory threads;
  private final Set<Thread> live = ConcurrentHashMap.newKeySet();

  ActionRunner(java.util.concurrent.ThreadFactory threads) {
    this.threads = threads;
  }

  /** Starts {@code action}; {@code done} gets the error, if any, on the action's thread. */
  Thread start(RecoveryAction action, RecoveryContext ctx, Consumer<Optional<String>> done) {
    Thread thread =
        threads.newThread(
            () -> {
              try {
                done.accept(run(action, ctx));
              } finally {
                live.remove(Thread.currentThread());
              }
            });
    live.add(thread);
    thread.start();
    return thread;
  }

  private static Optional<String> run(RecoveryAction action, RecoveryContext ctx) {
    try {
      action.run(ctx);
      return Optional.empty();
    } catch (Exception e) {
      return Optional.of(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
    }
  }

  /** Interrupts every running action and waits up to {@code grace} for each to end. */
  void stopAll(Duration grace) {
    List<Thread> running = List.copyOf(live);
    running.forEach(Thread::interrupt);
    for (Thread thread : running) {
      try {
        thread.join(grace);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
