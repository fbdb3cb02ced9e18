package io.vigil.cluster.testing;

import io.vigil.cluster.NodeProber;
import io.vigil.cluster.NodeSpec;
import io.vigil.cluster.ProbeResult;
import io.vigil.core.Ticker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A prober whose nodes answer as the test says: {@link Mode#UP} at once, {@link Mode#REFUSED} at
 * once (a crashed process), {@link Mode#HUNG} never (the probe times out when {@link #expire()}
 * finds its deadline passed on the fake clock).
 */
public final class FakeProber implements NodeProber {

  /** How a node answers. */
  public enum Mode {
    UP,
    REFUSED,
    HUNG
  }

  private final Ticker ticker;
  private final Map<String, Mode> modes = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> probes = new ConcurrentHashMap<>();
  private final List<Pending> pending = new ArrayList<>();

  public FakeProber(Ticker ticker) {
    this.ticker = ticker;
  }

  /** Sets how {@code node} answers from now on (UP by default). */
  public FakeProber set(String node, Mode mode) {
    modes.put(node, mode);
    return this;
  }

  /** Probes of {@code node} started so far. */
  public int probes(String node) {
    return probes.getOrDefault(node, new AtomicInteger()).get();
  }

  @Override
  public CompletableFuture<ProbeResult> probe(NodeSpec node, Duration timeout) {
    probes.computeIfAbsent(node.id(), k -> new AtomicInteger()).incrementAndGet();
    return switch (modes.getOrDefault(node.id(), Mode.UP)) {
      case UP -> CompletableFuture.completedFuture(ProbeResult.ok("HTTP 200", Duration.ZERO));
      case REFUSED ->
          CompletableFuture.completedFuture(
              ProbeResult.failed("connection refused", Duration.ZERO));
      case HUNG -> {
        CompletableFuture<ProbeResult> future = new CompletableFuture<>();
        synchronized (pending) {
          pending.add(new Pending(ticker.monotonicNanos() + timeout.toNanos(), timeout, future));
        }
        yield future;
      }
    };
  }

  /** Times out every hung probe whose deadline has passed on the fake clock. */
  public void expire() {
    List<Pending> due = new ArrayList<>();
    synchronized (pending) {
      long now = ticker.monotonicNanos();
      pending.removeIf(p -> p.deadline <= now && due.add(p));
    }
    due.forEach(p -> p.future.complete(ProbeResult.timedOut(p.timeout)));
  }

  private record Pending(long deadline, Duration timeout, CompletableFuture<ProbeResult> future) {}
}
