package io.vigil.checks;

import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.TreeMap;

/** The check types found on the class path. */
public final class CheckTypes {

  private final Map<String, CheckType> types;
  private final CheckTypeContext context;

  private CheckTypes(Map<String, CheckType> types, CheckTypeContext context) {
    this.types = types;
    this.context = context;
  }

  /**
   * Every {@link CheckType} of every {@link CheckTypeProvider} found by {@link ServiceLoader}, with
   * a context of their own ({@link CheckTypeContext#standalone()}).
   */
  public static CheckTypes load() {
    return load(CheckTypeContext.standalone());
  }

  /**
   * Every {@link CheckType} of every {@link CheckTypeProvider} found by {@link ServiceLoader},
   * given the application's {@code context} (e.g. its heartbeats).
   */
  public static CheckTypes load(CheckTypeContext context) {
    Map<String, CheckType> found = new TreeMap<>();
    for (CheckTypeProvider provider :
        ServiceLoader.load(CheckTypeProvider.class, CheckTypes.class.getClassLoader())) {
      for (CheckType type : provider.types(context)) {
        found.putIfAbsent(type.name(), type);
      }
    }
    return new CheckTypes(found, context);
  }

  /** The context the types were given (e.g. to set the address guard in force). */
  public CheckTypeContext context() {
    return context;
  }

  /** Exactly these types, e.g. for tests or an application with types of its own. */
  public static CheckTypes of(java.util.List<CheckType> types) {
    Map<String, CheckType> found = new TreeMap<>();
    types.forEach(type -> found.putIfAbsent(type.name(), type));
    return new CheckTypes(found, CheckTypeContext.standalone());
  }

  /** The type of this name, if known. */
  public Optional<CheckType> find(String name) {
    return Optional.ofNullable(types.get(name));
  }

  /** Every known type by name, sorted. */
  public Map<String, CheckType> all() {
    return Map.copyOf(types);
  }

  /** Known names, sorted and comma-separated, for error messages. */
  public String names() {
    return String.join(", ", types.keySet());
  }
}
