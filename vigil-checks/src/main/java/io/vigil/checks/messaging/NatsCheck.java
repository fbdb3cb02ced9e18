package io.vigil.checks.messaging;

import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.JetStreamApiException;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.api.AccountStatistics;
import io.vigil.checks.Failures;
import io.vigil.core.CheckContext;
import io.vigil.core.HealthCheck;
import io.vigil.core.Result;
import io.vigil.core.Secrets;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.TimeoutException;

/**
 * NATS: connects; in active mode a request/reply loopback on a unique subject; optionally checks
 * that JetStream answers.
 */
final class NatsCheck implements HealthCheck {

  private final String url;
  private final boolean active;
  private final boolean jetStream;

  /** A check of the server at {@code url} ({@code nats://host:4222}). */
  NatsCheck(String url, boolean active, boolean jetStream) {
    this.url = url;
    this.active = active;
    this.jetStream = jetStream;
  }

  @Override
  public Result check(CheckContext ctx) throws InterruptedException {
    String target = Secrets.maskText(url);
    Options options =
        new Options.Builder()
            .server(url)
            .connectionTimeout(ctx.remaining())
            .maxReconnects(0)
            .noReconnect()
            .connectionName("vigil-health")
            .build();
    long t0 = System.nanoTime();
    Connection connection;
    try {
      connection = Nats.connect(options);
    } catch (IOException e) {
      return Failures.critical(target, e);
    }
    try {
      String summary = "connected to " + target;
      if (active) {
        String subject = "vigil.health." + UUID.randomUUID();
        String body = UUID.randomUUID().toString();
        Dispatcher responder =
            connection.createDispatcher(m -> connection.publish(m.getReplyTo(), m.getData()));
        responder.subscribe(subject);
        connection.flush(ctx.remaining());
        Message reply =
            connection.request(subject, body.getBytes(StandardCharsets.UTF_8), ctx.remaining());
        connection.closeDispatcher(responder);
        if (reply == null || !body.equals(new String(reply.getData(), StandardCharsets.UTF_8))) {
          return Result.critical("no intact reply over " + target + " (request/reply)");
        }
        summary += ", request/reply round trip";
      }
      Result result = Result.ok("");
      if (jetStream) {
        AccountStatistics stats = connection.jetStreamManagement().getAccountStatistics();
        summary += ", JetStream " + stats.getStreams() + " streams";
        result = result.withDetail("jetstream_streams", stats.getStreams());
      }
      long ms = (System.nanoTime() - t0) / 1_000_000;
      return Result.ok(summary + " in " + ms + " ms")
          .withDetails(result.details())
          .withDetail("target", target)
          .withDetail("round_trip_ms", ms);
    } catch (TimeoutException e) {
      return Result.critical("timed out talking to " + target);
    } catch (IOException | JetStreamApiException | RuntimeException e) {
      return Failures.critical(target, e);
    } finally {
      connection.close();
    }
  }
}
