package io.vigil.checks.net;

import java.net.URI;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Which HTTP redirects an {@code http} check follows: to the same host (the default), to any host,
 * or none; at most {@code max} in a row. An https URL never redirects to plain http. Every hop goes
 * through the address guard like the first request.
 *
 * @param follow which redirects are followed
 * @param max the most redirects in a row (default 5)
 */
record Redirects(Follow follow, int max) {

  /** Which redirects are followed. */
  enum Follow {
    SAME_HOST,
    ANY,
    NONE;

    /** The configuration's word: {@code same-host}, {@code any}, {@code none}. */
    String word() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
  }

  /** The most redirects followed by default. */
  static final int DEFAULT_MAX = 5;

  /** Same host, at most 5. */
  static final Redirects DEFAULT = new Redirects(Follow.SAME_HOST, DEFAULT_MAX);

  private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);

  /** The URL a response redirects to, if it is a redirect with a usable Location. */
  static Optional<URI> location(URI from, HttpWire.Response response) {
    if (!REDIRECTS.contains(response.status())) {
      return Optional.empty();
    }
    try {
      return response.header("location").map(l -> from.resolve(URI.create(l.strip())));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** Why the redirect from {@code from} to {@code to} is not followed, or empty to follow it. */
  Optional<String> refusal(URI from, URI to) {
    String scheme = to.getScheme() == null ? "" : to.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      return Optional.of("redirect to a URL that is not http(s) not followed");
    }
    if (from.getScheme().equalsIgnoreCase("https") && scheme.equals("http")) {
      return Optional.of("redirect from https to http not followed");
    }
    return switch (follow) {
      case NONE -> Optional.of("redirect not followed (redirects: none)");
      case ANY -> Optional.empty();
      case SAME_HOST ->
          sameHost(from, to)
              ? Optional.empty()
              : Optional.of("redirect to another host not followed (redirects: same-host)");
    };
  }

  static boolean sameHost(URI a, URI b) {
    return a.getHost() != null && a.getHost().equalsIgnoreCase(b.getHost());
  }

  /** The method of the next request: GET after 303, and after 301/302 of a POST. */
  static String nextMethod(String method, int status) {
    return (status == 303 && !method.equals("HEAD"))
            || ((status == 301 || status == 302) && method.equals("POST"))
        ? "GET"
        : method;
  }
}
