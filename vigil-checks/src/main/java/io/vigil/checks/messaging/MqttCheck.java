package io.vigil.checks.messaging;

import io.vigil.checks.Failures;
import io.vigil.core.CheckContext;
import io.vigil.core.HealthCheck;
import io.vigil.core.Result;
import io.vigil.core.Secrets;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * MQTT: connects and, in active mode, publishes to a unique topic at QoS 1 and receives it back.
 */
final class MqttCheck implements HealthCheck {

  private final String url;
  private final Optional<String> user;
  private final Optional<String> password;
  private final boolean active;

  /** A check of the broker at {@code url} ({@code tcp://host:1883}). */
  MqttCheck(String url, Optional<String> user, Optional<String> password, boolean active) {
    this.url = url;
    this.user = user;
    this.password = password;
    this.active = active;
  }

  @Override
  public Result check(CheckContext ctx) {
    String target = Secrets.maskText(url);
    long t0 = System.nanoTime();
    MqttClient client = null;
    try {
      client = new MqttClient(url, "vigil-" + UUID.randomUUID(), new MemoryPersistence());
      MqttConnectOptions options = new MqttConnectOptions();
      options.setCleanSession(true);
      options.setAutomaticReconnect(false);
      options.setConnectionTimeout((int) Math.max(1, ctx.remaining().toSeconds()));
      user.ifPresent(options::setUserName);
      password.ifPresent(p -> options.setPassword(p.toCharArray()));
      client.setTimeToWait(Math.max(1, ctx.remaining().toMillis()));
      client.connect(options);
      String summary = "connected to " + target;
      if (active) {
        String topic = "vigil/health/" + UUID.randomUUID();
        String body = UUID.randomUUID().toString();
        CompletableFuture<String> received = new CompletableFuture<>();
        client.subscribe(
            topic,
            1,
            (t, m) -> received.complete(new String(m.getPayload(), StandardCharsets.UTF_8)));
        MqttMessage message = new MqttMessage(body.getBytes(StandardCharsets.UTF_8));
        message.setQos(1);
        client.publish(topic, message);
        String back = received.get(Math.max(1, ctx.remaining().toMillis()), TimeUnit.MILLISECONDS);
        client.unsubscribe(topic);
        if (!body.equals(back)) {
          return Result.critical("the message published to " + target + " came back altered");
        }
        summary += ", QoS 1 publish/subscribe round trip";
      }
      long ms = (System.nanoTime() - t0) / 1_000_000;
      return Result.ok(summary + " in " + ms + " ms")
          .withDetail("target", target)
          .withDetail("round_trip_ms", ms);
    } catch (TimeoutException e) {
      return Result.critical("the message published to " + target + " did not come back in time");
    } catch (MqttException | ExecutionException | RuntimeException e) {
      return Failures.critical(target, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Result.critical("interrupted while talking to " + target);
    } finally {
      close(client);
    }
  }

  private static void close(MqttClient client) {
    if (client == null) {
      return;
    }
    try {
      if (client.isConnected()) {
        client.disconnectForcibly(100, 500); // a clean DISCONNECT, waiting for pending acks
      } else {
        client.disconnectForcibly(0, 100, false); // ends a connect still in progress
      }
    } catch (MqttException e) {
      // not connected: nothing to disconnect
    }
    try {
      client.close(true);
    } catch (MqttException e) {
      // closing a failed client: nothing more to do
    }
  }
}
