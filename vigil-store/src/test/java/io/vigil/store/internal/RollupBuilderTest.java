package io.vigil.store.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.vigil.core.Status;
import io.vigil.store.Resolution;
import io.vigil.store.Rollup;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RollupBuilderTest {

  @Test
  void aMinuteCountsEachStatusAndItsP95IsTheExactNearestRank() {
    RollupBuilder b = new RollupBuilder("db", Resolution.MINUTE, Instant.EPOCH);
    for (int ms = 1; ms <= 100; ms++) {
      b.addRun(ms % 10 == 0 ? Status.CRITICAL : Status.OK, ms);
    }
    Rollup r = b.build();
    assertThat(r.ok()).isEqualTo(90);
    assertThat(r.critical()).isEqualTo(10);
    assertThat(r.latency().minMs()).isEqualTo(1);
    assertThat(r.latency().maxMs()).isEqualTo(100);
    assertThat(r.latency().avgMs()).isEqualTo(50.5);
    assertThat(r.latency().p95Ms()).isEqualTo(95);
  }

  @Test
  void mergedRowsEstimateP95FromTheHistogramWithin19Percent() {
    RollupBuilder hour = new RollupBuilder("db", Resolution.HOUR, Instant.EPOCH);
    for (int minute = 0; minute < 60; minute++) {
      RollupBuilder m = new RollupBuilder("db", Resolution.MINUTE, Instant.EPOCH);
      for (int ms = 1; ms <= 100; ms++) {
        m.addRun(Status.OK, ms);
      }
      hour.addRow(m.build(), m.histogram());
    }
    Rollup r = hour.build();
    assertThat(r.ok()).isEqualTo(6000);
    assertThat(r.latency().avgMs()).isCloseTo(50.5, within(1e-9));
    assertThat(r.latency().p95Ms()).isBetween(95.0, 95 * 1.19);
    assertThat(r.latency().maxMs()).isEqualTo(100);
  }

  @Test
  void histogramSurvivesEncodingAndIgnoresDamagedPairs() {
    LatencyHistogram h = new LatencyHistogram();
    h.add(0.05);
    h.add(12);
    h.add(1e9);
    LatencyHistogram back = LatencyHistogram.decode(h.encode() + ",x:y,7");
    assertThat(back.total()).isEqualTo(3);
    assertThat(back.quantile(1.0))
        .isEqualTo(LatencyHistogram.upperBound(LatencyHistogram.BUCKETS - 1));
    assertThat(LatencyHistogram.upperBound(LatencyHistogram.index(12))).isBetween(12.0, 12 * 1.19);
  }
}
