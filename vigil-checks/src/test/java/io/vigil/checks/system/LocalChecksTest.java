package io.vigil.checks.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vigil.checks.Thresholds;
import io.vigil.core.Result;
import io.vigil.core.Status;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalChecksTest {

  @TempDir Path dir;

  @Test
  void diskCheckReportsMeasuredValuesAndJudgesThem() {
    Result ok = new DiskSpaceCheck(dir, new Thresholds(100, 100)).check(null);
    assertThat(ok.status()).isEqualTo(Status.OK);
    assertThat(ok.details())
        .containsKeys("total_bytes", "free_bytes", "percent_used")
        .containsEntry("path", dir.toString());
    Result critical = new DiskSpaceCheck(dir, new Thresholds(0, 0)).check(null);
    assertThat(critical.status()).isEqualTo(Status.CRITICAL);
    assertThat(critical.message()).contains("% used on " + dir);
  }

  @Test
  void inodeCountsAreWhatOshiReadsForTheSameFileSystem() {
    DiskSpaceCheck check = new DiskSpaceCheck(Path.of("/"), DiskSpaceCheck.DEFAULT_THRESHOLDS);
    var root =
        Oshi.get().getOperatingSystem().getFileSystem().getFileStores(true).stream()
            .filter(fs -> fs.getMount().equals("/") && fs.getTotalInodes() > 0)
            .findFirst();
    assumeTrue(root.isPresent(), "OSHI lists no local root file system with inodes here");

    long[] counts = check.inodes().orElseThrow();

    assertThat(counts[0]).isEqualTo(root.get().getTotalInodes());
    assertThat(counts[1]).isCloseTo(root.get().getFreeInodes(), within(100_000L));
    assertThat(check.check(null).details())
        .containsEntry("total_inodes", counts[0])
        .containsKeys("free_inodes", "inodes_percent_used");
  }

  @Test
  void theMountsReadOnLinuxAreTheOnesOshiLists() throws Exception {
    assumeTrue(
        oshi.SystemInfo.getCurrentPlatform() == oshi.PlatformEnum.LINUX, "reads /proc/self/mounts");
    assertThat(LocalChecks.linuxMounts())
        .contains("/")
        .containsExactlyElementsOf(LocalChecks.oshiMounts());
  }

  @Test
  void diskCheckOnMissingPathIsUnknownWithTheReason() {
    Result r =
        new DiskSpaceCheck(dir.resolve("missing"), DiskSpaceCheck.DEFAULT_THRESHOLDS).check(null);
    assertThat(r.status()).isEqualTo(Status.UNKNOWN);
    assertThat(r.message()).startsWith("cannot read the file system of " + dir.resolve("missing"));
  }

  @Test
  void heapCheckReportsUse() {
    Result r = new JvmHeapCheck(JvmHeapCheck.DEFAULT_THRESHOLDS).check(null);
    assertThat(r.details()).containsKeys("used_bytes", "max_bytes", "percent_used");
    assertThat(new JvmHeapCheck(new Thresholds(0, 0)).check(null).status())
        .isEqualTo(Status.CRITICAL);
  }

  @Test
  void thresholdsJudgeAndValidate() {
    Thresholds t = new Thresholds(80, 95);
    assertThat(t.judge(79.9)).isEqualTo(Status.OK);
    assertThat(t.judge(80)).isEqualTo(Status.WARNING);
    assertThat(t.judge(95)).isEqualTo(Status.CRITICAL);
    assertThatThrownBy(() -> new Thresholds(95, 80))
        .hasMessage("warning must not be above critical, but were warning 95.0, critical 80.0");
  }

  @Test
  void bytesForPeople() {
    assertThat(Bytes.format(512)).isEqualTo("512 B");
    assertThat(Bytes.format(3L * 1024 * 1024 * 1024)).isEqualTo("3.0 GiB");
  }
}
