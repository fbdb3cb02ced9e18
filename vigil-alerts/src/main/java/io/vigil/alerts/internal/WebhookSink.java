package io.vigil.alerts.internal;

import io.vigil.alerts.Delivery;
import io.vigil.alerts.Notification;
import io.vigil.alerts.Sink;
import io.vigil.alerts.WebhookSettings;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * POSTs the notification JSON ({@link NotificationJson}) with {@code Idempotency-Key} (the same on
 * every retry) and, with a secret, {@code X-Vigil-Signature: sha256=HEX}.
 */
public final class WebhookSink implements Sink {

  /** The signature header. */
  public static final String SIGNATURE = "X-Vigil-Signature";

  private final WebhookSettings settings;
  private final HttpSender http;

  /** A webhook sink. */
  public WebhookSink(WebhookSettings settings) {
    this.settings = settings;
    this.http = new HttpSender(settings.timeout());
  }

  @Override
  public String name() {
    return settings.name();
  }

  @Override
  public String type() {
    return "webhook";
  }

  @Override
  public Delivery send(Notification n) {
    String body = NotificationJson.write(n);
    Map<String, String> headers = new LinkedHashMap<>(settings.headers());
    headers.put("Idempotency-Key", n.key());
    settings.secret().ifPresent(secret -> headers.put(SIGNATURE, "sha256=" + hmac(secret, body)));
    return http.post(settings.url(), body, headers);
  }

  /** HMAC-SHA256 of the body with the secret, in hex. */
  public static String hmac(String secret, String body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public String describe() {
    return "webhook "
        + HttpSender.masked(settings.url())
        + (settings.secret().isPresent() ? " signed" : "")
        + (settings.headers().isEmpty() ? "" : " headers=" + settings.headers().keySet());
  }

  @Override
  public void close() {
    http.close();
  }
}
