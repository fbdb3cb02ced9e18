package io.vigil.agent.config;

import io.vigil.checks.AddressGuard;
import io.vigil.checks.CheckSettings;
import io.vigil.checks.CheckType;
import io.vigil.checks.CheckTypeContext;
import io.vigil.checks.CheckTypes;
import io.vigil.checks.system.LocalChecks;
import io.vigil.core.CheckSpec;
import io.vigil.core.HealthCheck;
import io.vigil.core.InvalidSpecException;
import io.vigil.recovery.Supervisor;
import io.vigil.server.ServerOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads {@code vigil.yaml}: YAML, then {@code ${VAR}} / {@code ${VAR:-default}} interpolation, then
 * environment overrides ({@code VIGIL_SERVER_PORT=9090}), then validation that reports every
 * problem with its path and applies safe corrections with a warning. Nothing is built unless
 * everything is valid, and loading has no side effects: checks are created, not registered.
 *
 * <p>The sections {@code server}, {@code node}, {@code defaults} and the fields every check has are
 * declared once, as tables of fields ({@link ServerFields}, {@link CheckFields}); a check's type
 * reads its own fields ({@link CheckType}).
 */
public final class ConfigLoader {

  private static final List<String> SECTIONS =
      List.of(
          "checks", "defaults", "healing", "node", "server", "supervise", AddressGuardSection.NAME);

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
    String source = YamlTree.source(file);
    return validate(YamlTree.parse(yaml, source), file, source);
  }

  private AgentConfig validate(Map<String, Object> raw, Optional<Path> file, String source)
      throws ConfigException {
    List<String> problems = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    Map<String, Object> root = YamlTree.interpolate(raw, env, problems);
    YamlTree.override(
        root, env, List.of(ServerFields.SERVER, ServerFields.NODE, CheckFields.DEFAULTS));
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
        checks(root.get("checks"), inherited, programNames, problems, warnings);
    problems.addAll(Dependencies.problems(checks));
    AddressGuard guard =
        AddressGuardSection.read(
            YamlTree.section(root, AddressGuardSection.NAME, problems), problems);
    if (!problems.isEmpty()) {
      throw new ConfigException(source, problems);
    }
    types.context().addressGuard().set(guard); // read by the network checks at every run
    return new AgentConfig(file, server, checks, warnings, root, programs, healing);
  }

  private ServerOptions server(Map<String, Object> root, List<String> problems) {
    ServerFields.Draft draft = new ServerFields.Draft(env);
    for (Section<ServerFields.Draft> section : List.of(ServerFields.NODE, ServerFields.SERVER)) {
      CheckSettings s =
          section.settings(section.name(), YamlTree.section(root, section.name(), problems));
      section.read(s, draft);
      problems.addAll(s.problems());
    }
    return draft.options();
  }

  private static List<String> defaultsProblems(Map<String, Object> values, List<String> warnings) {
    CheckSettings s = CheckFields.DEFAULTS.settings("defaults", values);
    CheckFields.DEFAULTS.read(s, new SpecDraft()).builder(s, warnings);
    return s.problems();
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
      entry.putAll(YamlTree.asMap(list.get(i)));
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

  /** One check: its common fields, then its type's own, then its recovery. */
  private Optional<CheckDefinition> check(
      String path,
      Map<String, Object> entry,
      Set<String> programs,
      List<String> problems,
      List<String> warnings) {
    CheckSettings s = new CheckSettings(path, entry, new HashSet<>(CheckFields.CHECK.names()));
    SpecDraft draft = CheckFields.CHECK.read(s, new SpecDraft());
    CheckSpec.Builder builder = draft.builder(s, warnings);
    Optional<HealthCheck> check = create(draft.type(), s);
    Optional<HealingConfig.PolicySpec> recovery = HealingConfig.policy(s, programs);
    problems.addAll(s.problems());
    Optional<CheckSpec> spec = Optional.empty();
    try {
      spec = Optional.of(builder.build());
    } catch (InvalidSpecException e) {
      e.problems().forEach(p -> problems.add(path + "." + p));
    }
    if (spec.isEmpty() || check.isEmpty() || !s.problems().isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new CheckDefinition(spec.get(), check.get(), entry, recovery));
  }

  /** The check of the named type, from its settings; empty when the type is missing or unknown. */
  private Optional<HealthCheck> create(String typeName, CheckSettings s) {
    if (typeName.isEmpty()) {
      return Optional.empty();
    }
    Optional<CheckType> type = types.find(typeName);
    if (type.isEmpty()) {
      s.problem("type", "unknown type '" + typeName + "'; known types: " + types.names());
      s.ignoreUnknownFields();
      return Optional.empty();
    }
    return Optional.of(type.get().create(s));
  }
}
