package io.vigil.checks.messaging;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import io.vigil.checks.Failures;
import io.vigil.checks.Thresholds;
import io.vigil.core.CheckContext;
import io.vigil.core.HealthCheck;
import io.vigil.core.Result;
import io.vigil.core.Secrets;
import io.vigil.core.Status;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeoutException;

/**
 * RabbitMQ: connects; in active mode publishes a unique message to a temporary exclusive queue and
 * reads it back; judges the depth of named queues (passive declare) against thresholds.
 */
final class RabbitMqCheck implements HealthCheck {

  private final String uri;
  private final boolean active;
  private final Map<String, Thresholds> queues;

  /** A check of the broker at {@code uri} ({@code amqp://user:pass@host:5672/vhost}). */
  RabbitMqCheck(String uri, boolean active, Map<String, Thresholds> queues) {
    this.uri = uri;
    this.active = active;
    this.queues = Map.copyOf(queues);
  }

  @Override
  public Result check(CheckContext ctx) throws InterruptedException {
    String target = Secrets.maskText(uri);
    ConnectionFactory factory = new ConnectionFactory();
    try {
      factory.setUri(uri);
    } catch (URISyntaxException | GeneralSecurityException | IllegalArgumentException e) {
      return Result.critical("invalid AMQP URI " + target + ": " + e.getMessage());
    }
    int millis = (int) Math.max(1, ctx.remaining().toMillis());
    factory.setConnectionTimeout(millis);
    factory.setHandshakeTimeout(millis);
    factory.setChannelRpcTimeout(millis);
    factory.setAutomaticRecoveryEnabled(false);
    long t0 = System.nanoTime();
    Connection connection = null;
    try {
      connection = factory.newConnection("vigil-health");
      Channel channel = connection.createChannel();
      String summary = "connected to " + target;
      if (active) {
        if (!roundTrip(channel, ctx)) {
          return Result.critical(
              "the message published to " + target + " did not come back intact");
        }
        summary += ", publish/consume round trip";
      }
      return judgeQueues(connection, target, summary, t0);
    } catch (IOException | TimeoutException | RuntimeException e) {
      return Failures.critical(target, e);
    } finally {
      if (connection != null) {
        // abort: closes without waiting longer than this for the broker (close() may wait forever)
        connection.abort((int) Math.max(100, Math.min(1000, ctx.remaining().toMillis())));
      }
    }
  }

  /** Publishes a unique message to a temporary queue and reads it back within the deadline. */
  private static boolean roundTrip(Channel channel, CheckContext ctx)
      throws IOException, InterruptedException {
    String queue = channel.queueDeclare("", false, true, true, null).getQueue();
    String body = UUID.randomUUID().toString();
    channel.basicPublish(
        "",
        queue,
        new AMQP.BasicProperties.Builder().messageId(body).build(),
        body.getBytes(StandardCharsets.UTF_8));
    GetResponse got = null;
    while (got == null && !ctx.isExpired()) {
      got = channel.basicGet(queue, true);
      if (got == null) {
        ctx.sleep(Duration.ofMillis(5));
      }
    }
    return got != null && body.equals(new String(got.getBody(), StandardCharsets.UTF_8));
  }

  /** The result: the watched queues' depths judged by their thresholds, the worst wins. */
  private Result judgeQueues(Connection connection, String target, String summary, long t0)
      throws IOException, TimeoutException {
    Status status = Status.OK;
    List<String> notes = new ArrayList<>();
    Result result = Result.ok("");
    for (Map.Entry<String, Thresholds> q : queues.entrySet()) {
      long depth;
      try (Channel passive = connection.createChannel()) {
        depth = passive.queueDeclarePassive(q.getKey()).getMessageCount();
      } catch (IOException e) {
        return Result.critical("queue '" + q.getKey() + "' does not exist on " + target);
      }
      Status s = q.getValue().judge(depth);
      status = status.worse(s);
      notes.add(q.getKey() + "=" + depth);
      result = result.withDetail("queue_" + q.getKey() + "_depth", depth);
    }
    long ms = (System.nanoTime() - t0) / 1_000_000;
    String message =
        summary
            + " in "
            + ms
            + " ms"
            + (notes.isEmpty() ? "" : ", queues " + String.join(" ", notes));
    return Result.of(status, message)
        .withDetails(result.details())
        .withDetail("target", target)
        .withDetail("round_trip_ms", ms);
  }
}
