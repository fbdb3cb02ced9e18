package io.vigil.alerts;

import java.util.List;

/**
 * An alert as the API shows it: its state now and what holds it back.
 *
 * @param alert the alert
 * @param state {@code firing}, {@code inhibited}, {@code silenced} or {@code resolved}
 * @param inhibitedBy fingerprints of the dependencies' critical alerts that hold it back
 * @param silencedBy ids of the silences (and {@code maintenance:NAME} windows) that mute it
 */
public record AlertView(
    Alert alert, String state, List<String> inhibitedBy, List<String> silencedBy) {

  /** Copies the lists. */
  public AlertView {
    inhibitedBy = List.copyOf(inhibitedBy);
    silencedBy = List.copyOf(silencedBy);
  }
}
