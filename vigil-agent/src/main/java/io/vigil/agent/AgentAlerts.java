package io.vigil.agent;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vigil.agent.config.AgentConfig;
import io.vigil.alerts.AlertKind;
import io.vigil.alerts.AlertView;
import io.vigil.alerts.Alerts;
import io.vigil.alerts.Severity;
import io.vigil.alerts.Signal;
import io.vigil.alerts.Sink;
import io.vigil.core.Monitor;
import io.vigil.core.Subscription;
import io.vigil.recovery.RecoveryEvent;
import io.vigil.store.Store;
import io.vigil.store.outbox.OutboxStatus;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's alerts: the engine's events and recovery's give-ups become alerts; notifications go
 * to the store's outbox (in memory without a store) and then to the configured sinks. Reloads put
 * new routes and sinks in force. Metrics and the {@code alerts} section of {@code /diagnostics}.
 */
final class AgentAlerts implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger("vigil.alerts");

  private final Alerts alerts;
  private final Subscription events;
  private final Supplier<Optional<Store>> store;
  private MeterRegistry registry;
  private volatile Map<String, Map<OutboxStatus, Long>> counts = Map.of();
  private volatile long countedAt;

  private AgentAlerts(Alerts alerts, Subscription events, Supplier<Optional<Store>> store) {
    this.alerts = alerts;
    this.events = events;
    this.store = store;
  }

  /** Starts the alerts of {@code config} for the monitor, with the store while it is open. */
  static AgentAlerts start(
      AgentConfig config,
      Monitor monitor,
      Supplier<Optional<Store>> store,
      MeterRegistry registry,
      io.vigil.alerts.SendGate gate) {
    Alerts alerts =
        Alerts.builder(config.alerts().settings())
            .gate(gate)
            .sinks(config.alerts().build())
            .specs(Alerts.specsOf(monitor))
            .labels(Map.of("node", config.server().nodeId()))
            .outbox(() -> store.get().map(Store::outbox))
            .silences(() -> store.get().map(Store::silences))
            .observer(
                (sink, outcome, latency) -> {
                  Counter.builder("vigil.notifications")
                      .description("Notification delivery attempts by sink and outcome")
                      .tags("sink", sink, "outcome", outcome)
                      .register(registry)
                      .increment();
                  if (outcome.equals("sent")) {
                    Timer.builder("vigil.notification.latency")
                        .description("From a notification's creation to its delivery")
                        .tag("sink", sink)
                        .register(registry)
                        .record(latency);
                  }
                })
            .build();
    AgentAlerts agentAlerts = new AgentAlerts(alerts, alerts.attach(monitor), store);
    agentAlerts.bindMetrics(registry);
    alerts.start();
    LOG.info(
        "event=alerts_started sinks={} watchdog={}",
        alerts.sinks().stream().map(Sink::name).toList(),
        config.alerts().settings().watchdog());
    return agentAlerts;
  }

  /** Recovery's events: a give-up opens a {@code gave_up} alert, a lift or reset resolves it. */
  void recovery(RecoveryEvent event) {
    Map<String, String> labels = Map.of("check", event.check());
    switch (event) {
      case RecoveryEvent.GaveUp e ->
          alerts.signal(
              Signal.open(
                  AlertKind.GAVE_UP,
                  labels,
                  Severity.CRITICAL,
                  "healing gave up: " + e.reason(),
                  e.at()));
      case RecoveryEvent.QuarantineLifted e ->
          alerts.signal(
              Signal.resolve(AlertKind.GAVE_UP, labels, "quarantine lifted by " + e.by(), e.at()));
      case RecoveryEvent.Reset e ->
          alerts.signal(Signal.resolve(AlertKind.GAVE_UP, labels, "recovery reset", e.at()));
      default -> {}
    }
  }

  /** Puts a new configuration's routes and sinks in force. */
  void apply(AgentConfig config) {
    alerts.apply(config.alerts().settings(), config.alerts().build());
    bindQueueGauges();
  }

  Alerts alerts() {
    return alerts;
  }

  private void bindMetrics(MeterRegistry value) {
    registry = value;
    for (Severity severity : Severity.values()) {
      Gauge.builder("vigil.alerts.firing", this, a -> a.firing(severity))
          .description("Alerts firing (not silenced nor inhibited) by severity")
          .tag("severity", severity.id())
          .register(registry);
    }
    bindQueueGauges();
  }

  private void bindQueueGauges() {
    for (Sink sink : alerts.sinks()) {
      Gauge.builder("vigil.notification.queue.depth", this, a -> a.unsent(sink.name()))
          .description("Notifications waiting to be delivered (pending or failed) by sink")
          .tag("sink", sink.name())
          .register(registry);
    }
  }

  private double firing(Severity severity) {
    return alerts.alerts().stream()
        .filter(v -> v.state().equals("firing") && v.alert().severity() == severity)
        .count();
  }

  private double unsent(String sink) {
    Map<OutboxStatus, Long> bySink = counts().getOrDefault(sink, Map.of());
    return bySink.getOrDefault(OutboxStatus.PENDING, 0L)
        + bySink.getOrDefault(OutboxStatus.FAILED, 0L);
  }

  /** The outbox counts, read at most once a second (scrapes and diagnostics share them). */
  private Map<String, Map<OutboxStatus, Long>> counts() {
    long now = System.nanoTime();
    if (now - countedAt > Duration.ofSeconds(1).toNanos()) {
      try {
        counts = alerts.notificationCounts();
      } catch (RuntimeException e) {
        LOG.debug("event=outbox_counts_failed error=\"{}\"", e.getMessage());
      }
      countedAt = now;
    }
    return counts;
  }

  /** The {@code alerts} section of {@code /diagnostics}: sinks, counts, dead letters. */
  Object diagnostics() {
    Map<String, Object> out = new LinkedHashMap<>();
    Map<String, Object> sinks = new LinkedHashMap<>();
    Map<String, Long> limited = alerts.rateLimited();
    Map<String, Map<OutboxStatus, Long>> byStatus = counts();
    for (Sink s : alerts.sinks()) {
      Map<String, Object> sink = new LinkedHashMap<>();
      sink.put("type", s.type());
      sink.put("target", s.describe());
      Map<String, Long> statuses = new LinkedHashMap<>();
      for (OutboxStatus st : OutboxStatus.values()) {
        statuses.put(st.id(), byStatus.getOrDefault(s.name(), Map.of()).getOrDefault(st, 0L));
      }
      sink.put("notifications", statuses);
      sink.put("rateLimited", limited.getOrDefault(s.name(), 0L));
      sinks.put(s.name(), sink);
    }
    List<AlertView> views = alerts.alerts();
    Map<String, Long> states = new LinkedHashMap<>();
    views.forEach(v -> states.merge(v.state(), 1L, Long::sum));
    out.put("outbox", store.get().isPresent() ? "store" : "memory");
    out.put("alerts", states);
    out.put("silences", alerts.silences().size());
    out.put("sinks", sinks);
    return out;
  }

  @Override
  public void close() {
    events.close();
    alerts.close();
  }
}
