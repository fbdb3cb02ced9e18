package io.vigil.alerts;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One message to one sink: the alerts of a group, as they are now.
 *
 * @param sink the sink's name
 * @param key the idempotency key: the group's fingerprint and the notification's sequence (the
 *     moment it was made, in milliseconds); the same on every retry
 * @param groupLabels the labels the group shares
 * @param alerts its alerts: firing ones, and resolved ones notified firing before
 * @param createdAt when it was made
 * @param suppressed how many notifications the sink's rate limit held back and this one sums up (0
 *     for an ordinary notification)
 */
public record Notification(
    String sink,
    String key,
    Map<String, String> groupLabels,
    List<Alert> alerts,
    Instant createdAt,
    int suppressed) {

  /** Copies the collections. */
  public Notification {
    groupLabels = java.util.Collections.unmodifiableMap(new TreeMap<>(groupLabels));
    alerts = List.copyOf(alerts);
  }

  /** {@code firing} when any alert fires, else {@code resolved}. */
  public String status() {
    return firingCount() > 0 ? "firing" : "resolved";
  }

  /** How many of its alerts fire. */
  public long firingCount() {
    return alerts.stream().filter(Alert::firing).count();
  }

  /** The fingerprints of its alerts. */
  public List<String> fingerprints() {
    return alerts.stream().map(Alert::fingerprint).toList();
  }
}
