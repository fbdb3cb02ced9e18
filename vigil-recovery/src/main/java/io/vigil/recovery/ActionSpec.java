package io.vigil.recovery;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a recovery step does, as configured: one record per kind of action, with typed fields. The
 * agent validates a configuration into these and turns each into a {@link RecoveryAction} with an
 * exhaustive switch; embedders may build them too.
 */
public sealed interface ActionSpec {

  /** Default grace between SIGTERM and SIGKILL of {@link Stop}. */
  Duration DEFAULT_GRACE = Duration.ofSeconds(5);

  /** Default method of {@link Http}. */
  String DEFAULT_METHOD = "POST";

  /** The action's name, used as the step's name: {@code log}, {@code restart}, ... */
  String name();

  /** Whether the action restarts something (restart budget and backoff apply). */
  default boolean restarts() {
    return this instanceof Restart || this instanceof Systemd;
  }

  /** Logs a warning with the check's message. */
  record Log() implements ActionSpec {
    @Override
    public String name() {
      return "log";
    }
  }

  /**
   * Runs a program (argv, no shell, own process group, killed at the timeout); exit 0 succeeds.
   *
   * @param argv the program and its arguments
   * @param environment variables set for it
   * @param envAllow variables passed on from the agent's environment
   * @param directory its working directory, if not the agent's
   */
  record Command(
      List<String> argv,
      Map<String, String> environment,
      List<String> envAllow,
      Optional<Path> directory)
      implements ActionSpec {

    /** Copies the collections. */
    public Command {
      argv = List.copyOf(argv);
      environment = Map.copyOf(environment);
      envAllow = List.copyOf(envAllow);
      Objects.requireNonNull(directory, "directory");
    }

    @Override
    public String name() {
      return "command";
    }
  }

  /**
   * Calls the service; a 2xx answer succeeds.
   *
   * @param url an http or https URL
   * @param method the HTTP method
   * @param headers request headers
   */
  record Http(URI url, String method, Map<String, String> headers) implements ActionSpec {

    /** Copies the headers. */
    public Http {
      Objects.requireNonNull(url, "url");
      Objects.requireNonNull(method, "method");
      headers = Map.copyOf(headers);
    }

    @Override
    public String name() {
      return "http";
    }
  }

  /** Restarts a supervised program. */
  record Restart(String program) implements ActionSpec {
    @Override
    public String name() {
      return "restart";
    }
  }

  /** Emergency stop of a supervised program: SIGTERM to its group, SIGKILL after {@code grace}. */
  record Stop(String program, Duration grace) implements ActionSpec {
    @Override
    public String name() {
      return "stop";
    }
  }

  /** {@code systemctl restart UNIT} (argv, no shell). */
  record Systemd(String unit) implements ActionSpec {
    @Override
    public String name() {
      return "systemd";
    }
  }

  /** Any action given in code, under a name of its own. */
  record Callback(String name, RecoveryAction action) implements ActionSpec {

    /** Checks for nulls. */
    public Callback {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(action, "action");
    }
  }
}
