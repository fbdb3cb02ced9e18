package io.vigil.agent.config;

import io.vigil.checks.CheckSettings;
import io.vigil.checks.CheckType;
import io.vigil.checks.CheckTypes;
import io.vigil.core.CheckSpec;
import io.vigil.core.HealthCheck;
import io.vigil.core.InvalidSpecException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code checks} section: each entry with the defaults, its common fields, its type's own
 * fields and its recovery, then the rules across entries (unique names, {@code dependsOn}). Every
 * problem names the entry by its index in the file. Not thread-safe: one per load.
 */
final class CheckList {

  private final CheckTypes types;
  private final Map<String, Object> defaults;
  private final Set<String> programs;
  private final List<String> problems;
  private final List<String> warnings;

  /** Names in the file, valid entries or not, with the index of their first entry. */
  private final Map<String, Integer> names = new LinkedHashMap<>();

  /** The valid checks, and their indexes in the file. */
  private final List<CheckDefinition> checks = new ArrayList<>();

  private final List<Integer> indexes = new ArrayList<>();

  CheckList(
      CheckTypes types,
      Map<String, Object> defaults,
      Set<String> programs,
      List<String> problems,
      List<String> warnings) {
    this.types = types;
    this.defaults = defaults;
    this.programs = programs;
    this.problems = problems;
    this.warnings = warnings;
  }

  /** The valid checks of {@code rawChecks}; every problem is added to the problems. */
  List<CheckDefinition> read(Object rawChecks) {
    if (rawChecks == null) {
      return List.of();
    }
    if (!(rawChecks instanceof List<?> list)) {
      problems.add("checks: must be a list of checks, each with a name and a type");
      return List.of();
    }
    for (int i = 0; i < list.size(); i++) {
      entry(i, list.get(i));
    }
    problems.addAll(Dependencies.problems(checks, indexes, names.keySet()));
    return List.copyOf(checks);
  }

  private void entry(int index, Object raw) {
    String path = "checks[" + index + "]";
    if (!(raw instanceof Map<?, ?>)) {
      problems.add(path + ": must be a mapping with at least name and type");
      return;
    }
    Map<String, Object> entry = new LinkedHashMap<>(defaults);
    entry.putAll(YamlTree.asMap(raw));
    int before = problems.size();
    Optional<CheckDefinition> definition = check(path, entry);
    boolean unique = unique(path, index, entry.get("name"));
    if (definition.isPresent() && unique && problems.size() == before) {
      checks.add(definition.get());
      indexes.add(index);
    }
  }

  /** Whether the entry's name is not used by an earlier entry (valid or not). */
  private boolean unique(String path, int index, Object name) {
    if (!(name instanceof String || name instanceof Number || name instanceof Boolean)) {
      return true; // missing or not a text: reported by the entry itself
    }
    String text = String.valueOf(name);
    Integer earlier = text.isBlank() ? null : names.putIfAbsent(text, index);
    if (earlier == null) {
      return true;
    }
    problems.add(path + ".name: '" + text + "' is already used by checks[" + earlier + "]");
    return false;
  }

  /** One check: its common fields, then its type's own, then its recovery. */
  private Optional<CheckDefinition> check(String path, Map<String, Object> entry) {
    CheckSettings s = new CheckSettings(path, entry, new HashSet<>(CheckFields.CHECK.names()));
    SpecDraft draft = CheckFields.CHECK.read(s, new SpecDraft());
    CheckSpec.Builder builder = draft.builder(s, warnings);
    Optional<HealthCheck> check = create(draft.type(), s);
    Optional<HealingConfig.PolicySpec> recovery = HealingConfig.policy(s, programs);
    Optional<io.vigil.alerts.CheckAlerting> alert = AlertFields.check(s);
    boolean everyAgent = everyAgent(s);
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
    return Optional.of(
        new CheckDefinition(spec.get(), check.get(), entry, recovery, alert, everyAgent));
  }

  /** Whether {@code scope} is {@code every-agent} (else {@code fleet}, the default). */
  private static boolean everyAgent(CheckSettings s) {
    Optional<String> scope = s.string("scope");
    if (scope.isEmpty() || scope.get().equals("fleet")) {
      return false;
    }
    if (scope.get().equals("every-agent")) {
      return true;
    }
    s.problem("scope", "must be 'fleet' or 'every-agent', but was '" + scope.get() + "'");
    return false;
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
