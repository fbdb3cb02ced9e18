package io.vigil.agent.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.vigil.checks.CheckSettings;
import io.vigil.checks.CheckType;
import io.vigil.checks.CheckTypeContext;
import io.vigil.checks.CheckTypes;
import io.vigil.checks.system.LocalChecks;
import io.vigil.core.CheckSpec;
import io.vigil.core.Durations;
import io.vigil.core.HealthCheck;
import io.vigil.core.InvalidSpecException;
import io.vigil.recovery.Supervisor;
import io.vigil.server.ServerOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads {@code vigil.yaml}: YAML, then {@code ${VAR}} / {@code ${VAR:-default}} interpolation, then
 * environment overrides ({@code VIGIL_SERVER_PORT=9090}), then validation that reports every
 * problem with its path and applies safe corrections with a warning. Nothing is built unless
 * everything is valid.
 */
public final class ConfigLoader {

  private static final Set<String> SECTIONS =
      Set.of("server", "node", "defaults", "checks", "supervise", "healing");
  private static final Set<String> SPEC_FIELDS =
      Set.of(
          "name",
          "type",
          "description",
          "component",
          "tags",
          "interval",
          "timeout",
          "retryInterval",
          "initialDelay",
          "jitter",
          "critical",
          "enabled",
          "failureThreshold",
          "successThreshold",
          "staleAfter",
          "dependsOn",
          "flapStart",
          "flapStop");
  private static final Set<String> DEFAULT_FIELDS =
      Set.of(
          "interval",
          "timeout",
          "retryInterval",
          "initialDelay",
          "jitter",
          "failureThreshold",
          "successThreshold",
          "staleAfter",
          "critical",
          "component");
  private static final Map<String, Set<String>> OVERRIDABLE =
      Map.of(
          "server", Set.of("host", "port", "token", "allowAnonymous", "drain"),
          "node", Set.of("id"),
          "defaults", DEFAULT_FIELDS);

  private final CheckTypes types;
  private final Map<String, String> env;

  /** A loader using these check types and this environment. */
  public ConfigLoader(CheckTypes types, Map<String, String> env) {
    this.types = types;
    this.env = env;
  }

  /**
   * A loader with the check types on the class path, given {@code context}, and the process
   * environment.
   */
  public static ConfigLoader standard(CheckTypeContext context) {
    return new ConfigLoader(CheckTypes.load(context), System.getenv());
  }

  /** Loads and validates a file. */
  public AgentConfig load(Path file) throws ConfigException {
    String text;
    try {
      text = Files.readString(file);
    } catch (NoSuchFileException e) {
      throw new ConfigException(file.toString(), List.of(file + ": no such file"));
    } catch (IOException e) {
      throw new ConfigException(
          file.toString(), List.of(file + ": cannot read: " + e.getMessage()));
    }
    return parse(text, Optional.of(file));
  }

