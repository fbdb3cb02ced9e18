package io.vigil.checks.net;

import io.vigil.checks.AddressGuard;
import io.vigil.checks.Failures;
import io.vigil.core.CheckContext;
import io.vigil.core.HealthCheck;
import io.vigil.core.Result;
import io.vigil.core.Status;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Supplier;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * The server certificate of {@code host:port}: days until it expires (warning 21, critical 7 by
 * default), whether it names the host, and whether the default trust store trusts its chain.
 */
final class TlsCheck implements HealthCheck {

  /** Default days before expiry that give a warning. */
  static final int DEFAULT_WARNING_DAYS = 21;

  /** Default days before expiry that are critical. */
  static final int DEFAULT_CRITICAL_DAYS = 7;

  private final String host;
  private final int port;
  private final String serverName;
  private final int warningDays;
  private final int criticalDays;
  private final boolean verify;
  private final Clock clock;
  private final Supplier<AddressGuard> guard;

  /** Inspects the certificate that {@code host:port} presents for {@code serverName}. */
  TlsCheck(
      String host,
      int port,
      String serverName,
      int warningDays,
      int criticalDays,
      boolean verify,
      Clock clock,
      Supplier<AddressGuard> guard) {
    this.guard = guard;
    this.host = host;
    this.port = port;
    this.serverName = Objects.requireNonNull(serverName);
    this.warningDays = warningDays;
    this.criticalDays = criticalDays;
    this.verify = verify;
    this.clock = clock;
  }

  @Override
  public Result check(CheckContext ctx) {
    String target = host + ":" + port;
    X509Certificate[] chain;
    try {
      chain = fetchChain(ctx);
    } catch (AddressGuard.DeniedException e) {
      return Result.critical(e.getMessage() + ": " + target).withDetail("target", target);
    } catch (IOException | GeneralSecurityException e) {
      return Failures.critical(target, e);
    }
    X509Certificate leaf = chain[0];
    Instant notAfter = leaf.getNotAfter().toInstant();
    long days = Duration.between(clock.instant(), notAfter).toDays();
    List<String> problems = new ArrayList<>();
    Status status = Status.OK;
    if (clock.instant().isAfter(notAfter)) {
      problems.add("expired on " + notAfter);
      status = Status.CRITICAL;
    } else if (days < criticalDays) {
      problems.add("expires in " + days + " days (" + notAfter + ")");
      status = Status.CRITICAL;
    } else if (days < warningDays) {
      problems.add("expires in " + days + " days (" + notAfter + ")");
      status = Status.WARNING;
    }
    if (verify && !matchesHost(leaf, serverName)) {
      problems.add("does not name " + serverName);
      status = Status.CRITICAL;
    }
    boolean trusted = trusted(chain);
    if (verify && !trusted) {
      problems.add("is not trusted (self-signed or unknown issuer)");
      status = Status.CRITICAL;
    }
    String message =
        problems.isEmpty()
            ? "certificate of " + target + " valid for " + days + " more days"
            : "certificate of " + target + " " + String.join(", ", problems);
    return Result.of(status, message)
        .withDetail("target", target)
        .withDetail("subject", leaf.getSubjectX500Principal().getName())
        .withDetail("issuer", leaf.getIssuerX500Principal().getName())
        .withDetail("not_after", notAfter.toString())
        .withDetail("days_left", days)
        .withDetail("trusted", trusted);
  }

  private X509Certificate[] fetchChain(CheckContext ctx)
      throws IOException, GeneralSecurityException {
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, new TrustManager[] {Tls.TRUST_ALL}, null);
    try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket()) {
      Net.connect(socket, guard.get(), host, port, ctx);
      socket.setSoTimeout(Net.millis(ctx));
      SSLParameters params = socket.getSSLParameters();
      if (!serverName.isEmpty() && !isIpLiteral(serverName)) {
        params.setServerNames(List.of(new SNIHostName(serverName)));
      }
      socket.setSSLParameters(params);
      socket.startHandshake();
      return (X509Certificate[]) socket.getSession().getPeerCertificates();
    }
  }

  private static boolean isIpLiteral(String name) {
    return name.contains(":") || name.matches("[0-9.]+");
  }

  private static boolean trusted(X509Certificate[] chain) {
    try {
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init((KeyStore) null);
      for (TrustManager tm : tmf.getTrustManagers()) {
        if (tm instanceof X509TrustManager x509) {
          x509.checkServerTrusted(chain, "UNKNOWN");
          return true;
        }
      }
    } catch (GeneralSecurityException e) {
      return false;
    }
    return false;
  }

  /** Whether a subject alternative name (or, lacking any, the CN) matches, wildcards included. */
  static boolean matchesHost(X509Certificate cert, String name) {
    String wanted = name.toLowerCase(Locale.ROOT);
    List<String> names = new ArrayList<>();
    try {
      if (cert.getSubjectAlternativeNames() != null) {
        for (List<?> san : cert.getSubjectAlternativeNames()) {
          names.add(String.valueOf(san.get(1)).toLowerCase(Locale.ROOT));
        }
      }
    } catch (CertificateParsingException e) {
      return false;
    }
    if (names.isEmpty()) {
      String dn = cert.getSubjectX500Principal().getName();
      for (String part : dn.split(",")) {
        if (part.strip().toUpperCase(Locale.ROOT).startsWith("CN=")) {
          names.add(part.strip().substring(3).toLowerCase(Locale.ROOT));
        }
      }
    }
    for (String n : names) {
      if (n.equals(wanted)) {
        return true;
      }
      if (n.startsWith("*.")) {
        int dot = wanted.indexOf('.');
        if (dot > 0 && wanted.substring(dot).equals(n.substring(1))) {
          return true;
        }
      }
    }
    return false;
  }
}
