package io.vigil.checks.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import io.vigil.checks.Thresholds;
import io.vigil.checks.testing.OwnServer;
import io.vigil.checks.testing.Services;
import io.vigil.core.Result;
import io.vigil.core.Status;
import io.vigil.core.testing.TestContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** RabbitMQ, NATS and Mosquitto on this machine, and servers the tests start and kill. */
class BrokerChecksTest {

  @TempDir Path dir;

  @Test
  void rabbitmqRoundTripAndQueueDepth() throws Exception {
    Services.require(Services.RABBITMQ, 5672);
    String queue = "vigil-test-" + UUID.randomUUID();
    ConnectionFactory factory = new ConnectionFactory();
    factory.setUri("amqp://guest:guest@127.0.0.1:5672");
    try (Connection connection = factory.newConnection();
        Channel channel = connection.createChannel()) {
      channel.queueDeclare(queue, false, false, true, null);
      for (int i = 0; i < 3; i++) {
        channel.basicPublish("", queue, null, "m".getBytes(StandardCharsets.UTF_8));
      }
      String url = "amqp://guest:guest@127.0.0.1:5672";
      Result ok = new RabbitMqCheck(url, true, Map.of()).check(TestContext.standard());
      assertThat(ok.status()).as(ok.message()).isEqualTo(Status.OK);
      assertThat(ok.message()).contains("publish/consume round trip").doesNotContain("guest:guest");

      Result deep =
          new RabbitMqCheck(url, false, Map.of(queue, new Thresholds(2, 5)))
              .check(TestContext.standard());
      assertThat(deep.status()).isEqualTo(Status.WARNING);
      assertThat(deep.details()).containsEntry("queue_" + queue + "_depth", 3L);

      Result missing =
          new RabbitMqCheck(
                  url, false, Map.of("no-such-queue-" + UUID.randomUUID(), new Thresholds(1, 2)))
              .check(TestContext.standard());
      assertThat(missing.status()).isEqualTo(Status.CRITICAL);
      assertThat(missing.message()).contains("does not exist");
      channel.queueDelete(queue);
    }
  }

  @Test
  void rabbitmqWrongPasswordAndClosedPort() throws Exception {
    Services.require(Services.RABBITMQ, 5672);
    Result denied =
        new RabbitMqCheck("amqp://guest:hunter2@127.0.0.1:5672", true, Map.of())
            .check(TestContext.standard());
    assertThat(denied.status()).isEqualTo(Status.CRITICAL);
    assertThat(denied.message()).doesNotContain("hunter2");
    int port = Services.closedPort();
    Result refused =
        new RabbitMqCheck("amqp://guest:guest@127.0.0.1:" + port, true, Map.of())
            .check(TestContext.standard());
    assertThat(refused.message()).contains("connection refused").contains("127.0.0.1:" + port);
  }

  @Test
  void natsRequestReplyAndJetStream() throws Exception {
    Services.require(Services.NATS, 4222);
    Result r = new NatsCheck("nats://127.0.0.1:4222", true, true).check(TestContext.standard());
    assertThat(r.status()).as(r.message()).isEqualTo(Status.OK);
    assertThat(r.message()).contains("request/reply round trip", "JetStream");
  }

  @Test
  @Timeout(60)
  void natsOwnServerKilledIsCritical() throws Exception {
    int port = Services.freePort();
    try (OwnServer nats =
        OwnServer.start(
            port, dir, List.of("nats-server", "-a", "127.0.0.1", "-p", String.valueOf(port)))) {
      NatsCheck check = new NatsCheck("nats://127.0.0.1:" + port, true, false);
      assertThat(check.check(TestContext.standard()).status()).isEqualTo(Status.OK);
      nats.kill();
      Result dead = check.check(TestContext.standard());
      assertThat(dead.status()).isEqualTo(Status.CRITICAL);
      assertThat(dead.message()).contains("127.0.0.1:" + port);
    }
  }

  @Test
  void mqttPublishSubscribeLoopback() {
    Services.require(Services.MOSQUITTO, 1883);
    Result r =
        new MqttCheck("tcp://127.0.0.1:1883", Optional.empty(), Optional.empty(), true)
            .check(TestContext.standard());
    assertThat(r.status()).as(r.message()).isEqualTo(Status.OK);
    assertThat(r.message()).contains("QoS 1 publish/subscribe round trip");
  }

  @Test
  @Timeout(60)
  void mqttOwnBrokerKilledIsCritical() throws Exception {
    int port = Services.freePort();
    try (OwnServer mosquitto =
        OwnServer.start(port, dir, List.of("mosquitto", "-p", String.valueOf(port)))) {
      MqttCheck check =
          new MqttCheck("tcp://127.0.0.1:" + port, Optional.empty(), Optional.empty(), true);
      assertThat(check.check(TestContext.standard()).status()).isEqualTo(Status.OK);
      mosquitto.kill();
      Result dead = check.check(TestContext.standard());
      assertThat(dead.status()).isEqualTo(Status.CRITICAL);
      assertThat(dead.message()).contains("127.0.0.1:" + port);
    }
  }
}
