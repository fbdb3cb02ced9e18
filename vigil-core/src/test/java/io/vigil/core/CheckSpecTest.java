package io.vigil.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class CheckSpecTest {

  @Test
  void hasDocumentedDefaults() {
    CheckSpec spec = CheckSpec.builder("db").build();
    assertThat(spec.interval()).isEqualTo(Duration.ofSeconds(30));
    assertThat(spec.timeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(spec.retryInterval()).isEqualTo(Duration.ofSeconds(10));
    assertThat(spec.staleAfter()).isEqualTo(Duration.ofSeconds(70));
    assertThat(spec.jitter()).isEqualTo(Duration.ofSeconds(3));
    assertThat(spec.failureThreshold()).isEqualTo(3);
    assertThat(spec.successThreshold()).isEqualTo(1);
    assertThat(spec.critical()).isFalse();
    assertThat(spec.enabled()).isTrue();
    assertThat(spec.component()).isEqualTo("default");
  }

  @Test
  void retryIntervalIsAtLeastOneSecondAndJitterAtMostFive() {
    CheckSpec fast = CheckSpec.builder("a").interval(Duration.ofSeconds(2)).build();
    assertThat(fast.retryInterval()).isEqualTo(Duration.ofSeconds(1));
    CheckSpec slow = CheckSpec.builder("b").interval(Duration.ofMinutes(10)).build();
    assertThat(slow.jitter()).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void reportsEveryProblemAtOnce() {
    assertThatThrownBy(
            () ->
                CheckSpec.builder("bad name")
                    .interval(Duration.ZERO)
                    .timeout(Duration.ofSeconds(-1))
                    .failureThreshold(0)
                    .flapThresholds(5, 20)
                    .build())
        .isInstanceOfSatisfying(
            InvalidSpecException.class,
            e ->
                assertThat(e.problems())
                    .anyMatch(p -> p.startsWith("name:") && p.contains("'bad name'"))
                    .anyMatch(p -> p.equals("interval: must be positive, but was 0s"))
                    .anyMatch(p -> p.equals("timeout: must be positive, but was -1s"))
                    .anyMatch(p -> p.startsWith("failureThreshold: must be at least 1"))
                    .anyMatch(p -> p.startsWith("flapThresholds:")));
  }

  @Test
  void cannotDependOnItself() {
    assertThatThrownBy(() -> CheckSpec.builder("a").dependsOn("a").build())
        .hasMessageContaining("dependsOn: a check cannot depend on itself");
  }

  @Test
  void toBuilderKeepsValues() {
    CheckSpec spec =
        CheckSpec.builder("a")
            .tags("x", "y")
            .critical(true)
            .interval(Duration.ofSeconds(5))
            .build();
    assertThat(spec.toBuilder().build()).isEqualTo(spec);
  }

  @Test
  void timeoutLongerThanTheIntervalIsRefused() {
    assertThatThrownBy(
            () ->
                CheckSpec.builder("db")
                    .interval(Duration.ofSeconds(30))
                    .timeout(Duration.ofSeconds(40))
                    .build())
        .isInstanceOfSatisfying(
            InvalidSpecException.class,
            e ->
                assertThat(e.problems())
                    .containsExactly(
                        "timeout: must be at most interval, but was 40s (interval 30s)"));
  }

  @Test
  void timeoutEqualToTheIntervalIsAccepted() {
    CheckSpec spec =
        CheckSpec.builder("db")
            .interval(Duration.ofSeconds(5))
            .timeout(Duration.ofSeconds(5))
            .build();
    assertThat(spec.timeout()).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void defaultTimeoutIsTheIntervalWhenShorterThanTenSeconds() {
    CheckSpec spec = CheckSpec.builder("db").interval(Duration.ofSeconds(2)).build();
    assertThat(spec.timeout()).isEqualTo(Duration.ofSeconds(2));
    assertThat(spec.staleAfter()).isEqualTo(Duration.ofSeconds(6));
  }

  @Test
  void invalidIntervalIsReportedWithoutATimeoutComparison() {
    assertThatThrownBy(() -> CheckSpec.builder("db").interval(Duration.ofSeconds(-5)).build())
        .isInstanceOfSatisfying(
            InvalidSpecException.class,
            e ->
                assertThat(e.problems())
                    .contains("interval: must be positive, but was -5s")
                    .noneMatch(p -> p.startsWith("timeout")));
  }

  @Test
  void theDefaultsDivideDurationsAsDurationDoes() {
    for (Duration d :
        new Duration[] {
          Duration.ZERO,
          Duration.ofNanos(7),
          Duration.ofMillis(999),
          Duration.ofSeconds(1),
          Duration.ofSeconds(10),
          Duration.ofSeconds(59, 999_999_999),
          Duration.ofDays(3650).plusNanos(1)
        }) {
      for (int n : new int[] {2, 3, 10}) {
        assertThat(CheckSpec.Builder.divided(d, n)).as("%s / %d", d, n).isEqualTo(d.dividedBy(n));
      }
    }
  }
}
