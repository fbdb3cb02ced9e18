package io.vigil.agent;

import io.vigil.agent.config.AgentConfig;
import io.vigil.agent.config.ConfigDocument;
import io.vigil.agent.config.ConfigException;
import io.vigil.agent.config.ConfigLoader;
import io.vigil.checks.CheckTypeContext;
import io.vigil.checks.Heartbeats;
import io.vigil.checks.Sizes;
import io.vigil.server.VigilServer;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import sun.misc.Signal;

/** {@code vigil run}: serves health until SIGTERM or Ctrl-C, then drains and exits 0. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Run the agent. With no configuration file it monitors this machine (CPU, load, memory,"
          + " swap, file systems, open files, its own JVM).",
      "Exit codes: 0 stopped cleanly; 1 could not start (the port is in use, a program could not"
          + " be started, or a non-loopback address without a token: refused before any check"
          + " runs); 2 invalid configuration; 3 stopped by healing.onCriticalFailure (a critical"
          + " check stayed hard down after healing gave up)."
    })
final class RunCommand implements Callable<Integer> {

  /** The file used when no --config is given and it exists. */
  static final Path DEFAULT_FILE = Path.of("vigil.yaml");

  /** The environment variable with the largest configuration file, when no flag gives it. */
  static final String MAX_SIZE_VARIABLE = "VIGIL_MAX_CONFIG_SIZE";

  @Spec CommandSpec spec;

  @Option(
      names = {"-c", "--config"},
      paramLabel = "FILE",
      description =
          "Configuration file (default: ./vigil.yaml if it exists, else the local checks).")
  Path config;

  @Option(
      names = "--check-config",
      paramLabel = "FILE",
      description = "Validate FILE, print every problem, and exit (0 valid, 2 invalid).")
  Path checkConfig;

  @Option(names = "--port", paramLabel = "PORT", description = "Port to serve on (default 8080).")
  Integer port;

  @Option(
      names = "--host",
      paramLabel = "ADDRESS",
      description = "Address to bind (default 127.0.0.1).")
  String host;

  @Option(
      names = "--max-config-size",
      paramLabel = "SIZE",
      description =
          "Largest configuration file to read, e.g. 8MB (default 4MB, or $"
              + MAX_SIZE_VARIABLE
              + "); a larger file is refused before it is read.")
  String maxConfigSize;

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Heartbeats heartbeats = new Heartbeats();
    ConfigLoader loader;
    try {
      loader =
          ConfigLoader.standard(new CheckTypeContext(heartbeats))
              .withMaxFileSize(maxFileSize(System.getenv(MAX_SIZE_VARIABLE)))
              .withServerOverrides(Optional.ofNullable(host), Optional.ofNullable(port));
    } catch (IllegalArgumentException e) {
      return fail(err, e.getMessage(), 2);
    }
    if (checkConfig != null) {
      return check(loader, checkConfig, out, err);
    }
    Agent agent;
    try {
      ConfigDocument document = loader.read(file());
      agent = Agent.start(loader, document, loader.server(document), heartbeats);
    } catch (ConfigException e) {
      return fail(err, e.getMessage(), 2);
    } catch (VigilServer.UnsafeBindException e) {
      return fail(err, e.getMessage(), 1);
    } catch (RuntimeException e) {
      return fail(err, "cannot start: " + describe(e), 1);
    }
    AgentConfig initial = agent.config();
    initial.warnings().forEach(w -> err.println("vigil: corrected: " + w));
    err.flush();
    out.println(
        "Vigil is watching "
            + initial.checks().size()
            + " checks: http://"
            + initial.server().host()
            + ":"
            + agent.port()
            + "/health");
    out.flush();
    CountDownLatch stop = new CountDownLatch(1);
    Signal.handle(new Signal("TERM"), signal -> stop.countDown());
    Signal.handle(new Signal("INT"), signal -> stop.countDown());
    try (agent) {
      stop.await();
    }
    return 0;
  }

  private static int fail(PrintWriter err, String message, int code) {
    err.println("vigil: " + message);
    err.flush();
    return code;
  }

  /** The flag, else the environment's value, else 4 MB. */
  long maxFileSize(String fromEnvironment) {
    String text = maxConfigSize != null ? maxConfigSize : fromEnvironment;
    String name = maxConfigSize != null ? "--max-config-size" : MAX_SIZE_VARIABLE;
    if (text == null || text.isBlank()) {
      return ConfigLoader.defaultMaxFileSize();
    }
    long bytes;
    try {
      bytes = Sizes.parse(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(name + ": " + e.getMessage(), e);
    }
    if (bytes < 1) {
      throw new IllegalArgumentException(
          name + ": must be at least 1 byte, but was '" + text + "'");
    }
    return bytes;
  }

  private Optional<Path> file() {
    return Optional.ofNullable(config)
        .or(() -> Optional.of(DEFAULT_FILE).filter(Files::isRegularFile));
  }

  private static int check(ConfigLoader loader, Path file, PrintWriter out, PrintWriter err) {
    try {
      AgentConfig config = loader.load(file);
      config.warnings().forEach(w -> out.println("corrected: " + w));
      out.println(file + ": valid, " + config.checks().size() + " checks");
      out.flush();
      return 0;
    } catch (ConfigException e) {
      return fail(err, e.getMessage(), 2);
    }
  }

  private static String describe(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message =
        root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
    return root instanceof java.net.BindException ? "the address is in use: " + message : message;
  }
}
