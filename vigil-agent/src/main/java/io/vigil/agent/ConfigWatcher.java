package io.vigil.agent;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs an action whenever a file's content changes: polled every second, so edits through symlinks
 * count too.
 */
final class ConfigWatcher implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ConfigWatcher.class);
  private static final Duration POLL = Duration.ofSeconds(1);

  private final Thread thread;

  private ConfigWatcher(Thread thread) {
    this.thread = thread;
  }

  /** Starts watching {@code file} on a virtual thread; {@code onChange} runs on it. */
  static ConfigWatcher start(Path file, Runnable onChange) {
    String initial = digest(file);
    Thread thread =
        Thread.ofVirtual().name("vigil-config-watch").start(() -> poll(file, initial, onChange));
    return new ConfigWatcher(thread);
  }

  private static void poll(Path file, String initial, Runnable onChange) {
    String seen = initial;
    while (!Thread.currentThread().isInterrupted()) {
      try {
        Thread.sleep(POLL);
      } catch (InterruptedException e) {
        return;
      }
      String now = digest(file);
      if (!now.equals(seen)) {
        seen = now;
        LOG.info("event=config_changed file={}", file);
        try {
          onChange.run();
        } catch (RuntimeException e) {
          LOG.warn("event=reload_failed error=\"{}\"", e.toString());
        }
      }
    }
  }

  private static String digest(Path file) {
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file));
      return HexFormat.of().formatHex(hash);
    } catch (IOException e) {
      return "unreadable";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Stops watching and waits (at most 2 s) for the thread to end. */
  @Override
  public void close() {
    thread.interrupt();
    try {
      thread.join(Duration.ofSeconds(2));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
