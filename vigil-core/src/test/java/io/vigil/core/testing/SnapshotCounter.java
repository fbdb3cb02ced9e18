package io.vigil.core.testing;

import io.vigil.core.Monitor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.concurrent.atomic.AtomicInteger;

/** A monitor that passes every call on and counts the calls of {@link Monitor#snapshot()}. */
public final class SnapshotCounter {

  private SnapshotCounter() {}

  /** {@code monitor}, counting its {@code snapshot()} calls in {@code snapshots}. */
  public static Monitor counting(Monitor monitor, AtomicInteger snapshots) {
    return (Monitor)
        Proxy.newProxyInstance(
            Monitor.class.getClassLoader(),
            new Class<?>[] {Monitor.class},
            (proxy, method, args) -> {
              if (method.getName().equals("snapshot")) {
                snapshots.incrementAndGet();
              }
              try {
                return method.invoke(monitor, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }
}
