package io.vigil.agent.config;

import io.vigil.store.StoreConfig;
import java.util.Optional;

/**
 * The {@code store:} section, validated.
 *
 * @param config the store to open; empty with {@code enabled: false}
 * @param worker whether {@code vigil run} consumes the task queue itself
 */
public record StoreSettings(Optional<StoreConfig> config, boolean worker) {

  /** No store. */
  public static StoreSettings disabled() {
    return new StoreSettings(Optional.empty(), false);
  }
}
