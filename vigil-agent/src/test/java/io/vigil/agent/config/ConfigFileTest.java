package io.vigil.agent.config;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A read that blocks (the file was swapped for a FIFO between its check and its opening) is given
 * up on after the timeout, and such reads never pile up threads.
 */
class ConfigFileTest {

  @TempDir Path dir;

  private final CountDownLatch unblock = new CountDownLatch(1);

  /** Opens like a FIFO with no writer: blocks until the test lets it go. */
  private final ConfigFile.Opener blocking =
      file -> {
        try {
          unblock.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return new ByteArrayInputStream("checks: []\n".getBytes(StandardCharsets.UTF_8));
      };

  @Test
  void aBlockedReadIsGivenUpOnAndBlockedReadsDoNotPileUp() throws Exception {
    Path file = dir.resolve("vigil.yaml");
    Files.writeString(file, "checks: []\n");
    ConfigFile files = new ConfigFile(1024, Duration.ofMillis(100), blocking);
    for (int i = 0; i < ConfigFile.MAX_BLOCKED; i++) {
      assertThatThrownBy(() -> files.read(file))
          .hasMessageContaining(file + ": reading took longer than 100ms; refusing it");
    }
    assertThatThrownBy(() -> files.read(file))
        .hasMessageContaining(
            file + ": earlier reads of this file are still blocked; refusing to read");

    unblock.countDown();
    await().atMost(Duration.ofSeconds(10)).until(() -> readsAgain(files, file));
  }

  private static boolean readsAgain(ConfigFile files, Path file) {
    try {
      return files.read(file).equals("checks: []\n");
    } catch (ConfigException e) {
      return false;
    }
  }

  @Test
  void aFileThatGrowsPastTheLimitWhileReadIsRefused() throws Exception {
    Path file = dir.resolve("vigil.yaml");
    Files.writeString(file, "small\n");
    ConfigFile files =
        new ConfigFile(
            16, Duration.ofSeconds(5), f -> new ByteArrayInputStream(new byte[64 * 1024]));
    assertThatThrownBy(() -> files.read(file))
        .hasMessageContaining(file + ": grew while it was read to more than the limit of 16 bytes");
  }
}
