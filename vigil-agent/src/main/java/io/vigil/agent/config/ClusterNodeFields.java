package io.vigil.agent.config;

import io.vigil.checks.CheckSettings;
import io.vigil.cluster.NodeSpec;
import io.vigil.core.Secrets;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The fields of each entry of {@code cluster.nodes}. */
final class ClusterNodeFields {

  /** The fields of each entry of {@code cluster.nodes}. */
  static final Section<Draft> NODE =
      new Section<>(
          "cluster.nodes[]",
          List.of(
              new Field<>(
                  "id",
                  "text",
                  "required",
                  "unique name: letters, digits, `. _ -`",
                  (s, d) -> d.id = s.requiredString("id")),
              new Field<>(
                  "address",
                  "text",
                  "required",
                  "where applications reach it, e.g. `10.0.0.7:9042`",
                  (s, d) -> d.address = s.requiredString("address")),
              new Field<>(
                  "healthUrl",
                  "http(s) URL",
                  "required with `detector: probe`",
                  "what the probe GETs; 2xx or 3xx is healthy",
                  (s, d) -> d.healthUrl = s.string("healthUrl")),
              new Field<>(
                  "zone",
                  "text",
                  "`" + NodeSpec.DEFAULT_ZONE + "`",
                  "failure domain: a shard's copies go to different zones while there are enough",
                  (s, d) -> d.zone = s.string("zone").orElse(d.zone)),
              new Field<>(
                  "capacity",
                  "number > 0",
                  "`1`",
                  "relative weight: capacity 2 takes about twice the shards",
                  (s, d) -> d.capacity = s.number("capacity", d.capacity)),
              new Field<>(
                  "labels",
                  "mapping of texts",
                  "none",
                  "shown as given",
                  (s, d) -> d.labels = s.stringMap("labels")),
              new Field<>(
                  "voter",
                  "true/false",
                  "`true`",
                  "whether it counts in the quorum (a majority of the voters up)",
                  (s, d) -> d.voter = s.bool("voter", d.voter))));

  private ClusterNodeFields() {}

  /** An http(s) URL with a host, or a problem naming the field (credentials masked). */
  static Optional<URI> url(CheckSettings s, String field, String text) {
    try {
      URI url = new URI(text);
      if (("http".equalsIgnoreCase(url.getScheme()) || "https".equalsIgnoreCase(url.getScheme()))
          && url.getHost() != null) {
        return Optional.of(url);
      }
    } catch (java.net.URISyntaxException e) {
      // reported below
    }
    s.problem(
        field,
        "must be an http:// or https:// URL with a host, but was '" + Secrets.maskText(text) + "'");
    return Optional.empty();
  }

  /** A node being read. */
  static final class Draft {
    private final CheckSettings settings;
    private String id = "";
    private String address = "";
    private Optional<String> healthUrl = Optional.empty();
    private String zone = NodeSpec.DEFAULT_ZONE;
    private double capacity = 1;
    private Map<String, String> labels = Map.of();
    private boolean voter = true;

    Draft(CheckSettings settings) {
      this.settings = settings;
    }

    String id() {
      return id;
    }

    /** The node, or empty with its problems recorded (the path names the field). */
    Optional<NodeSpec> spec(boolean probe) {
      if (id.isEmpty() || address.isEmpty()) {
        return Optional.empty(); // "is required" already recorded
      }
      Optional<URI> url = healthUrl.flatMap(u -> url(settings, "healthUrl", u));
      if (probe && healthUrl.isEmpty()) {
        settings.problem("healthUrl", "is required with detector: probe");
      }
      try {
        return Optional.of(new NodeSpec(id, address, url, zone, capacity, labels, voter));
      } catch (IllegalArgumentException e) {
        String message = String.valueOf(e.getMessage());
        int colon = message.indexOf(": ");
        settings.problem(message.substring(0, Math.max(0, colon)), message.substring(colon + 2));
        return Optional.empty();
      }
    }
  }
}
