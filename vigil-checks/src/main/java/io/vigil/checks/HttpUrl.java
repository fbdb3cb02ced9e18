package io.vigil.checks;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Optional;

/**
 * The one rule for URLs the agent calls, used by the {@code http} check and by recovery's {@code
 * http} action: an absolute {@code http://} or {@code https://} URL.
 */
public final class HttpUrl {

  private HttpUrl() {}

  /**
   * Reads the required field {@code key} as an http(s) URL; records a problem with its path (and
   * returns empty) when it is missing, not a URL or of another scheme.
   */
  public static Optional<URI> required(CheckSettings settings, String key) {
    String url = settings.requiredString(key);
    if (url.isEmpty()) {
      return Optional.empty();
    }
    try {
      URI uri = new URI(url);
      if (uri.getScheme() == null
          || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))) {
        settings.problem(key, "must be an http:// or https:// URL, but was '" + url + "'");
        return Optional.empty();
      }
      return Optional.of(uri);
    } catch (URISyntaxException e) {
      settings.problem(key, "is not a URL: " + e.getMessage());
      return Optional.empty();
    }
  }
}
