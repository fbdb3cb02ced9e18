package io.vigil.alerts;

import io.vigil.alerts.internal.DefaultAlerts;
import io.vigil.core.CheckSpec;
import io.vigil.core.HealthEvent;
import io.vigil.core.Monitor;
import io.vigil.core.Subscription;
import io.vigil.core.Ticker;
import io.vigil.store.outbox.Outbox;
import io.vigil.store.outbox.OutboxEntry;
import io.vigil.store.outbox.OutboxStatus;
import io.vigil.store.outbox.Silences;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The alerts of one agent: signals in, notifications out, through the outbox.
 *
 * <pre>{@code
 * Alerts alerts = Alerts.builder(AlertSettings.of(List.of(Route.defaults("ops"))))
 *     .sinks(List.of(Sinks.webhook(WebhookSettings.of("ops", uri))))
 *     .outbox(() -> Optional.of(store.outbox()))
 *     .build();
 * alerts.attach(monitor);
 * alerts.start();
 * }</pre>
 *
 * <p>Thread-safe.
 */
public interface Alerts extends AutoCloseable {

  /** A builder for these settings. */
  static Builder builder(AlertSettings settings) {
    return new Builder(settings);
  }

  /** A spec lookup reading the monitor's latest snapshot, for {@link Builder#specs}. */
  static Function<String, Optional<CheckSpec>> specsOf(Monitor monitor) {
    return name -> monitor.check(name).map(io.vigil.core.CheckSnapshot::spec);
  }

  /** Turns the monitor's events into alerts (check labels from its snapshot). */
  Subscription attach(Monitor monitor);

  /** Opens, updates or resolves an alert (recovery, cluster, embedders). */
  void signal(Signal signal);

  /** Applies an engine event directly (what {@link #attach} does for each event). */
  void event(HealthEvent event);

  /**
   * One decision round: writes the notifications due now to the outbox and wakes their sinks.
   * {@link #start()} runs it every 250 ms and after each change.
   *
   * @return the notifications written
   */
  List<Notification> evaluate();

  /** Starts the decision round and one delivery thread per sink; idempotent. */
  void start();

  /** Puts new settings and sinks in force (a reload); the outbox and silences stay. */
  void apply(AlertSettings settings, List<Sink> sinks);

  /** Every alert with its state now. */
  List<AlertView> alerts();

  /** Every silence (expired ones until they are purged). */
  List<Silence> silences();

  /** Adds a silence (stored when the store is open). */
  Silence addSilence(Silence silence);

  /** Expires a silence now; empty when there is none of that id. */
  Optional<Silence> expireSilence(String id);

  /** Notifications, newest first, of a status and a sink when given. */
  List<OutboxEntry> notifications(Optional<OutboxStatus> status, Optional<String> sink, int limit);

  /** How many notifications each sink has in each status. */
  Map<String, Map<OutboxStatus, Long>> notificationCounts();

  /** Notifications each sink's rate limit held back (and summed up later), in total. */
  Map<String, Long> rateLimited();

  /** The sinks in force. */
  List<Sink> sinks();

  /** The settings in force. */
  AlertSettings settings();

  /** Stops the threads; what is in the outbox is sent after the next start. */
  @Override
  void close();

  /** Builds {@link Alerts}. */
  final class Builder {
    private final AlertSettings settings;
    private List<Sink> sinks = List.of();
    private Ticker ticker = Ticker.system();
    private Function<String, Optional<CheckSpec>> specs = name -> Optional.empty();
    private Supplier<Optional<Outbox>> outbox = Optional::empty;
    private Supplier<Optional<Silences>> silences = Optional::empty;
    private DeliveryObserver observer = DeliveryObserver.none();
    private Duration tick = Duration.ofMillis(250);
    private Map<String, String> labels = Map.of();
    private SendGate gate = SendGate.OPEN;

    private Builder(AlertSettings settings) {
      this.settings = settings;
    }

    /** The sinks, one per route. */
    public Builder sinks(List<Sink> value) {
      sinks = List.copyOf(value);
      return this;
    }

    /** The clocks (a fake one in tests). */
    public Builder ticker(Ticker value) {
      ticker = value;
      return this;
    }

    /** How to find a check's spec by name, for labels and {@code dependsOn}. */
    public Builder specs(Function<String, Optional<CheckSpec>> value) {
      specs = value;
      return this;
    }

    /** The store's outbox, while it is open; in memory otherwise. */
    public Builder outbox(Supplier<Optional<Outbox>> value) {
      outbox = value;
      return this;
    }

    /** The store's silences, while it is open; in memory otherwise. */
    public Builder silences(Supplier<Optional<Silences>> value) {
      silences = value;
      return this;
    }

    /** Told about every delivery attempt. */
    public Builder observer(DeliveryObserver value) {
      observer = value;
      return this;
    }

    /**
     * How often {@link #start()}ed alerts evaluate (default 250 ms: a group is sent at most that
     * late after its wait).
     */
    public Builder tick(Duration value) {
      tick = value;
      return this;
    }

    /**
     * Labels every alert gets unless it has one of that name, as Prometheus' external labels (the
     * agent adds {@code node}, so alerts of several agents stay apart in Alertmanager).
     */
    public Builder labels(Map<String, String> value) {
      labels = Map.copyOf(value);
      return this;
    }

    /** Asked before each notification is sent (a fleet's lease); open by default. */
    public Builder gate(SendGate value) {
      gate = value;
      return this;
    }

    /** The alerts, not started. */
    public Alerts build() {
      return new DefaultAlerts(
          settings, sinks, ticker, specs, outbox, silences, observer, tick, labels, gate);
    }
  }
}
