package io.vigil.alerts.internal;

import io.vigil.alerts.Alert;
import io.vigil.alerts.Route;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.ToLongFunction;

/**
 * The alerts of one route with the same group labels, and what was last sent for them. A group with
 * nothing notified firing waits {@code groupWait} after its first change; after a notification,
 * changes wait {@code groupInterval}; an unchanged firing group is sent again every {@code
 * repeatInterval}. Not thread-safe: the engine holds its lock.
 */
final class Group {

  final String fingerprint;
  final Map<String, String> labels;
  private final Set<String> members = new LinkedHashSet<>();
  private final Map<String, Long> notifiedFiring = new HashMap<>();
  private long lastSentNanos;
  private Optional<Long> changedSince = Optional.empty();

  Group(String fingerprint, Map<String, String> labels) {
    this.fingerprint = fingerprint;
    this.labels = Map.copyOf(labels);
  }

  void add(String alert) {
    members.add(alert);
  }

  Set<String> members() {
    return members;
  }

  /**
   * The alerts to send now, if the group is due: {@code eligible} are its members that are neither
   * silenced nor inhibited, resolved or firing (resolved ones count only if notified firing).
   */
  Optional<List<Alert>> due(
      Route route, List<Alert> eligible, ToLongFunction<String> changedAt, long now) {
    List<Alert> payload = new ArrayList<>();
    boolean changed = false;
    boolean anyFiring = false;
    long firstChange = now;
    for (Alert a : eligible) {
      Long notified = notifiedFiring.get(a.fingerprint());
      boolean news;
      if (a.firing()) {
        payload.add(a);
        anyFiring = true;
        news = notified == null || notified != a.sequence();
      } else {
        news = notified != null;
        if (news) {
          payload.add(a);
        }
      }
      if (news) {
        changed = true;
        firstChange = Math.min(firstChange, changedAt.applyAsLong(a.fingerprint()));
      }
    }
    if (!changed) {
      changedSince = Optional.empty();
      boolean repeat =
          anyFiring && now - lastSentNanos >= route.repeatInterval().toNanos() && !idle();
      return repeat ? Optional.of(payload) : Optional.empty();
    }
    long since = Math.min(changedSince.orElse(now), firstChange);
    changedSince = Optional.of(since);
    long dueAt =
        idle()
            ? since + route.groupWait().toNanos()
            : Math.max(since, lastSentNanos + route.groupInterval().toNanos());
    return now >= dueAt ? Optional.of(payload) : Optional.empty();
  }

  /** Whether nothing it notified still fires (a new alert then waits groupWait). */
  private boolean idle() {
    return notifiedFiring.isEmpty();
  }

  /** Records a notification of these alerts; resolved and vanished members leave the group. */
  void sent(List<Alert> payload, long now) {
    notifiedFiring.clear();
    for (Alert a : payload) {
      if (a.firing()) {
        notifiedFiring.put(a.fingerprint(), a.sequence());
      } else {
        members.remove(a.fingerprint());
      }
    }
    lastSentNanos = now;
    changedSince = Optional.empty();
  }

  /** Forgets a member (resolved and gone from the book, or no longer routed here). */
  void forget(String alert) {
    members.remove(alert);
    notifiedFiring.remove(alert);
  }

  boolean empty() {
    return members.isEmpty() && notifiedFiring.isEmpty();
  }
}
