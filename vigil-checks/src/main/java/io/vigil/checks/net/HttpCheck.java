package io.vigil.checks.net;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.checks.AddressGuard;
import io.vigil.checks.Failures;
import io.vigil.core.CheckContext;
import io.vigil.core.Durations;
import io.vigil.core.HealthCheck;
import io.vigil.core.Result;
import io.vigil.core.Secrets;
import io.vigil.core.Status;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Calls a URL and judges the answer: status among the expected ones, body containing a text or
 * matching a regex, a JSON pointer equal to a value, latency under warning and critical limits.
 * Each run makes its own connections ({@link HttpWire}) to addresses the address guard allowed,
 * following redirects as {@link Redirects} says. The request body is never shown.
 */
final class HttpCheck implements HealthCheck {

  /** What the answer must look like. */
  public record Expectations(
      List<Integer> statuses,
      Optional<String> bodyContains,
      Optional<Pattern> bodyMatches,
      Optional<String> jsonPointer,
      Optional<String> jsonEquals,
      Optional<Duration> latencyWarning,
      Optional<Duration> latencyCritical) {}

  /** The request to make: method, URL, headers, body. */
  record Call(URI uri, String method, Map<String, String> headers, Optional<String> body) {}

  /** How the answer was reached: the last response, its URL, the hops, why a redirect stopped. */
  private record Reached(
      HttpWire.Response response, URI at, int hops, Optional<String> notFollowed) {}

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Call call;
  private final Expectations expect;
  private final Redirects redirects;
  private final HttpWire.TlsSettings tls;
  private final Supplier<AddressGuard> guard;

  /** A check making {@code call}; the guard is asked at every run. */
  HttpCheck(
      Call call,
      Expectations expect,
      Redirects redirects,
      HttpWire.TlsSettings tls,
      Supplier<AddressGuard> guard) {
    this.call = call;
    this.expect = expect;
    this.redirects = redirects;
    this.tls = tls;
    this.guard = guard;
  }

  @Override
  public Result check(CheckContext ctx) {
    String target = Secrets.maskText(call.uri().toString());
    if (ctx.isExpired()) {
      return Result.critical("timed out before calling " + target).withDetail("url", target);
    }
    long t0 = System.nanoTime();
    Reached reached;
    try {
      reached = follow(ctx);
    } catch (AddressGuard.DeniedException e) {
      return Result.critical(Secrets.maskText(e.getMessage()) + ": " + target)
          .withDetail("url", target);
    } catch (IOException e) {
      return Failures.critical(target, e);
    }
    Duration latency = Duration.ofNanos(System.nanoTime() - t0);
    Result verdict =
        reached.hops() > redirects.max()
            ? Result.critical("more than " + redirects.max() + " redirects from " + target)
            : judge(reached.response(), latency, target);
    if (reached.hops() > 0) {
      verdict =
          verdict
              .withDetail("redirects", Math.min(reached.hops(), redirects.max()))
              .withDetail("final_url", Secrets.maskText(reached.at().toString()));
    }
    if (reached.notFollowed().isPresent()) {
      verdict = verdict.withDetail("redirect_not_followed", reached.notFollowed().get());
    }
    return verdict
        .withDetail("url", target)
        .withDetail("status_code", reached.response().status())
        .withDetail("response_ms", latency.toMillis());
  }

  /** The request and the redirects allowed, each hop's address asked of the guard. */
  private Reached follow(CheckContext ctx) throws IOException {
    URI at = call.uri();
    String method = call.method();
    byte[] body = call.body().map(b -> b.getBytes(StandardCharsets.UTF_8)).orElse(new byte[0]);
    Map<String, String> headers = call.headers();
    for (int hops = 0; ; hops++) {
      InetAddress address = guard.get().resolve(at.getHost(), ctx.remaining()).get(0);
      HttpWire.Response response =
          HttpWire.exchange(new HttpWire.Request(method, at, headers, body), address, tls, ctx);
      URI from = at;
      Optional<URI> next = Redirects.location(from, response);
      Optional<String> refused = next.flatMap(to -> redirects.refusal(from, to));
      if (next.isEmpty() || refused.isPresent() || hops == redirects.max()) {
        int counted = next.isPresent() && refused.isEmpty() ? hops + 1 : hops;
        return new Reached(
            response,
            at,
            counted,
            refused.map(r -> r + ": " + Secrets.maskText(next.get().toString())));
      }
      String nextMethod = Redirects.nextMethod(method, response.status());
      if (!nextMethod.equals(method)) {
        body = new byte[0];
      }
      if (!Redirects.sameHost(at, next.get())) {
        headers = withoutSecrets(headers); // credentials stay with their host
      }
      method = nextMethod;
      at = next.get();
    }
  }

  private static Map<String, String> withoutSecrets(Map<String, String> headers) {
    Map<String, String> kept = new LinkedHashMap<>(headers);
    kept.keySet().removeIf(Secrets::isSecretKey);
    return kept;
  }

  private Result judge(HttpWire.Response response, Duration latency, String target) {
    int code = response.status();
    if (!expect.statuses().contains(code)) {
      return Result.critical(
          "HTTP " + code + " from " + target + ", expected " + describe(expect.statuses()));
    }
    String text = response.body();
    if (expect.bodyContains().isPresent() && !text.contains(expect.bodyContains().get())) {
      return Result.critical(
          "the body from " + target + " does not contain '" + expect.bodyContains().get() + "'");
    }
    if (expect.bodyMatches().isPresent() && !expect.bodyMatches().get().matcher(text).find()) {
      return Result.critical(
          "the body from " + target + " does not match /" + expect.bodyMatches().get() + "/");
    }
    if (expect.jsonPointer().isPresent()) {
      Optional<String> problem = jsonProblem(text);
      if (problem.isPresent()) {
        return Result.critical(problem.get() + " at " + target);
      }
    }
    String summary = "HTTP " + code + " in " + latency.toMillis() + " ms";
    Status status = Status.OK;
    if (expect.latencyCritical().isPresent()
        && latency.compareTo(expect.latencyCritical().get()) >= 0) {
      status = Status.CRITICAL;
      summary += ", slower than " + Durations.format(expect.latencyCritical().get());
    } else if (expect.latencyWarning().isPresent()
        && latency.compareTo(expect.latencyWarning().get()) >= 0) {
      status = Status.WARNING;
      summary += ", slower than " + Durations.format(expect.latencyWarning().get());
    }
    return Result.of(status, summary);
  }

  private Optional<String> jsonProblem(String text) {
    String pointer = expect.jsonPointer().get();
    JsonNode node;
    try {
      node = JSON.readTree(text).at(pointer);
    } catch (IOException e) {
      return Optional.of("the body is not JSON");
    }
    if (node.isMissingNode()) {
      return Optional.of("no JSON value at " + pointer);
    }
    if (expect.jsonEquals().isPresent()) {
      String actual = node.isValueNode() ? node.asText() : node.toString();
      if (!actual.equals(expect.jsonEquals().get())) {
        // A value under a secret-looking key (/auth/password) is never shown.
        String shown =
            Secrets.isSecretKey(pointer) ? Secrets.MASK : Secrets.maskText(Net.shorten(actual));
        return Optional.of(
            "JSON "
                + pointer
                + " is '"
                + shown
                + "', expected '"
                + expect.jsonEquals().get()
                + "'");
      }
    }
    return Optional.empty();
  }

  private static String describe(List<Integer> statuses) {
    return statuses.size() > 6
        ? statuses.get(0) + ".." + statuses.get(statuses.size() - 1)
        : statuses.toString();
  }
}
