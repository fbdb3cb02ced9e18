package io.vigil.agent.config;

import io.vigil.alerts.AlertSettings;
import io.vigil.alerts.Sink;
import java.util.List;
import java.util.function.Supplier;

/**
 * The {@code alerts:} section, validated: the engine's settings and the sinks to build.
 *
 * @param settings routes (one per sink), maintenance windows, delivery, each check's {@code alert:}
 * @param sinks the configured sinks, built when the configuration is applied
 */
public record AlertsConfig(AlertSettings settings, List<SinkDefinition> sinks) {

  /** Copies the list. */
  public AlertsConfig {
    sinks = List.copyOf(sinks);
  }

  /**
   * One configured sink.
   *
   * @param name its name
   * @param type its type
   * @param factory builds it (it may hold connections: built once per apply)
   */
  public record SinkDefinition(String name, String type, Supplier<Sink> factory) {}

  /** The sinks, built. */
  public List<Sink> build() {
    return sinks.stream().map(d -> d.factory().get()).toList();
  }
}
