package io.vigil.agent;

import io.vigil.core.Durations;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import sun.misc.Signal;

/** {@code vigil run}: monitors this machine until SIGTERM or Ctrl-C, then exits 0. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = "Run the agent: monitor this machine until stopped (SIGTERM or Ctrl-C).")
final class RunCommand implements Callable<Integer> {

  @Option(
      names = "--disk-path",
      paramLabel = "PATH",
      description =
          "Path whose file system the disk check watches (default: the working directory).")
  Path diskPath = Path.of("").toAbsolutePath();

  @Option(
      names = "--interval",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      description = "Time between runs of the local checks, e.g. 10s or 1m (default: 30s).")
  Duration interval = Duration.ofSeconds(30);

  @Override
  public Integer call() throws InterruptedException {
    CountDownLatch stopped = new CountDownLatch(1);
    try (Agent agent = Agent.start(diskPath, interval)) {
      Signal.handle(new Signal("TERM"), signal -> stopped.countDown());
      Signal.handle(new Signal("INT"), signal -> stopped.countDown());
      stopped.await();
    }
    return 0;
  }

  /** Parses {@code 500ms}, {@code 30s}, {@code 5m}. */
  static final class DurationConverter implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      Duration d = Durations.parse(value);
      if (d.isZero()) {
        throw new IllegalArgumentException("must be positive, but was '" + value + "'");
      }
      return d;
    }
  }
}
