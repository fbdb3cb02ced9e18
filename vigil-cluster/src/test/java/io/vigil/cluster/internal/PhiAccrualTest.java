package io.vigil.cluster.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.vigil.cluster.DetectorSettings;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Phi against values computed independently: the normal distribution's tail from an erf series, not
 * from the logistic approximation the detector uses (whose error Akka gives as 0.00014 at most).
 */
class PhiAccrualTest {

  private static final long MS = 1_000_000L;

  /** 1 - CDF of the standard normal distribution, from erfc (Abramowitz–Stegun 7.1.26 refined). */
  static double normalTail(double y) {
    return 0.5 * erfc(y / Math.sqrt(2));
  }

  /** erfc by its Taylor series (|x| ≤ 3) or continued fraction (beyond): 1e-12 accurate. */
  static double erfc(double x) {
    if (x < 0) {
      return 2 - erfc(-x);
    }
    if (x < 3) {
      double sum = 0;
      double term = x;
      for (int n = 0; n < 200; n++) {
        sum += term / (2 * n + 1);
        term *= -x * x / (n + 1);
      }
      return 1 - 2 / Math.sqrt(Math.PI) * sum;
    }
    double f = 0;
    for (int k = 60; k >= 1; k--) {
      f = k / 2.0 / (x + f);
    }
    return Math.exp(-x * x) / Math.sqrt(Math.PI) / (x + f);
  }

  @Test
  void erfcIsRight() {
    assertThat(erfc(0)).isCloseTo(1.0, within(1e-12));
    assertThat(erfc(1)).isCloseTo(0.157299207050285, within(1e-12));
    assertThat(erfc(3.5)).isCloseTo(7.43098372341412e-7, within(1e-15));
  }

  @Test
  void phiIsMinusLog10OfTheNormalTailWithinTheApproximationsError() {
    for (double y = -4; y <= 4; y += 0.125) {
      double mean = 1000;
      double std = 100;
      double phi = PhiAccrual.phi(mean + y * std, mean, std);
      assertThat(Math.pow(10, -phi))
          .as("10^-phi at y=%s", y)
          .isCloseTo(normalTail(y), within(1.5e-4));
    }
  }

  @Test
  void phiAtTheMeanIsLog10Of2AndItRisesWithSilence() {
    assertThat(PhiAccrual.phi(1000, 1000, 100)).isCloseTo(Math.log10(2), within(1e-12));
    assertThat(PhiAccrual.phi(1100, 1000, 100)).isCloseTo(-Math.log10(normalTail(1)), within(1e-3));
    assertThat(PhiAccrual.phi(1200, 1000, 100)).isCloseTo(-Math.log10(normalTail(2)), within(0.01));
    double previous = 0;
    for (int t = 0; t < 5000; t += 10) {
      double phi = PhiAccrual.phi(t, 1000, 100);
      assertThat(phi).isGreaterThanOrEqualTo(previous).isFinite();
      previous = phi;
    }
    assertThat(PhiAccrual.phi(1e9, 1000, 100)).as("a very long silence").isFinite().isPositive();
  }

  private static DetectorSettings.Heartbeat settings(Duration pause) {
    return new DetectorSettings.Heartbeat(
        Duration.ofSeconds(1), 8, 1, 1000, Duration.ofMillis(100), pause);
  }

  @Test
  void historyOnAFakeClockGivesMeanDeviationAndPhiAsComputedByHand() {
    long now = 1_000 * MS;
    PhiAccrual detector = new PhiAccrual(settings(Duration.ZERO), now);
    detector.heartbeat(now, true, true); // the first: bootstrap history 750, 1250
    long[] intervals = {900, 1100, 900, 1100, 1000, 1000};
    for (long interval : intervals) {
      now += interval * MS;
      detector.heartbeat(now, false, true);
    }
    double[] all = {750, 1250, 900, 1100, 900, 1100, 1000, 1000};
    double mean = 0;
    for (double v : all) {
      mean += v / all.length;
    }
    double variance = 0;
    for (double v : all) {
      variance += (v - mean) * (v - mean) / all.length;
    }
    double std = Math.sqrt(variance);
    assertThat(detector.mean()).isCloseTo(mean, within(1e-9));
    assertThat(detector.stdDeviation()).isCloseTo(std, within(1e-9));
    // 1.5 standard deviations of silence past the mean
    double silence = mean + 1.5 * std;
    double phi = detector.phi(now + (long) (silence * MS));
    assertThat(Math.pow(10, -phi)).isCloseTo(normalTail(1.5), within(1.5e-4));
  }

  @Test
  void theAcceptablePauseLengthensTheMeanAndTheMinimumDeviationHolds() {
    long now = 0;
    PhiAccrual detector = new PhiAccrual(settings(Duration.ofSeconds(3)), now);
    detector.heartbeat(now, true, true);
    for (int i = 0; i < 200; i++) { // perfectly regular: the deviation tends to 0, min is 100 ms
      now += 1000 * MS;
      detector.heartbeat(now, false, true);
    }
    double mean = detector.mean();
    // 4 s of silence = mean 1 s + pause 3 s: y = 0
    assertThat(detector.phi(now + (long) ((mean + 3000) * MS)))
        .isCloseTo(Math.log10(2), within(1e-6));
    // +250 ms = 2.5 minimum deviations
    assertThat(Math.pow(10, -detector.phi(now + (long) ((mean + 3250) * MS))))
        .isCloseTo(normalTail(2.5), within(1.5e-4));
  }

  @Test
  void aHeartbeatAfterDeathIsNotRecordedAndTheFirstRestartsTheHistory() {
    long now = 0;
    PhiAccrual detector = new PhiAccrual(settings(Duration.ZERO), now);
    detector.heartbeat(now, true, true);
    now += 1000 * MS;
    detector.heartbeat(now, false, true);
    assertThat(detector.samples()).isEqualTo(3);
    now += 60_000 * MS;
    detector.heartbeat(now, false, false); // judged dead meanwhile
    assertThat(detector.samples()).isEqualTo(3);
    assertThat(detector.mean()).isCloseTo(1000, within(1e-9));
    detector.heartbeat(now + MS, true, true);
    assertThat(detector.samples()).isEqualTo(2);
  }

  @Test
  void theWindowKeepsTheLastSamplesOnly() {
    DetectorSettings.Heartbeat small =
        new DetectorSettings.Heartbeat(
            Duration.ofSeconds(1), 8, 1, 10, Duration.ofMillis(100), Duration.ZERO);
    long now = 0;
    PhiAccrual detector = new PhiAccrual(small, now);
    detector.heartbeat(now, true, true);
    for (int i = 0; i < 1000; i++) {
      now += 2000 * MS;
      detector.heartbeat(now, false, true);
    }
    assertThat(detector.samples()).isEqualTo(10);
    assertThat(detector.mean()).isCloseTo(2000, within(1e-6));
    assertThat(detector.stdDeviation()).isCloseTo(0, within(1e-3));
  }

  @Test
  void aShiftMovesTheLastHeartbeatOverThePause() {
    long now = 0;
    PhiAccrual detector = new PhiAccrual(settings(Duration.ZERO), now);
    detector.heartbeat(now, true, true);
    double before = detector.phi(now + 500 * MS);
    detector.shift(8_000 * MS);
    assertThat(detector.phi(now + 8_500 * MS)).isCloseTo(before, within(1e-12));
  }
}
