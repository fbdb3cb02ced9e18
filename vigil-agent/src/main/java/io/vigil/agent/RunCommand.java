package io.vigil.agent;

import io.vigil.agent.config.AgentConfig;
import io.vigil.agent.config.ConfigException;
import io.vigil.agent.config.ConfigLoader;
import io.vigil.checks.CheckTypeContext;
import io.vigil.checks.Heartbeats;
import io.vigil.server.ServerOptions;
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
      "Exit codes: 0 stopped cleanly, 1 could not start, 2 invalid configuration."
    })
final class RunCommand implements Callable<Integer> {

  /** The file used when no --config is given and it exists. */
  static final Path DEFAULT_FILE = Path.of("vigil.yaml");

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

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Heartbeats heartbeats = new Heartbeats();
    ConfigLoader loader = ConfigLoader.standard(new CheckTypeContext(heartbeats));
    if (checkConfig != null) {
      return check(loader, checkConfig, out, err);
    }
    AgentConfig initial;
    try {
      initial = load(loader);
    } catch (ConfigException e) {
      err.println("vigil: " + e.getMessage());
      err.flush();
      return 2;
    }
    initial.warnings().forEach(w -> err.println("vigil: corrected: " + w));
    Agent agent;
    try {
      agent = Agent.start(loader, initial, heartbeats);
    } catch (VigilServer.UnsafeBindException e) {
      err.println("vigil: " + e.getMessage());
      err.flush();
      return 2;
    } catch (RuntimeException e) {
      err.println("vigil: cannot start: " + describe(e));
      err.flush();
      return 1;
    }
    ServerOptions server = initial.server();
    out.println(
        "Vigil is watching "
            + initial.checks().size()
            + " checks: http://"
            + server.host()
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

  private AgentConfig load(ConfigLoader loader) throws ConfigException {
    Optional<Path> file =
        Optional.ofNullable(config)
            .or(() -> Optional.of(DEFAULT_FILE).filter(Files::isRegularFile));
    AgentConfig loaded = file.isPresent() ? loader.load(file.get()) : loader.localDefaults();
    ServerOptions s = loaded.server();
    ServerOptions overridden =
        new ServerOptions(
            host != null ? host : s.host(),
            port != null ? port : s.port(),
            s.token(),
            s.allowAnonymous(),
            s.drain(),
            s.nodeId(),
            s.version());
    return loaded.withServer(overridden);
  }

  private static int check(ConfigLoader loader, Path file, PrintWriter out, PrintWriter err) {
    try {
      AgentConfig config = loader.load(file);
      config.warnings().forEach(w -> out.println("corrected: " + w));
      out.println(file + ": valid, " + config.checks().size() + " checks");
      out.flush();
      return 0;
    } catch (ConfigException e) {
      err.println("vigil: " + e.getMessage());
      err.flush();
      return 2;
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
