package io.vigil.checks;

import io.vigil.core.HealthCheck;

/**
 * A check that holds a place in the running application while it is registered: a {@code heartbeat}
 * check makes its name accept beats. Creating a check (validating a configuration) holds nothing.
 * Whoever registers checks calls {@link #bind()} once the check is registered and {@link #unbind()}
 * once it is removed; when one check replaces another, the new one is bound before the old one is
 * unbound, so what they share survives the replacement.
 */
public interface BoundCheck extends HealthCheck {

  /** Takes the check's place; called once, after the check is registered. */
  void bind();

  /** Gives the place back; called once, after the check is removed or replaced. */
  void unbind();
}
