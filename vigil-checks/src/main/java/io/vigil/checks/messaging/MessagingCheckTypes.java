package io.vigil.checks.messaging;

import io.vigil.checks.CheckSettings;
import io.vigil.checks.CheckType;
import io.vigil.checks.CheckTypeContext;
import io.vigil.checks.CheckTypeProvider;
import io.vigil.checks.Thresholds;
import io.vigil.core.HealthCheck;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Broker check types: rabbitmq, nats, mqtt. */
public final class MessagingCheckTypes implements CheckTypeProvider {

  /** Default queue depth limits. */
  static final Thresholds QUEUE_DEPTH = new Thresholds(1000, 10000);

  @Override
  public List<CheckType> types(CheckTypeContext context) {
    return List.of(
        CheckType.of(
            "rabbitmq",
            "connects; publish/consume round trip on a temporary queue; queue depths",
            MessagingCheckTypes::rabbitmq),
        CheckType.of(
            "nats", "connects; request/reply round trip; JetStream", MessagingCheckTypes::nats),
        CheckType.of(
            "mqtt", "connects; QoS 1 publish/subscribe round trip", MessagingCheckTypes::mqtt));
  }

  static HealthCheck rabbitmq(CheckSettings s) {
    Map<String, Thresholds> queues = new LinkedHashMap<>();
    for (CheckSettings q : s.list("queues")) {
      String name = q.requiredString("name");
      queues.put(name, q.numberThresholds(QUEUE_DEPTH));
    }
    return new RabbitMqCheck(
        s.string("url").orElse("amqp://guest:guest@127.0.0.1:5672"),
        s.bool("active", true),
        queues);
  }

  static HealthCheck nats(CheckSettings s) {
    return new NatsCheck(
        s.string("url").orElse("nats://127.0.0.1:4222"),
        s.bool("active", true),
        s.bool("jetStream", false));
  }

  static HealthCheck mqtt(CheckSettings s) {
    return new MqttCheck(
        s.string("url").orElse("tcp://127.0.0.1:1883"),
        s.string("user"),
        s.string("password"),
        s.bool("active", true));
  }
}
