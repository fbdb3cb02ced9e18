package io.vigil.checks;

import io.vigil.core.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The type-specific fields of one configured check, with typed accessors that record every problem
 * with its path ({@code checks[1].warning: must be a percentage such as 90%, but was 'lots'})
 * instead of throwing, so a configuration reports all its problems at once.
 */
public final class CheckSettings {

  private final String path;
  private final Map<String, Object> values;
  private final Set<String> read = new LinkedHashSet<>();
  private final List<String> problems = new ArrayList<>();

  /** For nested settings: the settings they are part of, where their problems are reported. */
  private CheckSettings parent;

  /** Nested settings, whose unknown fields {@link #problems()} reports too. */
  private final List<CheckSettings> children = new ArrayList<>();

  /** Named in each unknown-field problem, when set. */
  private List<String> knownFields = List.of();

  /**
   * Settings at {@code path} (e.g. {@code checks[1]}); {@code alreadyRead} are fields the caller
   * handled itself (name, type, interval, ...), so they are not reported as unknown.
   */
  public CheckSettings(String path, Map<String, Object> values, Set<String> alreadyRead) {
    this.path = path;
    this.values = values;
    this.read.addAll(alreadyRead);
  }

  /** Settings for tests and Java callers, with no path prefix. */
  public static CheckSettings of(Map<String, Object> values) {
    return new CheckSettings("", values, Set.of());
  }

