package io.vigil.checks.net;

import io.vigil.checks.AddressGuard;
import io.vigil.checks.CheckSettings;
import io.vigil.checks.CheckType;
import io.vigil.checks.CheckTypeContext;
import io.vigil.checks.CheckTypeProvider;
import io.vigil.checks.HttpUrl;
import io.vigil.core.HealthCheck;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import javax.net.ssl.SSLContext;

/** Network check types: http, tcp, tls, dns. */
public final class NetCheckTypes implements CheckTypeProvider {

  @Override
  public List<CheckType> types(CheckTypeContext context) {
    Supplier<AddressGuard> guard = context::guard;
    return List.of(
        CheckType.of(
            "http", "calls a URL and judges status, body, JSON and latency", s -> http(s, guard)),
        CheckType.of(
            "tcp",
            "connects to host:port, optionally sends and expects a text",
            s -> tcp(s, guard)),
        CheckType.of(
            "tls",
            "certificate expiry (warning 21 days, critical 7), host name and trust",
            s -> tls(s, guard)),
        CheckType.of("dns", "resolves a name, optionally expecting addresses", NetCheckTypes::dns));
  }

  /** An http check without an address guard (tests). */
  static HealthCheck http(CheckSettings s) {
    return http(s, AddressGuard::off);
  }

  static HealthCheck http(CheckSettings s, Supplier<AddressGuard> guard) {
    URI uri = HttpUrl.required(s, "url").orElse(URI.create("http://invalid"));
    String method = s.string("method").orElse("GET").toUpperCase(Locale.ROOT);
    if (!method.matches("[A-Z][A-Z-]{0,31}")) {
      s.problem("method", "must be an HTTP method such as GET or POST, but was '" + method + "'");
    }
    Map<String, String> headers = s.stringMap("headers");
    headers.forEach(
        (name, value) -> headerProblem(name, value).ifPresent(p -> s.problem("headers", p)));
    return new HttpCheck(
        new HttpCheck.Call(uri, method, headers, s.string("body")),
        expectations(s),
        redirects(s),
        tlsSettings(s),
        guard);
  }

  private static HttpCheck.Expectations expectations(CheckSettings s) {
    Optional<Pattern> matches = Optional.empty();
    Optional<String> regex = s.string("bodyMatches");
    if (regex.isPresent()) {
      try {
        matches = Optional.of(Pattern.compile(regex.get()));
      } catch (PatternSyntaxException e) {
        s.problem("bodyMatches", "is not a regular expression: " + e.getDescription());
      }
    }
    Optional<String> pointer = s.string("jsonPointer");
    if (pointer.isPresent() && !pointer.get().startsWith("/")) {
      s.problem(
          "jsonPointer", "must start with '/', e.g. /status, but was '" + pointer.get() + "'");
    }
    return new HttpCheck.Expectations(
        statuses(s),
        s.string("bodyContains"),
        matches,
        pointer,
        s.string("jsonEquals"),
        optionalDuration(s, "latencyWarning"),
        optionalDuration(s, "latencyCritical"));
  }

  private static Optional<String> headerProblem(String name, String value) {
    if (!name.matches("[!#$%&'*+.^_`|~0-9A-Za-z-]+")) {
      return Optional.of("'" + name + "' is not a header name");
    }
    if (HttpWire.RESERVED.contains(name.toLowerCase(Locale.ROOT))) {
      return Optional.of("'" + name + "' is set by the check itself and cannot be configured");
    }
    if (value.chars().anyMatch(c -> c == '\r' || c == '\n' || c == 0)) {
      return Optional.of("the value of '" + name + "' must be one line");
    }
    return Optional.empty();
  }

