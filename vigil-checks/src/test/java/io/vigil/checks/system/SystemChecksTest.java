package io.vigil.checks.system;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.checks.CheckTypes;
import io.vigil.checks.Thresholds;
import io.vigil.core.Result;
import io.vigil.core.Status;
import io.vigil.core.testing.TestContext;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The OSHI checks read this machine: values present, judged by thresholds, never thrown. */
class SystemChecksTest {

  /** Issue 16: the first run measures since the check was created; no sampling second. */
  @Test
  void cpuChecksFirstRunDoesNotWaitForASamplingSecond() throws Exception {
    CpuCheck cpu = new CpuCheck(CpuCheck.DEFAULT_THRESHOLDS);
    java.util.List<Duration> sleeps = new java.util.ArrayList<>();
    TestContext inner = TestContext.withTimeout(Duration.ofSeconds(10));
    io.vigil.core.CheckContext recording =
        new io.vigil.core.CheckContext() {
          @Override
          public io.vigil.core.CheckSpec spec() {
            return inner.spec();
          }

          @Override
          public Duration remaining() {
            return inner.remaining();
          }

          @Override
          public boolean isExpired() {
            return inner.isExpired();
          }

          @Override
          public void sleep(Duration duration) throws InterruptedException {
            sleeps.add(duration);
            inner.sleep(duration);
          }
        };
    Result first = cpu.check(recording);
    assertThat(first.details()).containsKeys("percent_used", "load_average");
    assertThat(first.status()).isNotEqualTo(Status.UNKNOWN);
    assertThat(sleeps).allSatisfy(d -> assertThat(d).isLessThanOrEqualTo(Duration.ofMillis(100)));
    if (com.sun.jna.Platform.isLinux()) {
      // /proc/stat is read afresh: the run right after creation waits out the shortest sample only
      assertThat(sleeps.stream().mapToLong(Duration::toMillis).sum())
          .isLessThanOrEqualTo(CpuCheck.MIN_SAMPLE.toMillis());
    }
  }

  @Test
  void theBusyShareIsTheNonIdleTicksOverAllTicks() {
    int n = oshi.hardware.CentralProcessor.TickType.values().length;
    long[] before = new long[n];
    long[] now = new long[n];
    now[oshi.hardware.CentralProcessor.TickType.USER.getIndex()] = 30;
    now[oshi.hardware.CentralProcessor.TickType.IDLE.getIndex()] = 60;
    now[oshi.hardware.CentralProcessor.TickType.IOWAIT.getIndex()] = 10;
    assertThat(CpuCheck.busy(before, now)).isEqualTo(0.3);
    assertThat(CpuCheck.busy(now, now)).as("no tick passed, as OSHI says").isZero();
    assertThat(CpuCheck.busy(now, before)).as("counters went backwards").isNaN();
  }

  /** A check created and run at once (a health_check task) still measures a busy core. */
  @Test
  void aCpuCheckRunRightAfterItsCreationMeasuresABusyCore() throws Exception {
    java.util.concurrent.atomic.AtomicBoolean spinning =
        new java.util.concurrent.atomic.AtomicBoolean(true);
    Thread spinner =
        Thread.ofPlatform()
            .start(
                () -> {
                  long x = 0;
                  while (spinning.get()) {
                    x += System.nanoTime() & 1;
                  }
                  if (x == -1) {
                    System.out.println(x);
                  }
                });
    try {
      Result result =
          new CpuCheck(CpuCheck.DEFAULT_THRESHOLDS)
              .check(TestContext.withTimeout(Duration.ofSeconds(10)));
      assertThat((Double) result.details().get("percent_used")).isPositive();
    } finally {
      spinning.set(false);
      spinner.join();
    }
  }

  @Test
  void everySystemCheckReportsMeasuredValues() throws Exception {
    TestContext ctx = TestContext.withTimeout(Duration.ofSeconds(10));
    assertThat(new MemoryCheck(MemoryCheck.DEFAULT_THRESHOLDS).check(ctx).details())
        .containsKeys("percent_used", "available_mb", "total_mb");
    assertThat(new SwapCheck(SwapCheck.DEFAULT_THRESHOLDS).check(ctx).details())
        .containsKey("total_mb");
    assertThat(new LoadCheck(LoadCheck.DEFAULT_THRESHOLDS).check(ctx).details())
        .containsKeys("load1", "load5", "load15", "cores");
    assertThat(new CpuCheck(CpuCheck.DEFAULT_THRESHOLDS).check(ctx).details())
        .containsKeys("percent_used", "load_average");
    assertThat(new OpenFilesCheck(OpenFilesCheck.DEFAULT_THRESHOLDS).check(ctx).details())
        .containsKeys("open", "max");
    assertThat(new ThreadsCheck(ThreadsCheck.DEFAULT_THRESHOLDS).check(ctx).details())
        .containsKeys("threads", "processes");
    assertThat(new UptimeCheck(Duration.ZERO).check(ctx).status()).isEqualTo(Status.OK);
    assertThat(new UptimeCheck(Duration.ofDays(36500)).check(ctx).status())
        .isEqualTo(Status.WARNING);
    Result disk = new DiskSpaceCheck(Path.of("/"), DiskSpaceCheck.DEFAULT_THRESHOLDS).check(ctx);
    assertThat(disk.details()).containsKeys("free_bytes", "total_bytes", "percent_used");
  }

  @Test
  void thresholdsDecideTheStatus() {
    TestContext ctx = TestContext.standard();
    assertThat(new MemoryCheck(new Thresholds(0, 0)).check(ctx).status())
        .isEqualTo(Status.CRITICAL);
    assertThat(new MemoryCheck(new Thresholds(0, 100)).check(ctx).status())
        .isEqualTo(Status.WARNING);
    assertThat(new MemoryCheck(new Thresholds(100, 100)).check(ctx).status()).isEqualTo(Status.OK);
  }

  @Test
  void systemReportHasTheHealthWorkerShape() {
    Result r = SystemReportCheck.ofDefaults(Path.of("/")).check(TestContext.standard());
    assertThat(r.details()).containsKeys("timestamp", "status", "checks");
    @SuppressWarnings("unchecked")
    Map<String, Map<String, Object>> checks =
        (Map<String, Map<String, Object>>) r.details().get("checks");
    assertThat(checks.get("memory")).containsKeys("percent_used", "available_mb", "total_mb");
    assertThat(checks.get("disk")).containsKeys("free_gb", "percent_used");
    assertThat(checks.get("cpu")).containsKey("load_average");
    assertThat(r.details().get("status")).isIn("healthy", "warning", "error", "unknown");
  }

  @Test
  void everyTypeIsRegistered() {
    assertThat(CheckTypes.load().all().keySet())
        .contains(
            "cpu",
            "load",
            "memory",
            "swap",
            "disk",
            "open-files",
            "threads",
            "uptime",
            "system",
            "jvm",
            "process",
            "http",
            "tcp",
            "tls",
            "dns",
            "jdbc",
            "redis",
            "rabbitmq",
            "nats",
            "mqtt",
            "command",
            "heartbeat");
  }

  @Test
  void diskNamesFollowMounts() {
    assertThat(LocalChecks.diskName("/")).isEqualTo("disk-root");
    assertThat(LocalChecks.diskName("/var/lib")).isEqualTo("disk-var-lib");
  }
}
