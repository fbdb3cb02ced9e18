package io.vigil.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class FleetConfigTest {

  @Test
  void defaults() {
    FleetConfig c = FleetConfig.of("prod", "host-1.example.com", "10.0.0.1:8080", "0.1.0");
    assertThat(c.ttl()).isEqualTo(Duration.ofSeconds(10));
    assertThat(c.renewEvery()).isEqualTo(Duration.ofSeconds(3));
    assertThat(c.safetyMargin()).isEqualTo(Duration.ofSeconds(2));
    assertThat(c.partitions()).isEqualTo(1024);
  }

  @Test
  void everyInvalidFieldIsNamedWithWhatIsAllowed() {
    assertThatThrownBy(() -> FleetConfig.of("", "a b", "x", "1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("fleet.name: must be 1 to 128 letters, digits, '.', '_' or '-'")
        .hasMessageContaining("fleet.agentId: must be 1 to 128 letters, digits");
    FleetConfig ok = FleetConfig.of("f", "a", "x", "1");
    assertThatThrownBy(
            () ->
                ok.withTimings(Duration.ofSeconds(2), Duration.ofSeconds(1), Duration.ofSeconds(2)))
        .hasMessage("fleet.safetyMargin: must be less than fleet.ttl (2s), but was 2s");
    assertThatThrownBy(
            () ->
                ok.withTimings(
                    Duration.ofSeconds(10), Duration.ofSeconds(8), Duration.ofSeconds(2)))
        .hasMessage(
            "fleet.renewEvery: must be less than fleet.ttl - fleet.safetyMargin (8s), but was 8s");
    assertThatThrownBy(() -> ok.withTimings(Duration.ZERO, Duration.ofSeconds(1), null))
        .hasMessageContaining("fleet.ttl: must be a positive duration")
        .hasMessageContaining("fleet.safetyMargin: must be a positive duration");
    assertThatThrownBy(() -> ok.withPartitions(0))
        .hasMessage("fleet.partitions: must be 1 to 65536, but was 0");
    assertThatThrownBy(() -> ok.withPartitions(65537)).hasMessageContaining("65537");
    assertThat(ok.withPartitions(65536).partitions()).isEqualTo(65536);
    assertThatThrownBy(() -> FleetConfig.of("f".repeat(129), "a", "x", "1"))
        .hasMessageStartingWith("fleet.name:");
  }

  @Test
  void aChecksPartitionIsCrc32OfItsNameAndNeverChanges() {
    // pinned: agents of different versions must agree on every check's partition
    assertThat(Fleet.partition("db", 1024)).isEqualTo(Fleet.partition("db", 1024));
    assertThat(Fleet.partition("", 1024)).isZero();
    assertThat(Fleet.partition("orders-http", 1024)).isEqualTo(PINNED_ORDERS);
    assertThat(Fleet.partition("héllo", 7)).isEqualTo(PINNED_HELLO);
    assertThat(Fleet.partition("anything", 1)).isZero();
    int[] counts = new int[8];
    IntStream.range(0, 8000).forEach(i -> counts[Fleet.partition("check-" + i, 8)]++);
    assertThat(java.util.Arrays.stream(counts).boxed().toList())
        .allSatisfy(n -> assertThat(n).isBetween(850, 1150));
  }

  private static final int PINNED_ORDERS = 950;
  private static final int PINNED_HELLO = 3;
}
