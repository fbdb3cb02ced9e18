package io.vigil.agent.config;

import io.vigil.core.Durations;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Reads a configuration file without ever wedging its caller: only a regular file (a FIFO, a device
 * or a directory is refused with a clear message, before it is opened), at most {@link #maxBytes()}
 * (checked before reading, and again while reading), on a platform thread of its own with a
 * timeout, so a request thread or a virtual thread never blocks on the file itself. A read that
 * still blocks after the timeout (the file was swapped for a FIFO between the check and the read)
 * keeps its one thread; while {@value #MAX_BLOCKED} such reads still block, reads are refused at
 * once.
 */
final class ConfigFile {

  /** The default largest configuration file: 4 MB. */
  static final long DEFAULT_MAX_BYTES = 4L << 20;

  /** The default longest read. */
  static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

  /** Reads still blocked after their timeout, beyond which reads are refused at once. */
  static final int MAX_BLOCKED = 2;

  /** Opens the file for reading: {@code Files::newInputStream}, or a test's stand-in. */
  @FunctionalInterface
  interface Opener {
    InputStream open(Path file) throws IOException;
  }

  private final long maxBytes;
  private final Duration timeout;
  private final Opener opener;
  private static final int RUNNING = 0;
  private static final int DONE = 1;
  private static final int ABANDONED = 2;

  /** Reads given up on that still block their thread. */
  private final AtomicInteger blocked = new AtomicInteger();

  ConfigFile(long maxBytes, Duration timeout) {
    this(maxBytes, timeout, Files::newInputStream);
  }

  ConfigFile(long maxBytes, Duration timeout, Opener opener) {
    if (maxBytes < 1) {
      throw new IllegalArgumentException("the largest configuration file must be at least 1 byte");
    }
    this.maxBytes = maxBytes;
    this.timeout = timeout;
    this.opener = opener;
  }

  long maxBytes() {
    return maxBytes;
  }

  /** The file's text (UTF-8); every way it cannot be read is a {@link ConfigException}. */
  String read(Path file) throws ConfigException {
    BasicFileAttributes attributes = attributes(file);
    if (!attributes.isRegularFile()) {
      throw problem(
          file, "is " + kind(file, attributes) + ", not a regular file; refusing to read");
    }
    if (attributes.size() > maxBytes) {
      throw tooLarge(file, "is " + attributes.size() + " bytes, more than");
    }
    if (blocked.get() >= MAX_BLOCKED) {
      throw problem(file, "earlier reads of this file are still blocked; refusing to read");
    }
    FutureTask<String> task = new FutureTask<>(() -> readBounded(file));
    AtomicInteger state = new AtomicInteger(RUNNING);
    Thread.ofPlatform()
        .daemon()
        .name("vigil-config-read")
        .start(
            () -> {
              task.run();
              if (!state.compareAndSet(RUNNING, DONE)) {
                blocked.decrementAndGet(); // it was given up on, and has ended after all
              }
            });
    return await(file, task, state);
  }

  private String await(Path file, FutureTask<String> task, AtomicInteger state)
      throws ConfigException {
    try {
      try {
        return task.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        if (state.compareAndSet(RUNNING, ABANDONED)) {
          blocked.incrementAndGet();
          throw problem(
              file, "reading took longer than " + Durations.format(timeout) + "; refusing it");
        }
        return task.get(); // it ended just now
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw problem(file, "reading was interrupted");
    } catch (ExecutionException e) {
      if (e.getCause() instanceof ConfigException config) {
        throw config;
      }
      throw problem(file, "cannot read: " + e.getCause().getMessage());
    }
  }

  private String readBounded(Path file) throws IOException, ConfigException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (InputStream in = opener.open(file)) {
      byte[] buffer = new byte[64 * 1024];
      int n;
      while ((n = in.read(buffer)) > 0) {
        bytes.write(buffer, 0, n);
        if (bytes.size() > maxBytes) {
          throw tooLarge(file, "grew while it was read to more than");
        }
      }
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes.toByteArray()))
          .toString();
    } catch (CharacterCodingException e) {
      throw problem(file, "cannot read: it is not UTF-8 text");
    }
  }

  private static BasicFileAttributes attributes(Path file) throws ConfigException {
    try {
      return Files.readAttributes(file, BasicFileAttributes.class);
    } catch (NoSuchFileException e) {
      throw problem(file, "no such file");
    } catch (IOException e) {
      throw problem(file, "cannot read: " + e.getMessage());
    }
  }

  /** What a file that is not a regular file is, for the message. */
  private static String kind(Path file, BasicFileAttributes attributes) {
    if (attributes.isDirectory()) {
      return "a directory";
    }
    try {
      int type = (Integer) Files.getAttribute(file, "unix:mode") & 0170000;
      return switch (type) {
        case 0010000 -> "a FIFO (named pipe)";
        case 0020000 -> "a character device";
        case 0060000 -> "a block device";
        case 0140000 -> "a socket";
        default -> "a special file";
      };
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      return "a special file";
    }
  }

  /** {@code what} is e.g. {@code is 52428800 bytes, more than}; the limit follows. */
  private ConfigException tooLarge(Path file, String what) {
    return problem(
        file,
        what
            + " the limit of "
            + human(maxBytes)
            + "; raise it with --max-config-size or VIGIL_MAX_CONFIG_SIZE if this is intended");
  }

  /** {@code 4 MB}, {@code 512 KB}, {@code 100 bytes}. */
  static String human(long bytes) {
    if (bytes >= 1L << 20 && bytes % (1L << 20) == 0) {
      return (bytes >> 20) + " MB";
    }
    if (bytes >= 1L << 10 && bytes % (1L << 10) == 0) {
      return (bytes >> 10) + " KB";
    }
    return bytes + " bytes";
  }

  private static ConfigException problem(Path file, String message) {
    return new ConfigException(file.toString(), List.of(file + ": " + message));
  }
}
