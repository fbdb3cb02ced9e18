package io.vigil.alerts.internal;

import io.vigil.alerts.Delivery;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * POSTs JSON for the HTTP sinks and says what the answer means for delivery. No failure reason
 * names the URL (it may hold a token); headers are never echoed.
 */
final class HttpSender implements AutoCloseable {

  private final HttpClient client;
  private final Duration timeout;

  HttpSender(Duration timeout) {
    this.timeout = timeout;
    this.client =
        HttpClient.newBuilder()
            .connectTimeout(timeout)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  Delivery post(URI url, String body, Map<String, String> headers) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(url)
            .timeout(timeout)
            .header("Content-Type", "application/json")
            .header("User-Agent", "vigil-alerts")
            .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    headers.forEach(request::header);
    try {
      HttpResponse<String> response =
          client.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return Delivery.ofHttpStatus(response.statusCode(), response.body());
    } catch (HttpTimeoutException e) {
      return new Delivery.Retry("timed out after " + timeout.toMillis() + "ms");
    } catch (IOException e) {
      return new Delivery.Retry(e.getClass().getSimpleName() + describe(e));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Delivery.Retry("interrupted");
    } catch (IllegalArgumentException e) {
      return new Delivery.Rejected("bad request: " + e.getMessage());
    }
  }

  private static String describe(IOException e) {
    Throwable cause = e.getCause() == null ? e : e.getCause();
    String message = cause.getMessage();
    return message == null || message.contains("://") ? "" : ": " + message;
  }

  /** A URL for people: scheme, host and port; a path is shown as {@code /******}. */
  static String masked(URI url) {
    String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "" : "/******";
    return url.getScheme()
        + "://"
        + url.getHost()
        + (url.getPort() < 0 ? "" : ":" + url.getPort())
        + path;
  }

  @Override
  public void close() {
    client.close();
  }
}