  /**
   * {@code redirects: same-host|any|none} (default same-host), {@code maxRedirects} (default 5);
   * the older {@code followRedirects: false} means none.
   */
  private static Redirects redirects(CheckSettings s) {
    String word = s.string("redirects").orElse(Redirects.Follow.SAME_HOST.word());
    Redirects.Follow follow = Redirects.Follow.SAME_HOST;
    boolean known = false;
    for (Redirects.Follow f : Redirects.Follow.values()) {
      if (f.word().equals(word)) {
        follow = f;
        known = true;
      }
    }
    if (!known) {
      s.problem("redirects", "must be same-host, any or none, but was '" + word + "'");
    }
    if (!s.bool("followRedirects", true)) {
      follow = Redirects.Follow.NONE;
    }
    int max = s.integer("maxRedirects", Redirects.DEFAULT_MAX, 0);
    if (max > 20) {
      s.problem("maxRedirects", "must be at most 20, but was " + max);
    }
    return new Redirects(follow, max);
  }

  private static HttpWire.TlsSettings tlsSettings(CheckSettings s) {
    SSLContext context = null;
    boolean verify = s.bool("verify", true);
    Optional<String> clientCert = s.string("clientCert");
    String password = s.string("clientCertPassword").orElse("");
    if (!verify || clientCert.isPresent()) {
      try {
        context =
            Tls.context(verify, clientCert.map(Path::of).orElse(null), password.toCharArray());
      } catch (IOException | GeneralSecurityException e) {
        s.problem("clientCert", "cannot be loaded: " + e.getMessage());
      }
    }
    return new HttpWire.TlsSettings(context, verify);
  }

  /** {@code expectStatus: [200, 204]} or {@code "200-299"}; default 200-399. */
  private static List<Integer> statuses(CheckSettings s) {
    List<String> raw = s.strings("expectStatus");
    if (raw.isEmpty()) {
      raw = List.of("200-399");
    }
    List<Integer> codes = new ArrayList<>();
    for (String item : raw) {
      try {
        String[] range = item.strip().split("-");
        int from = Integer.parseInt(range[0].strip());
        int to = range.length > 1 ? Integer.parseInt(range[1].strip()) : from;
        if (from < 100 || to > 599 || from > to) {
          throw new NumberFormatException();
        }
        for (int c = from; c <= to; c++) {
          codes.add(c);
        }
      } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
        s.problem(
            "expectStatus",
            "must be HTTP status codes or ranges such as 200 or 200-299, but was '" + item + "'");
      }
    }
    return codes;
  }

  private static Optional<Duration> optionalDuration(CheckSettings s, String key) {
    return s.has(key) ? Optional.of(s.duration(key, Duration.ZERO)) : Optional.empty();
  }

  static HealthCheck tcp(CheckSettings s, Supplier<AddressGuard> guard) {
    return new TcpCheck(
        s.requiredString("host"),
        s.requiredPort("port"),
        s.string("send"),
        s.string("expect"),
        guard);
  }

  static HealthCheck tls(CheckSettings s, Supplier<AddressGuard> guard) {
    String host = s.requiredString("host");
    int warning = s.integer("warningDays", TlsCheck.DEFAULT_WARNING_DAYS, 0);
    int critical = s.integer("criticalDays", TlsCheck.DEFAULT_CRITICAL_DAYS, 0);
    if (critical > warning) {
      s.problem(
          "criticalDays", "must not be above warningDays " + warning + ", but was " + critical);
    }
    return new TlsCheck(
        host,
        s.port("port", 443),
        s.string("serverName").orElse(host),
        warning,
        critical,
        s.bool("verify", true),
        Clock.systemUTC(),
        guard);
  }

  static HealthCheck dns(CheckSettings s) {
    List<String> expected = new ArrayList<>();
    for (String address : s.strings("expect")) {
      try {
        // Normalised (e.g. 2001:db8::1), never resolved: only literal addresses are accepted.
        if (!address.matches("[0-9a-fA-F:.]+")) {
          throw new java.net.UnknownHostException(address);
        }
        expected.add(java.net.InetAddress.getByName(address).getHostAddress());
      } catch (java.net.UnknownHostException e) {
        s.problem("expect", "must be IP addresses, but '" + address + "' is not one");
      }
    }
    return new DnsCheck(s.requiredString("host"), expected);
  }
}
