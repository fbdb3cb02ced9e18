package io.vigil.checks;

import io.vigil.core.HealthCheck;
import java.util.function.Function;

/**
 * A kind of check that configuration files can name ({@code type: disk}). Modules contribute types
 * through a {@link CheckTypeProvider}.
 */
public interface CheckType {

  /** The name used in {@code type:}, e.g. {@code disk}. */
  String name();

  /** One line for people, shown in the list of known types. */
  String description();

  /**
   * Builds a check from its settings. Problems (missing or bad fields) are recorded in {@code
   * settings}, which names each with its path; the caller discards the check when there are any.
   */
  HealthCheck create(CheckSettings settings);

  /** A type from its name, description and factory. */
  static CheckType of(
      String name, String description, Function<CheckSettings, HealthCheck> factory) {
    return new CheckType() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public String description() {
        return description;
      }

      @Override
      public HealthCheck create(CheckSettings settings) {
        return factory.apply(settings);
      }
    };
  }
}