  /** The built-in configuration: the local checks of this machine, default server settings. */
  public AgentConfig localDefaults() {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("checks", new ArrayList<Object>(LocalChecks.entries()));
    try {
      return validate(root, Optional.empty(), "the built-in configuration");
    } catch (ConfigException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

  /** Parses and validates YAML text. */
  public AgentConfig parse(String yaml, Optional<Path> file) throws ConfigException {
    String source = file.map(Path::toString).orElse("the configuration");
    Object tree;
    try {
      tree =
          yaml.isBlank() ? null : new ObjectMapper(new YAMLFactory()).readValue(yaml, Object.class);
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      String where =
          at == null ? "" : "line " + at.getLineNr() + ", column " + at.getColumnNr() + ": ";
      throw new ConfigException(source, List.of(source + ": " + where + e.getOriginalMessage()));
    }
    if (tree == null) {
      tree = new LinkedHashMap<String, Object>();
    }
    if (!(tree instanceof Map<?, ?>)) {
      throw new ConfigException(
          source, List.of(source + ": must be a mapping with server, node, defaults and checks"));
    }
    return validate(asMap(tree), file, source);
  }

  private AgentConfig validate(Map<String, Object> raw, Optional<Path> file, String source)
      throws ConfigException {
    List<String> problems = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    @SuppressWarnings("unchecked")
    Map<String, Object> root = (Map<String, Object>) interpolate(raw, "", problems);
    applyEnvironmentOverrides(root);
    for (String key : root.keySet()) {
      if (!SECTIONS.contains(key)) {
        problems.add(
            key
                + ": unknown section; known sections: checks, defaults, healing, node, server,"
                + " supervise");
      }
    }
    Map<String, Object> serverMap = section(root, "server", problems);
    Map<String, Object> nodeMap = section(root, "node", problems);
    Map<String, Object> defaultsMap = section(root, "defaults", problems);
    CheckSettings healingSettings =
        new CheckSettings("healing", section(root, "healing", problems), Set.of());
    HealingConfig.Settings healing = HealingConfig.settings(healingSettings);
    problems.addAll(healingSettings.problems());
    List<Supervisor.Program> programs = HealingConfig.programs(root.get("supervise"), problems);
    Set<String> programNames = new java.util.LinkedHashSet<>();
    programs.forEach(p -> programNames.add(p.name()));

    CheckSettings node = new CheckSettings("node", nodeMap, Set.of());
    String nodeId = node.string("id").orElse(env.getOrDefault("HOSTNAME", "local"));
    ServerOptions server =
        server(new CheckSettings("server", serverMap, Set.of()), nodeId, problems);
    problems.addAll(node.problems());

    CheckSettings defaults = new CheckSettings("defaults", defaultsMap, Set.of());
    applySpecFields(CheckSpec.builder("defaults"), defaults, warnings);
    List<String> defaultProblems = defaults.problems();
    problems.addAll(defaultProblems);

    // Bad defaults are reported once, under defaults, rather than once per check.
    Map<String, Object> inherited = defaultProblems.isEmpty() ? defaultsMap : Map.of();
    List<CheckDefinition> checks =
        checks(root.get("checks"), inherited, programNames, problems, warnings);
    problems.addAll(dependencyProblems(checks));
    if (!problems.isEmpty()) {
      throw new ConfigException(source, problems);
    }
    return new AgentConfig(file, server, checks, warnings, root, programs, healing);
  }

  private ServerOptions server(CheckSettings s, String nodeId, List<String> problems) {
    ServerOptions d = ServerOptions.defaults();
    String host = s.string("host").orElse(d.host());
    int port = s.integer("port", d.port(), 0);
    if (port > 65535) {
      s.problem("port", "must be at most 65535, but was " + port);
      port = d.port();
    }
    Optional<String> token =
        s.string("token").or(() -> Optional.ofNullable(env.get("VIGIL_TOKEN")));
    boolean anonymous = s.bool("allowAnonymous", false);
    Duration drain = s.duration("drain", d.drain());
    problems.addAll(s.problems());
    return new ServerOptions(host, port, token, anonymous, drain, nodeId, d.version());
  }

  private List<CheckDefinition> checks(
      Object rawChecks,
      Map<String, Object> defaults,
      Set<String> programs,
      List<String> problems,
      List<String> warnings) {
    if (rawChecks == null) {
      return List.of();
    }
    if (!(rawChecks instanceof List<?> list)) {
      problems.add("checks: must be a list of checks, each with a name and a type");
      return List.of();
    }
    List<CheckDefinition> checks = new ArrayList<>();
    Map<String, Integer> names = new HashMap<>();
    for (int i = 0; i < list.size(); i++) {
      String path = "checks[" + i + "]";
      if (!(list.get(i) instanceof Map<?, ?>)) {
        problems.add(path + ": must be a mapping with at least name and type");
        continue;
      }
      Map<String, Object> entry = new LinkedHashMap<>(defaults);
      entry.putAll(asMap(list.get(i)));
      int before = problems.size();
      Optional<CheckDefinition> definition = check(path, entry, programs, problems, warnings);
      if (definition.isEmpty() || problems.size() != before) {
        continue;
      }
      Integer earlier = names.putIfAbsent(definition.get().name(), i);
      if (earlier != null) {
        problems.add(
            path
                + ".name: '"
                + definition.get().name()
                + "' is already used by checks["
                + earlier
                + "]");
        continue;
      }
      checks.add(definition.get());
    }
    return checks;
  }

  private Optional<CheckDefinition> check(
      String path,
      Map<String, Object> entry,
      Set<String> programs,
      List<String> problems,
      List<String> warnings) {
    CheckSettings s = new CheckSettings(path, entry, SPEC_FIELDS);
    String name = s.requiredString("name");
    String typeName = s.requiredString("type");
    CheckSpec.Builder builder = CheckSpec.builder(name.isEmpty() ? "unnamed" : name);
    applySpecFields(builder, s, warnings);
    s.string("description").ifPresent(builder::description);
    builder.tags(s.strings("tags"));
    builder.dependsOn(s.strings("dependsOn"));
    builder.enabled(s.bool("enabled", true));
    HealthCheck check = null;
    if (!typeName.isEmpty()) {
      Optional<CheckType> type = types.find(typeName);
      if (type.isEmpty()) {
        s.problem("type", "unknown type '" + typeName + "'; known types: " + types.names());
        s.ignoreUnknownFields();
      } else {
        check = type.get().create(s);
      }
    }
    Optional<HealingConfig.PolicySpec> recovery = HealingConfig.policy(s, programs);
    problems.addAll(s.problems());
    CheckSpec spec = null;
    try {
      spec = builder.build();
    } catch (InvalidSpecException e) {
      e.problems().forEach(p -> problems.add(path + "." + p));
    }
    if (spec == null || check == null || !s.problems().isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new CheckDefinition(spec, check, entry, recovery));
  }

  /** The schedule and judging fields shared by {@code defaults} and each check. */
  private static void applySpecFields(CheckSpec.Builder b, CheckSettings s, List<String> warnings) {
    Duration interval = s.duration("interval", CheckSpec.DEFAULT_INTERVAL);
    Duration timeout = s.duration("timeout", CheckSpec.DEFAULT_TIMEOUT);
    if (!interval.isNegative() && !interval.isZero() && timeout.compareTo(interval) > 0) {
      warnings.add(
          s.pathOf("timeout")
              + ": "
              + Durations.format(timeout)
              + " is longer than the interval "
              + Durations.format(interval)
              + "; using "
              + Durations.format(interval));
      timeout = interval;
    }
    b.interval(interval).timeout(timeout);
    if (s.has("retryInterval")) {
      b.retryInterval(s.duration("retryInterval", interval));
    }
    if (s.has("initialDelay")) {
      b.initialDelay(s.duration("initialDelay", Duration.ZERO));
    }
    if (s.has("jitter")) {
      b.jitter(s.duration("jitter", Duration.ZERO));
    }
    if (s.has("staleAfter")) {
      b.staleAfter(s.duration("staleAfter", interval));
    }
    b.failureThreshold(s.integer("failureThreshold", CheckSpec.DEFAULT_FAILURE_THRESHOLD, 1));
    b.successThreshold(s.integer("successThreshold", CheckSpec.DEFAULT_SUCCESS_THRESHOLD, 1));
    // "critical: true" marks the check critical; "critical: 95%" is a threshold of its type.
    if (s.isFlag("critical")) {
      b.critical(s.bool("critical", false));
    }
    s.string("component").ifPresent(b::component);
    if (s.has("flapStart") || s.has("flapStop")) {
      b.flapThresholds(
          s.percent("flapStart", CheckSpec.DEFAULT_FLAP_START_PERCENT),
          s.percent("flapStop", CheckSpec.DEFAULT_FLAP_STOP_PERCENT));
    }
  }

  /** Unknown names in dependsOn, and cycles. */
  private static List<String> dependencyProblems(List<CheckDefinition> checks) {
    List<String> problems = new ArrayList<>();
    Map<String, Set<String>> graph = new LinkedHashMap<>();
    for (CheckDefinition c : checks) {
      graph.put(c.name(), c.spec().dependsOn());
    }
    for (int i = 0; i < checks.size(); i++) {
      for (String dependency : checks.get(i).spec().dependsOn()) {
        if (!graph.containsKey(dependency)) {
          problems.add(
              "checks["
                  + i
                  + "].dependsOn: no check named '"
                  + dependency
                  + "'; known: "
                  + String.join(", ", graph.keySet()));
        }
      }
    }
    Set<String> done = new LinkedHashSet<>();
    for (String start : graph.keySet()) {
      findCycle(start, graph, new ArrayDeque<>(), done).ifPresent(problems::add);
    }
    return problems;
  }

  private static Optional<String> findCycle(
      String name, Map<String, Set<String>> graph, Deque<String> path, Set<String> done) {
    if (done.contains(name) || !graph.containsKey(name)) {
      return Optional.empty();
    }
    if (path.contains(name)) {
      List<String> cycle = new ArrayList<>(path).reversed();
      cycle = new ArrayList<>(cycle.subList(cycle.indexOf(name), cycle.size()));
      cycle.add(name);
      done.addAll(cycle);
      return Optional.of("checks: dependsOn forms a cycle: " + String.join(" -> ", cycle));
    }
    path.push(name);
    for (String next : graph.get(name)) {
      Optional<String> cycle = findCycle(next, graph, path, done);
      if (cycle.isPresent()) {
        path.pop();
        return cycle;
      }
    }
    path.pop();
    done.add(name);
    return Optional.empty();
  }

  /** {@code VIGIL_SERVER_PORT=9090} sets {@code server.port}; keys match without case or '_'. */
  private void applyEnvironmentOverrides(Map<String, Object> root) {
    env.forEach(
        (variable, value) -> {
          if (!variable.startsWith("VIGIL_")) {
            return;
          }
          String rest = variable.substring("VIGIL_".length());
          int underscore = rest.indexOf('_');
          if (underscore < 0) {
            return;
          }
          String section = rest.substring(0, underscore).toLowerCase(Locale.ROOT);
          String wanted = rest.substring(underscore + 1).replace("_", "").toLowerCase(Locale.ROOT);
          for (String key : OVERRIDABLE.getOrDefault(section, Set.of())) {
            if (key.toLowerCase(Locale.ROOT).equals(wanted)) {
              Object current = root.get(section);
              Map<String, Object> map =
                  current instanceof Map<?, ?> ? asMap(current) : new LinkedHashMap<>();
              map.put(key, value);
              root.put(section, map);
            }
          }
        });
  }

  private static Map<String, Object> section(
      Map<String, Object> root, String name, List<String> problems) {
    Object value = root.get(name);
    if (value == null) {
      return Map.of();
    }
    if (!(value instanceof Map<?, ?>)) {
      problems.add(name + ": must be a mapping, but was '" + value + "'");
      return Map.of();
    }
    return asMap(value);
  }

  /** Copies the tree, interpolating every text. */
  private Object interpolate(Object node, String path, List<String> problems) {
    if (node instanceof Map<?, ?> map) {
      Map<String, Object> copy = new LinkedHashMap<>();
      map.forEach(
          (k, v) -> {
            String key = String.valueOf(k);
            copy.put(key, interpolate(v, path.isEmpty() ? key : path + "." + key, problems));
          });
      return copy;
    }
    if (node instanceof List<?> list) {
      List<Object> copy = new ArrayList<>();
      for (int i = 0; i < list.size(); i++) {
        copy.add(interpolate(list.get(i), path + "[" + i + "]", problems));
      }
      return copy;
    }
    if (node instanceof String text) {
      return Interpolation.apply(text, env, path, problems);
    }
    return node;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> asMap(Object value) {
    Map<String, Object> copy = new LinkedHashMap<>();
    ((Map<Object, Object>) value).forEach((k, v) -> copy.put(String.valueOf(k), v));
    return copy;
  }
}
