package io.vigil.checks.net;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.checks.Failures;
import io.vigil.core.CheckContext;
import io.vigil.core.Durations;
import io.vigil.core.HealthCheck;
import io.vigil.core.Result;
import io.vigil.core.Secrets;
import io.vigil.core.Status;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;

/**
 * Calls a URL and judges the answer: status among the expected ones, body containing a text or
 * matching a regex, a JSON pointer equal to a value, latency under warning and critical limits.
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

  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI uri;
  private final String method;
  private final Map<String, String> headers;
  private final Optional<String> body;
  private final Expectations expect;
  private final boolean followRedirects;
  private final SSLContext tls;

  /** A check of {@code uri}; {@code tls} may be null for the default trust. */
  HttpCheck(
      URI uri,
      String method,
      Map<String, String> headers,
      Optional<String> body,
      Expectations expect,
      boolean followRedirects,
      SSLContext tls) {
    this.uri = uri;
    this.method = method;
    this.headers = Map.copyOf(headers);
    this.body = body;
    this.expect = expect;
    this.followRedirects = followRedirects;
    this.tls = tls;
    request(Duration.ofSeconds(1)); // fails now, at configuration, on a forbidden header or method
  }

  private HttpRequest request(Duration timeout) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri)
            .timeout(timeout)
            .method(
                method,
                body.map(HttpRequest.BodyPublishers::ofString)
                    .orElse(HttpRequest.BodyPublishers.noBody()));
    headers.forEach(request::header);
    return request.build();
  }

  /**
   * A client per run, closed after it: every run opens its own connection, so a server that stops
   * accepting connections is noticed and the latency includes connecting.
   */
  private HttpClient client(Duration timeout) {
    HttpClient.Builder b =
        HttpClient.newBuilder()
            .connectTimeout(timeout)
            .followRedirects(
                followRedirects ? HttpClient.Redirect.NORMAL : HttpClient.Redirect.NEVER);
    if (tls != null) {
      b.sslContext(tls);
    }
    return b.build();
  }

  @Override
  public Result check(CheckContext ctx) throws InterruptedException {
    String target = Secrets.maskText(uri.toString());
    long t0 = System.nanoTime();
    HttpResponse<String> response;
    try (HttpClient client = client(ctx.remaining())) {
      response = client.send(request(ctx.remaining()), HttpResponse.BodyHandlers.ofString());
    } catch (IOException | IllegalArgumentException e) {
      return Failures.critical(target, e);
    }
    Duration latency = Duration.ofNanos(System.nanoTime() - t0);
    Result verdict = judge(response, latency, target);
    return verdict
        .withDetail("url", target)
        .withDetail("status_code", response.statusCode())
        .withDetail("response_ms", latency.toMillis());
  }

  private Result judge(HttpResponse<String> response, Duration latency, String target) {
    int code = response.statusCode();
    if (!expect.statuses().contains(code)) {
      return Result.critical(
          "HTTP " + code + " from " + target + ", expected " + describe(expect.statuses()));
    }
    String text = response.body() == null ? "" : response.body();
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
    JsonNode node;
    try {
      node = JSON.readTree(text).at(expect.jsonPointer().get());
    } catch (IOException e) {
      return Optional.of("the body is not JSON");
    }
    if (node.isMissingNode()) {
      return Optional.of("no JSON value at " + expect.jsonPointer().get());
    }
    if (expect.jsonEquals().isPresent()) {
      String actual = node.isValueNode() ? node.asText() : node.toString();
      if (!actual.equals(expect.jsonEquals().get())) {
        return Optional.of(
            "JSON "
                + expect.jsonPointer().get()
                + " is '"
                + Net.shorten(actual)
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