  /** The full path of a field, e.g. {@code checks[1].url}. */
  public String pathOf(String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  /** Records a problem with a field. */
  public void problem(String key, String message) {
    String line = pathOf(key) + ": " + message;
    CheckSettings root = this;
    while (root.parent != null) {
      root = root.parent;
    }
    root.problems.add(line);
  }

  /** Every problem recorded so far, plus fields nobody read (unknown fields), nested ones too. */
  public List<String> problems() {
    List<String> all = new ArrayList<>(problems);
    addUnknownFields(all);
    return all;
  }

  private void addUnknownFields(List<String> out) {
    for (String key : values.keySet()) {
      if (!read.contains(key)) {
        out.add(
            pathOf(key)
                + ": unknown field"
                + (knownFields.isEmpty()
                    ? ""
                    : "; known fields: " + String.join(", ", knownFields)));
      }
    }
    children.forEach(child -> child.addUnknownFields(out));
  }

  /**
   * Names the fields these settings may have in each unknown-field problem ({@code server.prot:
   * unknown field; known fields: host, port}), for sections whose fields are all declared.
   */
  public void listKnownFields(List<String> names) {
    knownFields = List.copyOf(names);
  }

  /** Settings nested at {@code key} of these, reporting their problems here. */
  CheckSettings child(String key, Map<String, Object> map) {
    CheckSettings child = new CheckSettings(pathOf(key), map, Set.of());
    child.parent = this;
    children.add(child);
    return child;
  }

  /** Treats every field as read, e.g. when the type is unknown and its fields cannot be judged. */
  public void ignoreUnknownFields() {
    read.addAll(values.keySet());
  }

  Optional<Object> raw(String key) {
    read.add(key);
    return Optional.ofNullable(values.get(key));
  }

  /** The raw value of a field without marking it read; null when absent. */
  public Object peek(String key) {
    return values.get(key);
  }

  /** Whether the field is present. */
  public boolean has(String key) {
    return values.containsKey(key);
  }

  /**
   * A text field, if present. Any scalar reads as the text written ({@code off}, {@code 8080}); a
   * list or a mapping is a problem ({@code must be text, but was a list}) and reads as absent.
   */
  public Optional<String> string(String key) {
    return raw(key).flatMap(value -> scalar(key, value, "text"));
  }

  /** A required text field; records "is required" when absent or blank. */
  public String requiredString(String key) {
    Optional<Object> raw = raw(key);
    if (raw.isPresent() && scalar(key, raw.get(), "text").isEmpty()) {
      return "";
    }
    Optional<String> value = raw.map(String::valueOf).filter(v -> !v.isBlank());
    if (value.isEmpty()) {
      problem(key, "is required");
      return "";
    }
    return value.get();
  }

  /**
   * The text of a scalar value (text, number or true/false); for anything else a problem at {@code
   * key} saying it must be {@code expected}, and empty.
   */
  private Optional<String> scalar(String key, Object value, String expected) {
    Optional<String> text = Scalars.text(value);
    if (text.isEmpty()) {
      problem(key, "must be " + expected + ", but was " + Scalars.kind(value));
    }
    return text;
  }

  /** The text of a present field that must be {@code expected}; empty (with a problem) if not. */
  private Optional<String> text(String key, String expected) {
    return raw(key).flatMap(value -> scalar(key, value, expected));
  }

  /** A duration such as {@code 500ms}, {@code 30s}, {@code 5m}. */
  public Duration duration(String key, Duration defaultValue) {
    Optional<String> value = text(key, "a duration such as 30s");
    if (value.isEmpty()) {
      return defaultValue;
    }
    try {
      return Durations.parse(value.get());
    } catch (IllegalArgumentException e) {
      problem(key, e.getMessage());
      return defaultValue;
    }
  }

  /** A percentage, written {@code 90%} or {@code 90}, between 0 and 100. */
  public double percent(String key, double defaultValue) {
    Optional<String> value = text(key, "a percentage such as 90%");
    if (value.isEmpty()) {
      return defaultValue;
    }
    String text = value.get().strip();
    String number = text.endsWith("%") ? text.substring(0, text.length() - 1).strip() : text;
    try {
      double percent = Double.parseDouble(number);
      if (percent >= 0 && percent <= 100) {
        return percent;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    problem(key, "must be a percentage between 0% and 100% such as 90%, but was '" + text + "'");
    return defaultValue;
  }

  /** A number. */
  public double number(String key, double defaultValue) {
    Object given = peek(key);
    Optional<String> value = text(key, "a number");
    if (value.isEmpty()) {
      return defaultValue;
    }
    if (given instanceof Number n) {
      return n.doubleValue();
    }
    try {
      return Double.parseDouble(value.get().strip());
    } catch (NumberFormatException e) {
      problem(key, "must be a number, but was '" + value.get() + "'");
      return defaultValue;
    }
  }

  /** A whole number at least {@code min}. */
  public int integer(String key, int defaultValue, int min) {
    Optional<String> value = text(key, "a whole number");
    if (value.isEmpty()) {
      return defaultValue;
    }
    try {
      int n = Integer.parseInt(value.get().strip());
      if (n >= min) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    problem(key, "must be a whole number of at least " + min + ", but was '" + value.get() + "'");
    return defaultValue;
  }

  /**
   * {@code true} or {@code false}; YAML 1.1's {@code yes}/{@code on} and {@code no}/{@code off} are
   * read as true and false here, where a flag is expected (elsewhere they stay text).
   */
  public boolean bool(String key, boolean defaultValue) {
    Optional<String> value = text(key, "true or false");
    if (value.isEmpty()) {
      return defaultValue;
    }
    Optional<Boolean> flag = Scalars.flag(value.get());
    if (flag.isEmpty()) {
      problem(key, "must be true or false, but was '" + value.get() + "'");
    }
    return flag.orElse(defaultValue);
  }

  /**
   * A list of texts; a single text counts as a list of one. An item that is not a scalar ({@code
   * [null]}, {@code [[a]]}) is a problem at {@code key[i]} and reads as an empty text.
   */
  public List<String> strings(String key) {
    Optional<Object> value = raw(key);
    if (value.isEmpty()) {
      return List.of();
    }
    if (value.get() instanceof List<?> list) {
      List<String> texts = new ArrayList<>();
      for (int i = 0; i < list.size(); i++) {
        texts.add(scalar(key + "[" + i + "]", list.get(i), "text").orElse(""));
      }
      return List.copyOf(texts);
    }
    return scalar(key, value.get(), "a list of texts").map(List::of).orElse(List.of());
  }

  /** A mapping of texts (e.g. HTTP headers); empty when absent. */
  public Map<String, String> stringMap(String key) {
    Optional<Object> value = raw(key);
    if (value.isEmpty()) {
      return Map.of();
    }
    if (!(value.get() instanceof Map<?, ?> map)) {
      problem(key, "must be a mapping of names to values, but was '" + value.get() + "'");
      return Map.of();
    }
    Map<String, String> result = new java.util.LinkedHashMap<>();
    map.forEach(
        (k, v) ->
            scalar(key + "." + k, v, "text").ifPresent(t -> result.put(String.valueOf(k), t)));
    return result;
  }

  /** A nested mapping as settings at {@code key} (problems reported here); empty when absent. */
  public Optional<CheckSettings> nested(String key) {
    Optional<Object> value = raw(key);
    if (value.isEmpty()) {
      return Optional.empty();
    }
    if (!(value.get() instanceof Map<?, ?> map)) {
      problem(key, "must be a mapping, but was '" + value.get() + "'");
      return Optional.empty();
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> fields = (Map<String, Object>) map;
    return Optional.of(child(key, fields));
  }

  /** A list of nested settings (e.g. queues with their own fields), each at {@code key[i]}. */
  public List<CheckSettings> list(String key) {
    Optional<Object> value = raw(key);
    if (value.isEmpty()) {
      return List.of();
    }
    if (!(value.get() instanceof List<?> items)) {
      problem(key, "must be a list, but was '" + value.get() + "'");
      return List.of();
    }
    List<CheckSettings> nested = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      if (!(items.get(i) instanceof Map<?, ?> map)) {
        problem(key + "[" + i + "]", "must be a mapping, but was '" + items.get(i) + "'");
        continue;
      }
      @SuppressWarnings("unchecked")
      Map<String, Object> fields = (Map<String, Object>) map;
      nested.add(child(key + "[" + i + "]", fields));
    }
    return nested;
  }

  /** A byte size ({@code 512MB}, {@code 1GiB}); -1 when absent. */
  public long size(String key) {
    Optional<String> value = text(key, "a size such as 512MB");
    if (value.isEmpty()) {
      return -1;
    }
    try {
      return Sizes.parse(value.get());
    } catch (IllegalArgumentException e) {
      problem(key, e.getMessage());
      return -1;
    }
  }

  /** A TCP port, 1..65535. */
  public int port(String key, int defaultValue) {
    int port = integer(key, defaultValue, 1);
    if (port > 65535) {
      problem(key, "must be a port between 1 and 65535, but was " + port);
      return defaultValue;
    }
    return port;
  }

  /** A required TCP port, 1..65535. */
  public int requiredPort(String key) {
    if (!has(key)) {
      raw(key);
      problem(key, "is required");
      return 1;
    }
    return port(key, 1);
  }

  /**
   * Warning and critical percentages: {@code warning: 90%} and {@code critical: 95%}, or nested as
   * {@code thresholds: {warning: 90%, critical: 95%}} (needed when {@code critical: true} marks the
   * check itself critical).
   */
  public Thresholds percentThresholds(Thresholds defaults) {
    return ThresholdFields.read(this, defaults, CheckSettings::percent);
  }

  /**
   * Whether thresholds were written ({@code warning}, a non-boolean {@code critical}, or nested).
   */
  public boolean hasThresholds() {
    return has("warning") || isThreshold("critical") || has("thresholds");
  }

  /** Warning and critical numbers, written like {@link #percentThresholds(Thresholds)}. */
  public Thresholds numberThresholds(Thresholds defaults) {
    return ThresholdFields.read(this, defaults, CheckSettings::number);
  }

  /**
   * Whether a field holds {@code true} or {@code false}: {@code critical: true} is the check's
   * flag, {@code critical: 95%} a threshold of its type.
   */
  public boolean isFlag(String key) {
    Object value = values.get(key);
    return value instanceof Boolean
        || value instanceof String text && Scalars.flag(text).isPresent();
  }

  boolean isThreshold(String key) {
    return values.get(key) != null && !isFlag(key);
  }
}
