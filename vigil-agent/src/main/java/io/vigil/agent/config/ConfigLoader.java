package io.vigil.agent.config;

import io.vigil.checks.AddressGuard;
import io.vigil.checks.CheckSettings;
import io.vigil.checks.CheckTypeContext;
import io.vigil.checks.CheckTypes;
import io.vigil.checks.system.LocalChecks;
import io.vigil.recovery.Supervisor;
import io.vigil.server.ServerOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Reads {@code vigil.yaml}: YAML, then {@code ${VAR}} / {@code ${VAR:-default}} interpolation, then
 * environment overrides ({@code VIGIL_SERVER_PORT=9090}), then validation that reports every
 * problem with its path and applies safe corrections with a warning. Nothing is built unless
 * everything is valid, and loading has no side effects: checks are created, not registered.
 *
 * <p>The sections {@code server}, {@code node}, {@code defaults} and the fields every check has are
 * declared once, as tables of fields ({@link ServerFields}, {@link CheckFields}); a check's type
 * reads its own fields ({@link io.vigil.checks.CheckType}). A file is read only when it is a
 * regular file of at most the size limit ({@link #withMaxFileSize(long)}, 4 MB by default).
 */
public final class ConfigLoader {

  private static final List<String> SECTIONS =
      List.of(
          "checks",
          "cluster",
          "defaults",
          "healing",
          "node",
          "server",
          "store",
          "supervise",
          "alerts",
          AddressGuardSection.NAME,
          "fleet");

  private static final String STORE_NAME =
      "'store' is the name of the store's own check; rename this check or set store.enabled:"
          + " false";
  private static final String FLEET_NAME =
      "'fleet' is the name of the agent's own check in a fleet (its lease); rename this check";
  private static final String CLUSTER_NAMES =
      "names starting with 'cluster.' belong to the cluster's own checks; rename this check";

  private final CheckTypes types;
  private final Map<String, String> env;
  private final ConfigFile files;
  private final ServerOverrides overrides;

  /** A loader using these check types and this environment. */
  public ConfigLoader(CheckTypes types, Map<String, String> env) {
    this(
        types,
        env,
        new ConfigFile(ConfigFile.DEFAULT_MAX_BYTES, ConfigFile.DEFAULT_TIMEOUT),
        ServerOverrides.NONE);
  }

  private ConfigLoader(
      CheckTypes types, Map<String, String> env, ConfigFile files, ServerOverrides overrides) {
    this.types = types;
    this.env = env;
    this.files = files;
    this.overrides = overrides;
  }

  /**
   * A loader with the check types on the class path, given {@code context}, and the process
   * environment.
   */
  public static ConfigLoader standard(CheckTypeContext context) {
    return new ConfigLoader(CheckTypes.load(context), System.getenv());
  }

  /** The default largest configuration file: {@value ConfigFile#DEFAULT_MAX_BYTES} bytes (4 MB). */
  public static long defaultMaxFileSize() {
    return ConfigFile.DEFAULT_MAX_BYTES;
  }

  /** This loader reading files of at most {@code bytes}, or failing before it reads them. */
  public ConfigLoader withMaxFileSize(long bytes) {
    return new ConfigLoader(
        types, env, new ConfigFile(bytes, ConfigFile.DEFAULT_TIMEOUT), overrides);
  }

  /** This loader giving up on a file read after {@code timeout} (default 5 s). */
  ConfigLoader withReadTimeout(java.time.Duration timeout) {
    return new ConfigLoader(types, env, new ConfigFile(files.maxBytes(), timeout), overrides);
  }

  /**
   * This loader with the command line's {@code --host} and {@code --port}, which win over the file
   * and the environment, on every load (reloads too).
   */
  public ConfigLoader withServerOverrides(Optional<String> host, Optional<Integer> port) {
    return new ConfigLoader(types, env, files, new ServerOverrides(host, port));
  }

  /** Loads and validates a file. */
  public AgentConfig load(Path file) throws ConfigException {
    return load(read(Optional.of(file)));
  }

  /**
   * Reads and parses a file, without validating it; empty for the built-in local checks. Only a
   * regular file of at most the size limit is read, off the caller's thread, with a timeout.
   */
  public ConfigDocument read(Optional<Path> file) throws ConfigException {
    if (file.isEmpty()) {
      Map<String, Object> root = new LinkedHashMap<>();
      root.put("checks", new ArrayList<Object>(LocalChecks.entries()));
      return new ConfigDocument(file, root);
    }
    String text = files.read(file.get());
    return new ConfigDocument(file, YamlTree.parse(text, YamlTree.source(file)));
  }

  /** The built-in configuration: the local checks of this machine, default server settings. */
  public AgentConfig localDefaults() {
    try {
      return load(read(Optional.empty()));
    } catch (ConfigException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

  /** Parses and validates YAML text. */
  public AgentConfig parse(String yaml, Optional<Path> file) throws ConfigException {
    return load(new ConfigDocument(file, YamlTree.parse(yaml, YamlTree.source(file))));
  }

  /**
   * The server settings of a document ({@code server}, {@code node}, the environment and the
   * command line), validated on their own: the agent serves its probes with them while it creates
   * the checks. The other sections are judged only when these are invalid, so that the exception
   * lists every problem of the document at once.
   */
  public ServerOptions server(ConfigDocument document) throws ConfigException {
    List<String> problems = new ArrayList<>();
    Map<String, List<String>> unset = new LinkedHashMap<>();
    Map<String, Object> root = prepare(document, problems, unset);
    ServerOptions options = server(root, problems);
    List<String> own =
        problems.stream().filter(p -> p.startsWith("server") || p.startsWith("node")).toList();
    if (!own.isEmpty()) {
      load(document); // throws with every problem of the document, these included
      throw new ConfigException(document.source(), Interpolation.reportOnce(unset, own));
    }
    return options;
  }

  /**
   * Puts in force what a configuration shares with the check types (the address guard); called when
   * a configuration is applied, never by validation.
   */
  public void putInForce(AgentConfig config) {
    types.context().addressGuard().set(config.addressGuard());
  }

  /** Validates a whole document; every problem is reported at once. */
  public AgentConfig load(ConfigDocument document) throws ConfigException {
    List<String> problems = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    Map<String, List<String>> unset = new LinkedHashMap<>();
    Map<String, Object> root = prepare(document, problems, unset);
    for (String key : root.keySet()) {
      if (!SECTIONS.contains(key)) {
        problems.add(key + ": unknown section; known sections: " + String.join(", ", SECTIONS));
      }
    }
    ServerOptions server = server(root, problems);
    // The healing and supervise sections keep their own reading (HealingConfig).
    CheckSettings healingSettings =
        new CheckSettings("healing", YamlTree.section(root, "healing", problems), Set.of());
    HealingConfig.Settings healing = HealingConfig.settings(healingSettings);
    problems.addAll(healingSettings.problems());
    List<Supervisor.Program> programs = HealingConfig.programs(root.get("supervise"), problems);
    Set<String> programNames = new LinkedHashSet<>();
    programs.forEach(p -> programNames.add(p.name()));

    Map<String, Object> defaults = YamlTree.section(root, "defaults", problems);
    List<String> defaultProblems = defaultsProblems(defaults, warnings);
    problems.addAll(defaultProblems);
    // Bad defaults are reported once, under defaults, rather than once per check.
    Map<String, Object> inherited = defaultProblems.isEmpty() ? defaults : Map.of();
    List<CheckDefinition> checks =
        new CheckList(types, inherited, programNames, problems, warnings).read(root.get("checks"));
    AddressGuard guard =
        AddressGuardSection.read(
            YamlTree.section(root, AddressGuardSection.NAME, problems), problems);
    StoreSettings store = store(root, healing.directory(), problems);
    AlertsConfig alerts =
        AlertFields.read(YamlTree.section(root, "alerts", problems), checks, problems);
    if (store.config().isPresent()) {
      reserveName(root.get("checks"), "store"::equals, STORE_NAME, problems);
    }
    Optional<ClusterConfig> cluster = cluster(root, problems);
    Optional<FleetSettings> fleet = fleet(root, store, problems);
    if (!problems.isEmpty()) {
      throw new ConfigException(document.source(), Interpolation.reportOnce(unset, problems));
    }
    return new AgentConfig(
        document.file(),
        server,
        checks,
        warnings,
        root,
        programs,
        healing,
        guard,
        store,
        alerts,
        cluster,
        fleet);
  }

  /**
   * The tree interpolated and overridden from the environment; the paths of unset variables are
   * collected in {@code unset} by variable.
   */
  private Map<String, Object> prepare(
      ConfigDocument document, List<String> problems, Map<String, List<String>> unset) {
    Map<String, Object> root = YamlTree.interpolate(document.tree(), env, unset);
    YamlTree.override(
        root,
        env,
        List.of(
            ServerFields.SERVER,
            ServerFields.NODE,
            CheckFields.DEFAULTS,
            StoreFields.STORE,
            ClusterFields.CLUSTER,
            FleetFields.FLEET));
    problems.addAll(Interpolation.problems(unset));
    return root;
  }

  private ServerOptions server(Map<String, Object> root, List<String> problems) {
    ServerFields.Draft draft = new ServerFields.Draft(env);
    for (Section<ServerFields.Draft> section : List.of(ServerFields.NODE, ServerFields.SERVER)) {
      CheckSettings s =
          section.settings(section.name(), YamlTree.section(root, section.name(), problems));
      section.read(s, draft);
      problems.addAll(s.problems());
    }
    return overrides.apply(draft.options());
  }

  private static StoreSettings store(
      Map<String, Object> root, Path directory, List<String> problems) {
    Section<StoreFields.Draft> section = StoreFields.STORE;
    CheckSettings s = section.settings("store", YamlTree.section(root, "store", problems));
    StoreSettings settings = section.read(s, new StoreFields.Draft(directory)).settings(s);
    problems.addAll(s.problems());
    return settings;
  }

  private static Optional<ClusterConfig> cluster(Map<String, Object> root, List<String> problems) {
    Optional<ClusterConfig> cluster =
        ClusterFields.read(
            YamlTree.section(root, "cluster", problems), root.containsKey("cluster"), problems);
    if (cluster.isPresent()) {
      reserveName(root.get("checks"), n -> n.startsWith("cluster."), CLUSTER_NAMES, problems);
    }
    return cluster;
  }

  private static Optional<FleetSettings> fleet(
      Map<String, Object> root, StoreSettings store, List<String> problems) {
    Optional<FleetSettings> fleet =
        FleetFields.read(
            YamlTree.section(root, "fleet", problems), root.containsKey("fleet"), store, problems);
    if (fleet.isPresent()) {
      reserveName(root.get("checks"), "fleet"::equals, FLEET_NAME, problems);
    }
    return fleet;
  }

  /** Names of the agent's own checks (the store's, the cluster's) are refused for checks. */
  private static void reserveName(
      Object checks, Predicate<String> reserved, String why, List<String> problems) {
    if (!(checks instanceof List<?> list)) {
      return;
    }
    for (int i = 0; i < list.size(); i++) {
      if (list.get(i) instanceof Map<?, ?> entry
          && entry.get("name") instanceof String name
          && reserved.test(name)) {
        problems.add("checks[" + i + "].name: " + why);
      }
    }
  }

  private static List<String> defaultsProblems(Map<String, Object> values, List<String> warnings) {
    CheckSettings s = CheckFields.DEFAULTS.settings("defaults", values);
    CheckFields.DEFAULTS.read(s, new SpecDraft()).builder(s, warnings);
    return s.problems();
  }

  /** The command line's {@code --host} and {@code --port}. */
  private record ServerOverrides(Optional<String> host, Optional<Integer> port) {
    static final ServerOverrides NONE = new ServerOverrides(Optional.empty(), Optional.empty());

    ServerOptions apply(ServerOptions s) {
      return new ServerOptions(
          host.orElse(s.host()),
          port.orElse(s.port()),
          s.token(),
          s.allowAnonymous(),
          s.drain(),
          s.nodeId(),
          s.version());
    }
  }
}
