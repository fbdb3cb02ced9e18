package io.vigil.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The watcher looks at the file's metadata only: never reads it, never blocks on it. */
class ConfigWatcherTest {

  private static final Duration POLL = Duration.ofMillis(20);

  @TempDir Path dir;

  private final AtomicInteger changes = new AtomicInteger();
  private ConfigWatcher watcher;

  @AfterEach
  void stop() {
    if (watcher != null) {
      watcher.close();
    }
  }

  @Test
  void aNewModificationTimeIsAChangeEvenWithTheSameContent() throws Exception {
    Path file = dir.resolve("vigil.yaml");
    Files.writeString(file, "checks: []\n");
    Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2024-01-01T00:00:00Z")));
    watcher = ConfigWatcher.start(file, POLL, changes::incrementAndGet);
    Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2024-01-01T00:00:05Z")));
    await().atMost(Duration.ofSeconds(10)).until(() -> changes.get() == 1);
  }

  @Test
  void aFifoInPlaceOfTheFileIsSeenAndWatchingGoesOn() throws Exception {
    Path file = dir.resolve("vigil.yaml");
    Files.writeString(file, "checks: []\n");
    watcher = ConfigWatcher.start(file, POLL, changes::incrementAndGet);
    Files.delete(file);
    Process mkfifo = new ProcessBuilder("mkfifo", file.toString()).start();
    assertThat(mkfifo.waitFor(10, TimeUnit.SECONDS)).isTrue();
    await().atMost(Duration.ofSeconds(10)).until(() -> changes.get() >= 1);
    int seen = changes.get();

    Files.delete(file);
    Files.writeString(file, "checks: []\n# back to a regular file\n");
    await().atMost(Duration.ofSeconds(10)).until(() -> changes.get() > seen);
  }
}
