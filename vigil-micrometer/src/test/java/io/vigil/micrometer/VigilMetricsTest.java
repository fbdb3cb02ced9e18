package io.vigil.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vigil.core.CheckSpec;
import io.vigil.core.ManualMonitor;
import io.vigil.core.Monitor;
import io.vigil.core.Result;
import io.vigil.core.testing.FakeTicker;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The binder in a Prometheus registry, in a plain one, and as the monitor's checks change. */
class VigilMetricsTest {

  private final FakeTicker ticker = new FakeTicker();
  private ManualMonitor monitor;

  @BeforeEach
  void monitor() {
    monitor = Monitor.builder().ticker(ticker).executor(Runnable::run).buildManual();
    monitor.register(
        CheckSpec.builder("db").component("backend").critical(true).jitter(Duration.ZERO).build(),
        ctx -> Result.ok());
    monitor.register(
        CheckSpec.builder("cache").jitter(Duration.ZERO).build(),
        ctx ->
            Result.warning("slow")
                .withDetail("perfdata", Map.of("hit_ratio", Map.of("value", 0.75))));
    monitor.start();
    monitor.tick();
  }

  @AfterEach
  void stop() {
    monitor.stop();
  }

  @Test
  void inPrometheus_runsAndDurationsAreTheEnginesHistograms() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    try (VigilMetrics metrics = new VigilMetrics(monitor)) {
      metrics.bindTo(registry);
      String text = registry.scrape();
      assertThat(text)
          .contains("vigil_check_runs_total{check=\"db\",status=\"ok\"} 1.0")
          .contains("vigil_check_runs_total{check=\"cache\",status=\"warning\"} 1.0")
          .contains("vigil_check_duration_seconds_bucket{check=\"db\",le=\"+Inf\"} 1")
          .contains("vigil_scheduler_lag_seconds_bucket{le=\"+Inf\"} 2")
          .contains("vigil_check_status{check=\"cache\"} 1.0")
          .contains("vigil_check_critical{check=\"db\"} 1.0")
          .contains("vigil_check_perfdata{check=\"cache\",label=\"hit_ratio\"} 0.75")
          .contains("vigil_component_health_score{component=\"backend\"} 1.0")
          .contains("vigil_system_status{status=\"degraded\"} 1.0")
          .contains("vigil_system_score_level{level=\"degraded\"} 1.0")
          .doesNotContain("jvm_");

      metrics.close();
      assertThat(registry.scrape()).doesNotContain("vigil_");
    }
  }

  @Test
  void inAnyRegistry_runsAreFunctionCountersAndDurationsFunctionTimers() {
    MeterRegistry registry = new SimpleMeterRegistry();
    try (VigilMetrics metrics = new VigilMetrics(monitor)) {
      metrics.bindTo(registry);
      ticker.advance(Duration.ofSeconds(31));
      monitor.tick();

      FunctionCounter ok =
          registry.get("vigil.check.runs").tags("check", "db", "status", "ok").functionCounter();
      await()
          .atMost(Duration.ofSeconds(5))
          .untilAsserted(() -> assertThat(ok.count()).isEqualTo(2));
      FunctionTimer durations =
          registry.get("vigil.check.duration").tag("check", "db").functionTimer();
      assertThat(durations.count()).isEqualTo(2);
      assertThat(durations.totalTime(TimeUnit.SECONDS)).isGreaterThanOrEqualTo(0);
      assertThat(registry.get("vigil.scheduler.lag").functionTimer().count()).isEqualTo(4);
      assertThat(registry.get("vigil.check.status").tag("check", "cache").gauge().value())
          .isEqualTo(1);
      assertThat(registry.get("vigil.system.status").tag("status", "degraded").gauge().value())
          .isEqualTo(1);
      assertThat(registry.get("vigil.system.health.score").gauge().value()).isBetween(0.0, 1.0);
    }
  }

  @Test
  void inACompositeWithPrometheus_theSameNamesWithoutBuckets() {
    PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    CompositeMeterRegistry composite = new CompositeMeterRegistry();
    composite.add(prometheus);
    try (VigilMetrics metrics = new VigilMetrics(monitor)) {
      metrics.bindTo(composite);
      assertThat(prometheus.scrape())
          .contains("vigil_check_runs_total{check=\"db\",status=\"ok\"} 1.0")
          .contains("vigil_check_duration_seconds_count{check=\"db\"} 1")
          .contains("vigil_check_status{check=\"db\"} 0.0");
    }
  }

  @Test
  void metersFollowTheChecksThroughTheMonitorsEvents() {
    MeterRegistry registry = new SimpleMeterRegistry();
    try (VigilMetrics metrics = new VigilMetrics(monitor)) {
      metrics.bindTo(registry);
      monitor.register(
          CheckSpec.builder("queue").jitter(Duration.ZERO).build(), ctx -> Result.ok());
      await()
          .atMost(Duration.ofSeconds(5))
          .until(() -> registry.find("vigil.check.status").tag("check", "queue").gauge() != null);
      assertThat(registry.find("vigil.check.runs").tag("check", "queue").functionCounters())
          .hasSize(4);

      monitor.unregister("cache");
      await()
          .atMost(Duration.ofSeconds(5))
          .until(() -> registry.find("vigil.check.status").tag("check", "cache").gauge() == null);
      assertThat(registry.find("vigil.check.runs").tag("check", "cache").functionCounters())
          .isEmpty();
      assertThat(registry.find("vigil.check.perfdata").gauges()).isEmpty();
    }
  }

  @Test
  void refreshedByCaller_changesOnlyOnRefresh() {
    MeterRegistry registry = new SimpleMeterRegistry();
    try (VigilMetrics metrics = VigilMetrics.refreshedByCaller(monitor)) {
      metrics.bindTo(registry);
      monitor.unregister("cache");
      assertThat(registry.get("vigil.check.status").tag("check", "cache").gauge().value()).isNaN();
      metrics.refresh();
      assertThat(registry.find("vigil.check.status").tag("check", "cache").gauge()).isNull();
    }
  }

  @Test
  void needsNoHttpServer() {
    assertThatThrownBy(() -> Class.forName("io.javalin.Javalin"))
        .isInstanceOf(ClassNotFoundException.class);
  }

  @Test
  void aScrapeOfManyChecksReadsTheirViewsNotASnapshotPerRow() {
    for (int i = 0; i < 1_000; i++) {
      monitor.register(
          CheckSpec.builder("t-" + i).jitter(Duration.ZERO).build(), ctx -> Result.ok());
    }
    monitor.tick();
    java.util.concurrent.atomic.AtomicInteger snapshots =
        new java.util.concurrent.atomic.AtomicInteger();
    Monitor counting = io.vigil.core.testing.SnapshotCounter.counting(monitor, snapshots);
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    try (VigilMetrics metrics = VigilMetrics.refreshedByCaller(counting)) {
      metrics.bindTo(registry);
      snapshots.set(0);
      metrics.refresh();
      String text = registry.scrape();
      assertThat(text).contains("vigil_check_status{check=\"t-999\"} 0.0");
      // one for the refresh, at most a few for the component and system rows: not one per row
      assertThat(snapshots.get()).isLessThanOrEqualTo(4);
    }
  }
}
