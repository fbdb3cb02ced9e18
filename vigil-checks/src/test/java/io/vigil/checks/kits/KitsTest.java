package io.vigil.checks.kits;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.checks.Thresholds;
import io.vigil.core.Status;
import io.vigil.core.testing.TestContext;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class KitsTest {

  private final TestContext ctx = TestContext.standard();

  @Test
  void consensus() {
    var limits = ConsensusCheck.Limits.ofDefaults();
    assertThat(
            new ConsensusCheck(
                    () -> new ConsensusCheck.State(Optional.empty(), 0, Duration.ZERO), limits)
                .check(ctx)
                .status())
        .isEqualTo(Status.CRITICAL);
    assertThat(
            new ConsensusCheck(
                    () -> new ConsensusCheck.State(Optional.of("n1"), 5, Duration.ZERO), limits)
                .check(ctx)
                .message())
        .isEqualTo("leader n1, 5 leader changes in the last hour");
    assertThat(
            new ConsensusCheck(
                    () -> new ConsensusCheck.State(Optional.of("n1"), 0, Duration.ofSeconds(6)),
                    limits)
                .check(ctx)
                .status())
        .isEqualTo(Status.CRITICAL);
    assertThat(
            new ConsensusCheck(
                    () -> new ConsensusCheck.State(Optional.of("n1"), 0, Duration.ofMillis(10)),
                    limits)
                .check(ctx)
                .status())
        .isEqualTo(Status.OK);
  }

  @Test
  void replication() {
    Duration w = Duration.ofSeconds(10);
    Duration c = Duration.ofSeconds(60);
    assertThat(
            new ReplicationCheck(() -> new ReplicationCheck.State(Duration.ZERO, 3, 3), w, c)
                .check(ctx)
                .status())
        .isEqualTo(Status.OK);
    assertThat(
            new ReplicationCheck(() -> new ReplicationCheck.State(Duration.ZERO, 2, 3), w, c)
                .check(ctx)
                .status())
        .isEqualTo(Status.WARNING);
    assertThat(
            new ReplicationCheck(() -> new ReplicationCheck.State(Duration.ZERO, 0, 3), w, c)
                .check(ctx)
                .status())
        .isEqualTo(Status.CRITICAL);
    assertThat(
            new ReplicationCheck(
                    () -> new ReplicationCheck.State(Duration.ofMinutes(2), 3, 3), w, c)
                .check(ctx)
                .status())
        .isEqualTo(Status.CRITICAL);
  }

  @Test
  void cacheJudgesTheRequestsSinceThePreviousRun() {
    AtomicReference<CacheCheck.Stats> stats = new AtomicReference<>(new CacheCheck.Stats(90, 10));
    CacheCheck check = new CacheCheck(stats::get, 0.8, 0.5);
    assertThat(check.check(ctx).status()).isEqualTo(Status.OK);
    stats.set(new CacheCheck.Stats(100, 50)); // 10 hits, 40 misses since
    assertThat(check.check(ctx).status()).isEqualTo(Status.CRITICAL);
    assertThat(check.check(ctx).message()).isEqualTo("no cache requests since the previous run");
  }

  @Test
  void storageWithSampleVerification() throws Exception {
    var half =
        (java.util.function.Supplier<StorageCheck.State>) () -> new StorageCheck.State(50, 100);
    assertThat(new StorageCheck(half, new Thresholds(90, 95), Optional.empty()).check(ctx).status())
        .isEqualTo(Status.OK);
    var broken =
        new StorageCheck(
            half,
            new Thresholds(90, 95),
            Optional.of(() -> Optional.of("chunk 17: checksum mismatch")));
    assertThat(broken.check(ctx).status()).isEqualTo(Status.CRITICAL);
    assertThat(broken.check(ctx).message())
        .contains("sample verification failed: chunk 17: checksum mismatch");
  }

  @Test
  void queueDepthAndSuccessRate() {
    AtomicReference<QueueCheck.State> state = new AtomicReference<>(new QueueCheck.State(5, 99, 1));
    QueueCheck check = new QueueCheck(state::get, new Thresholds(100, 1000), 0.95, 0.8);
    assertThat(check.check(ctx).status()).isEqualTo(Status.OK);
    state.set(new QueueCheck.State(500, 109, 11)); // 10 ok, 10 failed since
    assertThat(check.check(ctx).status()).isEqualTo(Status.CRITICAL);
  }

  @Test
  void peers() {
    assertThat(new PeersCheck(() -> 5, 3).check(ctx).status()).isEqualTo(Status.OK);
    assertThat(new PeersCheck(() -> 2, 3).check(ctx).message())
        .isEqualTo("2 peers connected, fewer than the minimum 3");
    assertThat(new PeersCheck(() -> 1, 2).check(ctx).message())
        .isEqualTo("1 peer connected, fewer than the minimum 2");
    assertThat(new PeersCheck(() -> 1, 1).check(ctx).message()).isEqualTo("1 peer connected");
  }
}
