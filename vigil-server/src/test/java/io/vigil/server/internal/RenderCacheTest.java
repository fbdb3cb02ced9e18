package io.vigil.server.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.core.CheckSpec;
import io.vigil.core.HealthSnapshot;
import io.vigil.core.ManualMonitor;
import io.vigil.core.Monitor;
import io.vigil.core.Result;
import io.vigil.core.testing.FakeTicker;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RenderCacheTest {

  @Test
  void encodesOncePerSnapshotAndAgainAfterAChange() {
    FakeTicker ticker = new FakeTicker();
    ManualMonitor monitor = Monitor.builder().ticker(ticker).executor(Runnable::run).buildManual();
    monitor.register(CheckSpec.builder("a").jitter(Duration.ZERO).build(), ctx -> Result.ok());
    monitor.start();
    monitor.tick();
    RenderCache cache = new RenderCache();
    AtomicInteger renders = new AtomicInteger();
    HealthSnapshot first = monitor.snapshot();
    byte[] one = cache.body(first, () -> Map.of("n", renders.incrementAndGet()));
    byte[] two = cache.body(first, () -> Map.of("n", renders.incrementAndGet()));
    assertThat(two).isSameAs(one);
    assertThat(renders).hasValue(1);

    ticker.advance(Duration.ofSeconds(30));
    monitor.tick(); // a new run: a new snapshot
    assertThat(monitor.snapshot()).isNotSameAs(first);
    byte[] three = cache.body(monitor.snapshot(), () -> Map.of("n", renders.incrementAndGet()));
    assertThat(new String(three)).isEqualTo("{\"n\":2}");
    monitor.stop();
  }
}
