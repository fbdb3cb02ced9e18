package io.vigil.recovery;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadFactory;

/** The healer's action threads, made and joined by a test, so nothing waits on real time. */
final class ActionThreads implements ThreadFactory {

  private final List<Thread> threads = new CopyOnWriteArrayList<>();

  @Override
  public Thread newThread(Runnable body) {
    Thread thread = Thread.ofVirtual().unstarted(body);
    threads.add(thread);
    return thread;
  }

  /** Waits until every action started so far has ended. */
  void join() throws InterruptedException {
    for (Thread thread : threads) {
      thread.join();
    }
  }
}
