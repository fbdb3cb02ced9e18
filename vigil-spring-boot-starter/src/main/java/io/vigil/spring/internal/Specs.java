package io.vigil.spring.internal;

import io.vigil.core.CheckSpec;
import io.vigil.core.InvalidSpecException;
import io.vigil.spring.VigilProperties;
import io.vigil.spring.VigilProperties.Defaults;
import io.vigil.spring.VigilProperties.Indicator;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Builds the {@link CheckSpec} of an indicator from {@code vigil.indicators.<name>} over {@code
 * vigil.defaults}, and turns the spec's validation problems into problems naming the property the
 * bad value came from.
 */
final class Specs {

  private static final Indicator UNSET =
      new Indicator(false, null, null, null, null, null, null, null);

  private Specs() {}

  /** The indicator's settings, or all unset. */
  static Indicator settings(VigilProperties properties, String name) {
    return properties.indicators().getOrDefault(name, UNSET);
  }

  /**
   * The spec of the indicator {@code name} (already a valid check name), or empty with the problems
   * added to {@code problems}.
   */
  static Optional<CheckSpec> indicator(
      VigilProperties properties, String name, String description, List<String> problems) {
    Defaults d = properties.defaults();
    Indicator i = settings(properties, name);
    CheckSpec.Builder spec =
        CheckSpec.builder(name)
            .description(description)
            .tags("actuator")
            .interval(or(i.interval(), d.interval()))
            .timeout(or(i.timeout(), d.timeout()))
            .failureThreshold(or(i.failureThreshold(), d.failureThreshold()))
            .successThreshold(or(i.successThreshold(), d.successThreshold()))
            .critical(or(i.critical(), d.critical()));
    Duration retry = or(i.retryInterval(), d.retryInterval());
    if (retry != null) {
      spec.retryInterval(retry);
    }
    if (i.component() != null) {
      spec.component(i.component());
    }
    try {
      return Optional.of(spec.build());
    } catch (InvalidSpecException e) {
      e.problems().forEach(p -> problems.add(located(p, name, i)));
      return Optional.empty();
    }
  }

  /** {@code "timeout: must be ..."} as {@code "vigil.indicators.slow.timeout: must be ..."}. */
  private static String located(String problem, String name, Indicator i) {
    int colon = problem.indexOf(':');
    String field = colon < 0 ? "" : problem.substring(0, colon);
    String kebab = kebab(field);
    boolean own =
        switch (field) {
          case "interval" -> i.interval() != null;
          case "timeout" -> i.timeout() != null;
          case "retryInterval" -> i.retryInterval() != null;
          case "failureThreshold" -> i.failureThreshold() != null;
          case "successThreshold" -> i.successThreshold() != null;
          case "component" -> i.component() != null;
          default -> true;
        };
    String path = own ? "vigil.indicators." + name + "." + kebab : "vigil.defaults." + kebab;
    return path + problem.substring(Math.max(colon, 0)) + (own ? "" : " (for '" + name + "')");
  }

  private static String kebab(String camel) {
    return camel.replaceAll("([a-z])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
  }

  /**
   * Settings of names that are no indicator: likely a typo, or an indicator absent in this profile,
   * so they are reported, not fatal.
   */
  static List<String> unknownNames(VigilProperties properties, Set<String> known) {
    return properties.indicators().keySet().stream()
        .filter(n -> !known.contains(n))
        .sorted()
        .map(
            n ->
                "vigil.indicators."
                    + n
                    + ": no health indicator is named '"
                    + n
                    + "'; the indicators are "
                    + known.stream().sorted().toList())
        .toList();
  }

  /** An Actuator contributor name as a check name: characters Vigil does not allow become '-'. */
  static String checkName(String path) {
    String name = path.replaceAll("[^A-Za-z0-9._-]", "-");
    return name.matches("[A-Za-z0-9].*") ? name : "x" + name;
  }

  private static <T> T or(T own, T fallback) {
    return own != null ? own : fallback;
  }
}
