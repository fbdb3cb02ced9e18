package io.vigil.agent.config;

import io.vigil.checks.CheckSettings;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A table of fields: a section of the file ({@code server}, {@code node}, {@code defaults}) or the
 * fields every check has. Parsing, validation, the unknown-field errors, the {@code
 * VIGIL_SECTION_FIELD} overrides and the reference in the docs all come from it.
 *
 * @param <T> what the section is read into
 * @param name the section's key ({@code checks[]} for the fields of every check)
 * @param fields its fields, in the order of the reference
 */
record Section<T>(String name, List<Field<T>> fields) {

  Section {
    fields = List.copyOf(fields);
  }

  /** The field names, in the order of the reference. */
  List<String> names() {
    return fields.stream().map(Field::name).toList();
  }

  /** Reads every field into {@code target}; problems are recorded in {@code settings}. */
  T read(CheckSettings settings, T target) {
    fields.forEach(field -> field.read().accept(settings, target));
    return target;
  }

  /** The settings of this section at {@code path}; an unknown field there lists the known ones. */
  CheckSettings settings(String path, Map<String, Object> values) {
    CheckSettings settings = new CheckSettings(path, values, Set.of());
    settings.listKnownFields(names());
    return settings;
  }

  /**
   * The field an environment variable's rest names ({@code ALLOW_ANONYMOUS} for {@code
   * allowAnonymous}): names match without case or underscores.
   */
  Optional<String> fieldNamed(String variablePart) {
    String wanted = variablePart.replace("_", "").toLowerCase(Locale.ROOT);
    return names().stream().filter(n -> n.toLowerCase(Locale.ROOT).equals(wanted)).findFirst();
  }

  /** The reference table of this section, as Markdown. */
  String markdown() {
    return "| field | type | default | meaning |\n|---|---|---|---|\n"
        + fields.stream().map(Field::row).collect(Collectors.joining("\n"))
        + "\n";
  }
}
