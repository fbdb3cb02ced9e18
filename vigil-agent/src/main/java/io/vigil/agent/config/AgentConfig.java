package io.vigil.agent.config;

import io.vigil.checks.AddressGuard;
import io.vigil.core.Secrets;
import io.vigil.recovery.Supervisor;
import io.vigil.server.ServerOptions;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A validated agent configuration.
 *
 * @param file the file it came from; empty for the built-in local checks
 * @param server how the endpoints are served
 * @param checks the checks, in file order
 * @param warnings corrections applied while loading (e.g. a timeout clamped to its interval)
 * @param source the whole configuration after interpolation, for the diagnostics summary
 * @param programs the programs the agent starts and supervises
 * @param healing guards and state file of the self-healing
 * @param addressGuard the address guard for network checks, put in force when the configuration is
 *     applied (never while it is only validated)
 * @param store where history and the task queue are kept, if anywhere
 * @param alerts the alert routes, sinks and maintenance windows
 * @param cluster the cluster to watch and route, if any
 */
public record AgentConfig(
    Optional<Path> file,
    ServerOptions server,
    List<CheckDefinition> checks,
    List<String> warnings,
    Map<String, Object> source,
    List<Supervisor.Program> programs,
    HealingConfig.Settings healing,
    AddressGuard addressGuard,
    StoreSettings store,
    AlertsConfig alerts,
    Optional<ClusterConfig> cluster,
    Optional<FleetSettings> fleet) {

  /** Copies the collections. */
  public AgentConfig {
    checks = List.copyOf(checks);
    warnings = List.copyOf(warnings);
    programs = List.copyOf(programs);
  }

  /** This configuration served with other options. */
  public AgentConfig withServer(ServerOptions options) {
    return new AgentConfig(
        file,
        options,
        checks,
        warnings,
        source,
        programs,
        healing,
        addressGuard,
        store,
        alerts,
        cluster,
        fleet);
  }

  /** The configuration with secrets masked, for {@code /diagnostics}. */
  public Map<String, Object> summary() {
    return AlertFields.maskSinks(Secrets.mask(source));
  }
}
