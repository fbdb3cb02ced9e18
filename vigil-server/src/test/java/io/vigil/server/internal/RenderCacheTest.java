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
    Body one = cache.body(first, () -> Map.of("n", renders.incrementAndGet()));
    Body two = cache.body(first, () -> Map.of("n", renders.incrementAndGet()));
    assertThat(two).isSameAs(one);
    assertThat(renders).hasValue(1);

    ticker.advance(Duration.ofSeconds(30));
    monitor.tick(); // a new run: a new snapshot
    assertThat(monitor.snapshot()).isNotSameAs(first);
    Body three = cache.body(monitor.snapshot(), () -> Map.of("n", renders.incrementAndGet()));
    assertThat(new String(three.plain())).isEqualTo("{\"n\":2}");
    monitor.stop();
  }

  @Test
  void largeBodiesAreGzippedOnce_forClientsThatAcceptIt() throws Exception {
    Body small = new Body("{\"status\":\"healthy\"}".getBytes());
    assertThat(small.compressible()).isFalse();
    byte[] json = ("{\"checks\":\"" + "ok ".repeat(2000) + "\"}").getBytes();
    Body large = new Body(json);
    assertThat(large.compressible()).isTrue();
    assertThat(large.gzip()).isSameAs(large.gzip());
    assertThat(large.gzip().length).isLessThan(json.length / 10);
    try (var in =
        new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(large.gzip()))) {
      assertThat(in.readAllBytes()).isEqualTo(json);
    }
    assertThat(Body.acceptsGzip("gzip, deflate, br")).isTrue();
    assertThat(Body.acceptsGzip("br;q=1.0, GZIP;q=0.5")).isTrue();
    assertThat(Body.acceptsGzip("gzip;q=0")).isFalse();
    assertThat(Body.acceptsGzip("identity")).isFalse();
    assertThat(Body.acceptsGzip(null)).isFalse();
  }
}
