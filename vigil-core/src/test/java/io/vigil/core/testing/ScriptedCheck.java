package io.vigil.core.testing;

import io.vigil.core.CheckContext;
import io.vigil.core.HealthCheck;
import io.vigil.core.Result;
import io.vigil.core.Status;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/** A check that answers the statuses it was given, in order, then repeats the last one. */
public final class ScriptedCheck implements HealthCheck {

  private final ConcurrentLinkedQueue<Status> script = new ConcurrentLinkedQueue<>();
  private final AtomicInteger runs = new AtomicInteger();
  private volatile Status last = Status.OK;

  public ScriptedCheck(Status... statuses) {
    then(statuses);
  }

  public ScriptedCheck then(Status... statuses) {
    for (Status s : statuses) {
      script.add(s);
    }
    return this;
  }

  public int runs() {
    return runs.get();
  }

  @Override
  public Result check(CheckContext ctx) {
    runs.incrementAndGet();
    Status next = script.poll();
    if (next != null) {
      last = next;
    }
    return Result.of(last, "scripted " + last);
  }
}
