package io.vigil.cluster.internal;

import io.vigil.cluster.ClusterEvent;
import io.vigil.cluster.ClusterListener;
import io.vigil.cluster.ClusterStatus;
import io.vigil.cluster.RoutingTable;
import io.vigil.core.Secrets;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The routing hook: {@code POST}s each new routing table as JSON to a URL, with its epoch in the
 * {@value #EPOCH_HEADER} header so the receiver can ignore what it has already applied (the same
 * epoch may come twice after a lost answer; an older one never comes after a newer was delivered).
 * Failures (no answer, 5xx, 408, 429) are retried with exponential backoff, always with the newest
 * table; another 4xx gives that table up. One virtual thread; the monitor never waits for it.
 */
public final class HookSender implements ClusterListener, AutoCloseable {

  /** The header with the table's epoch. */
  public static final String EPOCH_HEADER = "Vigil-Routing-Epoch";

  private static final Logger LOG = LoggerFactory.getLogger(HookSender.class);

  private final URI url;
  private final HttpClient client;
  private final Supplier<RoutingTable> routing;
  private final Duration firstRetry;
  private final Duration maxRetry;
  private final Duration timeout;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final Thread thread;
  private volatile boolean closed;
  private volatile long delivered;
  private volatile long failures;
  private volatile String lastError = "";

  /** Sends the tables {@code routing} supplies to {@code url}; starts its thread. */
  public HookSender(
      URI url,
      HttpClient client,
      Supplier<RoutingTable> routing,
      Duration firstRetry,
      Duration maxRetry,
      Duration timeout) {
    this.url = url;
    this.client = client;
    this.routing = routing;
    this.firstRetry = firstRetry;
    this.maxRetry = maxRetry;
    this.timeout = timeout;
    this.thread = Thread.ofVirtual().name("vigil-cluster-hook").start(this::loop);
  }

  @Override
  public void onEvent(ClusterEvent event) {
    if (event instanceof ClusterEvent.RoutingChanged) {
      signal();
    }
  }

  private void signal() {
    lock.lock();
    try {
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  private void loop() {
    Duration backoff = firstRetry;
    while (!closed) {
      RoutingTable table = routing.get();
      if (table.epoch() <= delivered) {
        await(null);
        continue;
      }
      String error = post(table);
      if (error.isEmpty()) {
        delivered = table.epoch();
        backoff = firstRetry;
        continue;
      }
      failures++;
      lastError = error;
      LOG.warn(
          "event=routing_hook_failed url={} epoch={} retry_in_ms={} error=\"{}\"",
          Secrets.maskText(url.toString()),
          table.epoch(),
          backoff.toMillis(),
          error);
      await(backoff);
      backoff =
          backoff.multipliedBy(2).compareTo(maxRetry) > 0 ? maxRetry : backoff.multipliedBy(2);
    }
  }

  /** Delivers {@code table}; the error, or empty when delivered or given up. */
  private String post(RoutingTable table) {
    HttpRequest request =
        HttpRequest.newBuilder(url)
            .timeout(timeout)
            .header("Content-Type", "application/json")
            .header(EPOCH_HEADER, Long.toString(table.epoch()))
            .POST(HttpRequest.BodyPublishers.ofString(Json.write(table.toMap())))
            .build();
    try {
      int status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
      if (status < 300) {
        return "";
      }
      if (status >= 400 && status < 500 && status != 408 && status != 429) {
        delivered = table.epoch(); // the receiver refuses it: retrying cannot help
        lastError = "HTTP " + status + " for epoch " + table.epoch() + "; not retried";
        LOG.warn(
            "event=routing_hook_refused url={} epoch={} status={}",
            Secrets.maskText(url.toString()),
            table.epoch(),
            status);
        return "";
      }
      return "HTTP " + status;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      closed = true;
      return "interrupted";
    } catch (Exception e) {
      return Secrets.maskText(String.valueOf(HttpProber.failure(e, timeout, timeout).detail()));
    }
  }

  /** Waits for a new table, or {@code wait} when given; close ends it. */
  private void await(Duration wait) {
    lock.lock();
    try {
      if (closed) {
        return;
      }
      if (wait == null) {
        if (routing.get().epoch() <= delivered) {
          changed.await(1, TimeUnit.SECONDS);
        }
      } else {
        long left = wait.toNanos();
        while (left > 0 && !closed) {
          left = changed.awaitNanos(left);
        }
      }
    } catch (InterruptedException e) {
      closed = true;
    } finally {
      lock.unlock();
    }
  }

  /** The hook's deliveries (the URL masked). */
  public ClusterStatus.HookStatus status() {
    return new ClusterStatus.HookStatus(
        Secrets.maskText(url.toString()), delivered, failures, lastError);
  }

  @Override
  public void close() {
    closed = true;
    signal();
    try {
      thread.join(Duration.ofSeconds(2));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
