package io.vigil.cluster;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A member of the cluster as it was declared (configuration, {@code POST /api/cluster/nodes} or
 * {@link ClusterMonitor#join}). Invalid values throw {@link IllegalArgumentException} whose message
 * starts with the field's name: {@code capacity: must be greater than 0, but was -1}.
 *
 * @param id unique name: 1 to 64 letters, digits, {@code . _ -}
 * @param address where applications reach the node, e.g. {@code 10.0.0.7:9042}
 * @param healthUrl what the probe detector GETs (http or https); needed with {@link
 *     DetectorSettings.Probe}
 * @param zone failure domain: copies of a shard go to different zones while there are enough
 * @param capacity relative weight in placement: a node of capacity 2 gets about twice the shards
 * @param labels free key-value pairs, shown as given
 * @param voter whether the node counts in the quorum (a majority of the voters up)
 */
public record NodeSpec(
    String id,
    String address,
    Optional<URI> healthUrl,
    String zone,
    double capacity,
    Map<String, String> labels,
    boolean voter) {

  /** The zone of nodes that name none. */
  public static final String DEFAULT_ZONE = "default";

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");
  private static final double MAX_CAPACITY = 1_000_000;

  /** Validates every field; copies the labels. */
  public NodeSpec {
    if (id == null || !NAME.matcher(id).matches()) {
      throw new IllegalArgumentException(
          "id: must be 1 to 64 letters, digits, '.', '_' or '-', but was '" + id + "'");
    }
    if (address == null || address.isBlank() || address.length() > 255) {
      throw new IllegalArgumentException("address: required, at most 255 characters");
    }
    healthUrl.ifPresent(NodeSpec::checkUrl);
    if (zone == null || !NAME.matcher(zone).matches()) {
      throw new IllegalArgumentException(
          "zone: must be 1 to 64 letters, digits, '.', '_' or '-', but was '" + zone + "'");
    }
    if (!(capacity > 0) || capacity > MAX_CAPACITY) {
      throw new IllegalArgumentException(
          "capacity: must be greater than 0 and at most 1000000, but was " + capacity);
    }
    labels = Map.copyOf(new LinkedHashMap<>(labels));
  }

  /** A voting node of capacity 1 in the default zone, without a health URL. */
  public static NodeSpec of(String id, String address) {
    return new NodeSpec(id, address, Optional.empty(), DEFAULT_ZONE, 1.0, Map.of(), true);
  }

  /** This node probed at {@code url}. */
  public NodeSpec withHealthUrl(URI url) {
    return new NodeSpec(id, address, Optional.of(url), zone, capacity, labels, voter);
  }

  /** This node in {@code value}. */
  public NodeSpec withZone(String value) {
    return new NodeSpec(id, address, healthUrl, value, capacity, labels, voter);
  }

  /** This node with another weight. */
  public NodeSpec withCapacity(double value) {
    return new NodeSpec(id, address, healthUrl, zone, value, labels, voter);
  }

  /** This node with these labels. */
  public NodeSpec withLabels(Map<String, String> value) {
    return new NodeSpec(id, address, healthUrl, zone, capacity, value, voter);
  }

  /** This node counting in the quorum or not. */
  public NodeSpec withVoter(boolean value) {
    return new NodeSpec(id, address, healthUrl, zone, capacity, labels, value);
  }

  private static void checkUrl(URI url) {
    String scheme = url.getScheme();
    if (!("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme))
        || url.getHost() == null) {
      throw new IllegalArgumentException(
          "healthUrl: must be an http:// or https:// URL with a host, but was '"
              + io.vigil.core.Secrets.maskText(url.toString())
              + "'");
    }
  }
}
