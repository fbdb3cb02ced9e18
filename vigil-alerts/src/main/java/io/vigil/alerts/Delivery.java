package io.vigil.alerts;

/** What became of one attempt to send a notification. */
public sealed interface Delivery {

  /** Delivered. */
  record Delivered() implements Delivery {}

  /** Not delivered, worth trying again (5xx, 408, 429, a timeout, connection refused). */
  record Retry(String reason) implements Delivery {}

  /** Not delivered and never will be (any other 4xx, a refused address): dead-lettered. */
  record Rejected(String reason) implements Delivery {}

  /** Delivered. */
  static Delivery delivered() {
    return new Delivered();
  }

  /**
   * The delivery an HTTP status means: 2xx delivered; 408, 429 and 5xx retried; any other status
   * rejected.
   */
  static Delivery ofHttpStatus(int status, String body) {
    if (status >= 200 && status < 300) {
      return delivered();
    }
    String reason = "HTTP " + status + (body.isBlank() ? "" : ": " + abbreviate(body));
    if (status == 408 || status == 429 || status >= 500) {
      return new Retry(reason);
    }
    return new Rejected(reason);
  }

  private static String abbreviate(String text) {
    String line = text.strip().replaceAll("\\s+", " ");
    return line.length() <= 200 ? line : line.substring(0, 200) + "…";
  }
}
