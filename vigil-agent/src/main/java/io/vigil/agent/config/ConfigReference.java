package io.vigil.agent.config;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The reference of the declared sections as Markdown, generated from their field tables; {@code
 * docs/configuration.md} holds each part verbatim (a test keeps them equal). Printed by the hidden
 * command {@code vigil config-reference}.
 */
public final class ConfigReference {

  private ConfigReference() {}

  /** Each section's part of the reference, by section name, in the order of the docs. */
  static Map<String, String> parts() {
    Map<String, String> parts = new LinkedHashMap<>();
    parts.put("server", ServerFields.SERVER.markdown());
    parts.put("node", ServerFields.NODE.markdown());
    parts.put(
        "defaults",
        "Any of "
            + CheckFields.DEFAULTS.names().stream()
                .map(n -> "`" + n + "`")
                .collect(Collectors.joining(", "))
            + ": they apply to every check that does not set its own (see `checks[]`).\n");
    parts.put("checks[]", CheckFields.CHECK.markdown());
    parts.put("store", StoreFields.STORE.markdown());
    parts.put("alerts", AlertFields.ALERTS.markdown());
    parts.put("alerts.sinks[]", SinkFields.SINK.markdown());
    parts.put("alerts.maintenance[]", AlertFields.MAINTENANCE.markdown());
    parts.put("cluster", ClusterFields.CLUSTER.markdown());
    parts.put("cluster.nodes[]", ClusterNodeFields.NODE.markdown());
    parts.put("fleet", FleetFields.FLEET.markdown());
    return parts;
  }

  /** Every section's part under a heading with its name. */
  public static String markdown() {
    return parts().entrySet().stream()
        .map(e -> "## `" + e.getKey() + "`\n\n" + e.getValue())
        .collect(Collectors.joining("\n"));
  }
}
