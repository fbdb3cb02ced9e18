package io.vigil.agent;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs an action whenever a file changes: polled every second by its metadata only (modification
 * time, size and identity, through symlinks), never by reading it, so a huge file or a FIFO in its
 * place costs nothing here; the action decides what to make of it.
 */
final class ConfigWatcher implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ConfigWatcher.class);

  /** How often the file's metadata is looked at. */
  static final Duration POLL = Duration.ofSeconds(1);

  /** What identifies a version of the file; {@code MISSING} when it cannot be looked at. */
  record Stamp(long modifiedNanos, long size, Object fileKey, boolean regular) {
    static final Stamp MISSING = new Stamp(-1, -1, null, false);

    static Stamp of(Path file) {
      try {
        BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
        return new Stamp(
            a.lastModifiedTime().to(java.util.concurrent.TimeUnit.NANOSECONDS),
            a.size(),
            a.fileKey(),
            a.isRegularFile());
      } catch (IOException e) {
        return MISSING;
      }
    }
  }

  private final Thread thread;

  private ConfigWatcher(Thread thread) {
    this.thread = thread;
  }

  /** Starts watching {@code file} every second on a virtual thread; {@code onChange} runs on it. */
  static ConfigWatcher start(Path file, Runnable onChange) {
    return start(file, POLL, onChange);
  }

  static ConfigWatcher start(Path file, Duration poll, Runnable onChange) {
    Stamp initial = Stamp.of(file);
    Thread thread =
        Thread.ofVirtual()
            .name("vigil-config-watch")
            .start(() -> poll(file, poll, initial, onChange));
    return new ConfigWatcher(thread);
  }

  private static void poll(Path file, Duration poll, Stamp initial, Runnable onChange) {
    Stamp seen = initial;
    while (!Thread.currentThread().isInterrupted()) {
      try {
        Thread.sleep(poll);
      } catch (InterruptedException e) {
        return;
      }
      Stamp now = Stamp.of(file);
      if (!now.equals(seen)) {
        seen = now;
        LOG.info("event=config_changed file={} bytes={}", file, now.size());
        try {
          onChange.run();
        } catch (RuntimeException e) {
          LOG.warn("event=reload_failed error=\"{}\"", e.toString());
        }
      }
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
