package io.vigil.alerts;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * A webhook sink: POSTs the notification JSON (schema version {@code 1}) with an {@code
 * Idempotency-Key} header, and with {@code X-Vigil-Signature: sha256=HEX} (HMAC-SHA256 of the body
 * with {@code secret}) when a secret is set.
 *
 * @param name the sink's name
 * @param url where to POST; may hold a token (never logged or shown)
 * @param headers extra headers; their values are never logged or shown
 * @param secret the HMAC key, if the receiver checks signatures
 * @param timeout of one request
 */
public record WebhookSettings(
    String name, URI url, Map<String, String> headers, Optional<String> secret, Duration timeout) {

  /** Default {@link #timeout()}. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  /** Copies the headers. */
  public WebhookSettings {
    headers = Map.copyOf(headers);
  }

  /** A webhook to {@code url} with no extra headers, no signature and the default timeout. */
  public static WebhookSettings of(String name, URI url) {
    return new WebhookSettings(name, url, Map.of(), Optional.empty(), DEFAULT_TIMEOUT);
  }
}
