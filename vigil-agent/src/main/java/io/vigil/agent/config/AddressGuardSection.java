package io.vigil.agent.config;

import io.vigil.checks.AddressGuard;
import io.vigil.checks.CheckSettings;
import java.util.List;
import java.util.Map;

/**
 * The {@code addressGuard} section: which addresses the network checks ({@code http} and its
 * redirects, {@code tcp}, {@code tls}) may connect to. Off unless {@code enabled: true}; then
 * link-local and cloud metadata addresses are denied ({@link AddressGuard#DEFAULT_DENY}), {@code
 * deny} adds ranges, and a non-empty {@code allow} admits only its ranges.
 *
 * <pre>{@code
 * addressGuard:
 *   enabled: true
 *   allow: [10.0.0.0/8]      # optional: only these
 *   deny: [10.9.0.0/16]      # optional: never these
 * }</pre>
 */
final class AddressGuardSection {

  /** The section's name in the file. */
  static final String NAME = "addressGuard";

  private AddressGuardSection() {}

  /** The guard the section describes; problems are added with their path. */
  static AddressGuard read(Map<String, Object> values, List<String> problems) {
    CheckSettings s = new CheckSettings(NAME, values, java.util.Set.of());
    s.listKnownFields(List.of("enabled", "allow", "deny"));
    boolean enabled = s.bool("enabled", false);
    List<String> allow = s.strings("allow");
    List<String> deny = s.strings("deny");
    AddressGuard guard = AddressGuard.off();
    if (enabled) {
      try {
        guard = AddressGuard.of(allow, deny);
      } catch (IllegalArgumentException e) {
        s.problem(allow.isEmpty() ? "deny" : "allow", e.getMessage());
      }
    } else if (!allow.isEmpty() || !deny.isEmpty()) {
      s.problem("enabled", "must be true for allow and deny to apply");
    }
    problems.addAll(s.problems());
    return guard;
  }
}
