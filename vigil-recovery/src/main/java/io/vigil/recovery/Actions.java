package io.vigil.recovery;

import io.vigil.core.Secrets;
import io.vigil.process.ProcessRunner;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The built-in recovery actions. */
public final class Actions {

  private static final Logger LOG = LoggerFactory.getLogger(Actions.class);
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private Actions() {}

  /** Logs a warning: the first rung, which changes nothing but leaves a trace. */
  public static RecoveryAction log() {
    return ctx ->
        LOG.warn(
            "event=recovery_log check={} attempt={} message=\"{}\"",
            ctx.check(),
            ctx.attempt(),
            Secrets.maskText(ctx.result().message()));
  }

  /** The fencing token's name in a command's environment. */
  public static final String TOKEN_VARIABLE = "VIGIL_FENCING_TOKEN";

  /** The fencing token's header on an HTTP hook (also sent as {@code X-Vigil-Fencing-Token}). */
  public static final String TOKEN_HEADER = "Vigil-Fencing-Token";

  /**
   * Runs a command (argv, no shell, own process group, killed at the timeout); exit 0 succeeds. The
   * fencing token is in its environment as {@value #TOKEN_VARIABLE}, so the target can refuse a
   * stale one.
   */
  public static RecoveryAction command(
      List<String> argv,
      Map<String, String> environment,
      List<String> envAllow,
      Optional<Path> directory) {
    return ctx -> {
      Map<String, String> env = new java.util.LinkedHashMap<>(environment);
      env.put(TOKEN_VARIABLE, String.valueOf(ctx.fencingToken()));
      ProcessRunner.Outcome outcome =
          ProcessRunner.run(argv, env, envAllow, directory, ctx.timeout());
      switch (outcome) {
        case ProcessRunner.Outcome.Exited e when e.exitCode() == 0 -> {}
        case ProcessRunner.Outcome.Exited e ->
            throw new IllegalStateException(
                "exit code " + e.exitCode() + ": " + Secrets.maskText(e.output().strip()));
        case ProcessRunner.Outcome.TimedOut t -> throw new IllegalStateException("timed out");
        case ProcessRunner.Outcome.NotStarted n ->
            throw new IllegalStateException("cannot run: " + n.reason());
      }
    };
  }

  /** Restarts a systemd unit ({@code systemctl restart UNIT}, argv only). */
  public static RecoveryAction systemd(String unit) {
    return command(
        List.of("systemctl", "restart", unit),
        Map.of(),
        ProcessRunner.DEFAULT_ENV_ALLOW,
        Optional.empty());
  }

  /**
   * Calls the service (e.g. {@code POST /admin/reconnect}) with the fencing token in {@value
   * #TOKEN_HEADER}; a 2xx answer succeeds.
   */
  public static RecoveryAction http(URI uri, String method, Map<String, String> headers) {
    return ctx -> {
      HttpRequest.Builder request =
          HttpRequest.newBuilder(uri)
              .timeout(ctx.timeout())
              .header(TOKEN_HEADER, String.valueOf(ctx.fencingToken()))
              .header("X-" + TOKEN_HEADER, String.valueOf(ctx.fencingToken()))
              .method(method, HttpRequest.BodyPublishers.noBody());
      headers.forEach(request::header);
      HttpResponse<Void> response;
      try {
        response = HTTP.send(request.build(), HttpResponse.BodyHandlers.discarding());
      } catch (IOException e) {
        throw new IllegalStateException(
            Secrets.maskText(uri.toString()) + ": " + e.getMessage(), e);
      }
      if (response.statusCode() / 100 != 2) {
        throw new IllegalStateException(
            "HTTP " + response.statusCode() + " from " + Secrets.maskText(uri.toString()));
      }
    };
  }

  /** Restarts a program the agent supervises. */
  public static RecoveryAction restart(Supervisor supervisor, String program) {
    return ctx -> supervisor.restart(program);
  }

  /** Emergency stop of a supervised program: SIGTERM to its group, SIGKILL after {@code grace}. */
  public static RecoveryAction stop(Supervisor supervisor, String program, Duration grace) {
    return ctx -> supervisor.stop(program, grace);
  }
}
