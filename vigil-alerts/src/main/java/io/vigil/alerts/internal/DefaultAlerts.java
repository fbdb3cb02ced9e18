package io.vigil.alerts.internal;

import io.vigil.alerts.AlertSettings;
import io.vigil.alerts.AlertView;
import io.vigil.alerts.Alerts;
import io.vigil.alerts.DeliveryObserver;
import io.vigil.alerts.Notification;
import io.vigil.alerts.SendGate;
import io.vigil.alerts.Signal;
import io.vigil.alerts.Silence;
import io.vigil.alerts.Sink;
import io.vigil.core.CheckSpec;
import io.vigil.core.HealthEvent;
import io.vigil.core.Monitor;
import io.vigil.core.Secrets;
import io.vigil.core.Subscription;
import io.vigil.core.Ticker;
import io.vigil.store.outbox.Outbox;
import io.vigil.store.outbox.OutboxEntry;
import io.vigil.store.outbox.OutboxStatus;
import io.vigil.store.outbox.Silences;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@link Alerts}: the {@link Engine}, the outbox, the silences and one worker per sink. */
public final class DefaultAlerts implements Alerts {

  private static final Logger LOG = LoggerFactory.getLogger("vigil.alerts");

  /** How often sent notifications and expired silences past retention are purged. */
  private static final Duration PURGE_EVERY = Duration.ofHours(1);

  private final Engine engine;
  private final Ticker ticker;
  private final Outboxes outbox;
  private final SilenceBook silences;
  private final DeliveryObserver observer;
  private final Ticking ticking;
  private final AtomicReference<Map<String, SinkWorker>> workers = new AtomicReference<>(Map.of());
  private final Object evaluating = new Object();
  private volatile boolean started;
  private long lastPurgeNanos;

  /** Use {@link Alerts#builder}. */
  private final SendGate gate;

  public DefaultAlerts(
      AlertSettings settings,
      List<Sink> sinks,
      Ticker ticker,
      Function<String, Optional<CheckSpec>> specs,
      Supplier<Optional<Outbox>> outbox,
      Supplier<Optional<Silences>> silenceStore,
      DeliveryObserver observer,
      Duration tick,
      Map<String, String> labels,
      SendGate gate) {
    this.gate = gate;
    this.ticker = ticker;
    this.engine = new Engine(settings, ticker, specs, labels);
    this.outbox = new Outboxes(outbox, ticker);
    this.silences = new SilenceBook(silenceStore);
    this.observer = observer;
    this.ticking = new Ticking(tick, this::evaluateQuietly);
    this.lastPurgeNanos = ticker.monotonicNanos();
    workers.set(workersFor(settings, sinks));
  }

  private Map<String, SinkWorker> workersFor(AlertSettings settings, List<Sink> sinks) {
    Backoff backoff =
        new Backoff(
            settings.backoffInitial(),
            settings.backoffMax(),
            () -> ThreadLocalRandom.current().nextDouble());
    Map<String, SinkWorker> out = new LinkedHashMap<>();
    for (Sink s : sinks) {
      out.put(s.name(), new SinkWorker(s, outbox, ticker, backoff, observer, gate));
    }
    return out;
  }

  @Override
  public Subscription attach(Monitor monitor) {
    return monitor.subscribe(this::event);
  }

  @Override
  public void signal(Signal signal) {
    if (engine.signal(signal)) {
      ticking.wake();
    }
  }

  @Override
  public void event(HealthEvent event) {
    if (engine.event(event)) {
      ticking.wake();
    }
  }

  @Override
  public List<Notification> evaluate() {
    synchronized (evaluating) {
      engine.silences(silences.all());
      List<Notification> due = engine.evaluate();
      Instant deadline = ticker.wallTime().plus(engine.settings().deadline());
      for (Notification n : due) {
        outbox.add(n.sink(), n.key(), n.fingerprints(), NotificationJson.write(n), deadline);
        LOG.info(
            "event=notification_queued sink={} key={} status={} alerts={} suppressed={}",
            n.sink(),
            n.key(),
            n.status(),
            n.alerts().size(),
            n.suppressed());
        SinkWorker w = workers.get().get(n.sink());
        if (w != null) {
          w.wake();
        }
      }
      purgeNowAndThen();
      return due;
    }
  }

  private void evaluateQuietly() {
    try {
      evaluate();
    } catch (RuntimeException e) {
      LOG.warn(
          "event=alerts_evaluation_failed error=\"{}\"",
          Secrets.maskText(String.valueOf(e.getMessage())));
    }
  }

  private void purgeNowAndThen() {
    long now = ticker.monotonicNanos();
    if (now - lastPurgeNanos < PURGE_EVERY.toNanos()) {
      return;
    }
    lastPurgeNanos = now;
    Instant before = ticker.wallTime().minus(engine.settings().retention());
    int purged = outbox.purge(before);
    silences.purge(before);
    LOG.info("event=alerts_purged notifications={}", purged);
  }

  @Override
  public synchronized void start() {
    if (started) {
      return;
    }
    started = true;
    workers.get().values().forEach(SinkWorker::start);
    ticking.start();
  }

  @Override
  public synchronized void apply(AlertSettings settings, List<Sink> sinks) {
    engine.apply(settings);
    Map<String, SinkWorker> old = workers.getAndSet(workersFor(settings, sinks));
    old.values().forEach(SinkWorker::close);
    if (started) {
      workers.get().values().forEach(SinkWorker::start);
    }
    ticking.wake();
  }

  @Override
  public List<AlertView> alerts() {
    return engine.alerts();
  }

  @Override
  public List<Silence> silences() {
    return silences.all();
  }

  @Override
  public Silence addSilence(Silence silence) {
    silences.save(silence);
    LOG.info(
        "event=silence_created id={} matchers={} starts_at={} ends_at={} by=\"{}\"",
        silence.id(),
        silence.matchers().size(),
        silence.startsAt(),
        silence.endsAt(),
        silence.createdBy());
    ticking.wake();
    return silence;
  }

  @Override
  public Optional<Silence> expireSilence(String id) {
    Optional<Silence> current = silences.get(id);
    if (current.isEmpty()) {
      return Optional.empty();
    }
    Instant now = ticker.wallTime();
    Silence expired =
        current.get().state(now) == Silence.State.EXPIRED
            ? current.get()
            : current.get().expired(now);
    silences.save(expired);
    LOG.info("event=silence_expired id={}", id);
    ticking.wake();
    return Optional.of(expired);
  }

  @Override
  public List<OutboxEntry> notifications(
      Optional<OutboxStatus> status, Optional<String> sink, int limit) {
    return outbox.list(status, sink, limit);
  }

  @Override
  public Map<String, Map<OutboxStatus, Long>> notificationCounts() {
    return outbox.counts();
  }

  @Override
  public Map<String, Long> rateLimited() {
    return engine.rateLimited();
  }

  @Override
  public List<Sink> sinks() {
    List<Sink> out = new ArrayList<>();
    workers.get().values().forEach(w -> out.add(w.sink()));
    return out;
  }

  @Override
  public AlertSettings settings() {
    return engine.settings();
  }

  @Override
  public synchronized void close() {
    ticking.close();
    workers.get().values().forEach(SinkWorker::close);
  }
}
