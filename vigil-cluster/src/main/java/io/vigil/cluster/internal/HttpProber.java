package io.vigil.cluster.internal;

import io.vigil.cluster.NodeProber;
import io.vigil.cluster.NodeSpec;
import io.vigil.cluster.ProbeResult;
import io.vigil.core.Secrets;
import io.vigil.core.Ticker;
import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The default probe: {@code GET} of the node's health URL with the monitor's one shared HTTP/1.1
 * client; a 2xx or 3xx status is an answer. A refused or reset connection fails as soon as it
 * happens; no answer fails at the timeout.
 */
public final class HttpProber implements NodeProber {

  private final HttpClient client;
  private final Ticker ticker;

  /** Probes with {@code client}, timing with {@code ticker}. */
  public HttpProber(HttpClient client, Ticker ticker) {
    this.client = client;
    this.ticker = ticker;
  }

  @Override
  public CompletableFuture<ProbeResult> probe(NodeSpec node, Duration timeout) {
    if (node.healthUrl().isEmpty()) {
      return CompletableFuture.completedFuture(
          ProbeResult.failed("node has no healthUrl", Duration.ZERO));
    }
    URI url = node.healthUrl().get();
    HttpRequest request =
        HttpRequest.newBuilder(url)
            .GET()
            .timeout(timeout)
            .header("User-Agent", "vigil-cluster")
            .build();
    long t0 = ticker.monotonicNanos();
    return client
        .sendAsync(request, HttpResponse.BodyHandlers.discarding())
        .handle(
            (response, error) -> {
              Duration took = Duration.ofNanos(ticker.monotonicNanos() - t0);
              if (error == null) {
                int status = response.statusCode();
                return status < 400
                    ? ProbeResult.ok("HTTP " + status, took)
                    : ProbeResult.failed("HTTP " + status, took);
              }
              return failure(error, timeout, took);
            });
  }

  static ProbeResult failure(Throwable error, Duration timeout, Duration took) {
    Throwable cause =
        error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    if (cause instanceof HttpTimeoutException) {
      return ProbeResult.timedOut(timeout);
    }
    if (cause instanceof ConnectException) {
      return ProbeResult.failed("connection refused", took);
    }
    if (cause instanceof EOFException) {
      return ProbeResult.failed("connection closed without an answer", took);
    }
    String message = cause.getMessage() == null ? "" : Secrets.maskText(cause.getMessage());
    if (cause instanceof IOException && message.toLowerCase().contains("reset")) {
      return ProbeResult.failed("connection reset", took);
    }
    return ProbeResult.failed(
        cause.getClass().getSimpleName() + (message.isEmpty() ? "" : ": " + message), took);
  }
}
