package io.vigil.agent;

import io.vigil.agent.config.AgentConfig;
import io.vigil.agent.config.ConfigException;
import io.vigil.agent.config.ConfigLoader;
import io.vigil.core.Monitor;
import io.vigil.server.Extensions.ReloadOutcome;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running configuration and its reloads. {@link #registerChecks()} registers the initial
 * checks; a reload validates the whole new file first and applies only a valid one: unchanged
 * checks keep running untouched, changed ones are replaced keeping their state and history, new
 * ones start, removed ones stop. An invalid file is rejected, logged and shown in {@code
 * /diagnostics}; the running configuration stays, and nothing of the rejected file is left behind.
 */
final class LiveConfig implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(LiveConfig.class);

  private final ConfigLoader loader;
  private final RegisteredChecks checks;
  private final ReentrantLock lock = new ReentrantLock();
  private volatile AgentConfig current;
  private volatile Map<String, Object> lastReload = Map.of("at", "never");
  private volatile Optional<ConfigWatcher> watcher = Optional.empty();
  private volatile Consumer<AgentConfig> onApplied = c -> {};

  /** Holds {@code initial}; registers nothing until {@link #registerChecks()}. */
  LiveConfig(ConfigLoader loader, Monitor monitor, AgentConfig initial) {
    this.loader = loader;
    this.checks = new RegisteredChecks(monitor);
    this.current = initial;
  }

  /** Registers the checks of the current configuration in the monitor. */
  void registerChecks() {
    lock.lock();
    try {
      loader.putInForce(current);
      checks.apply(current.checks());
    } finally {
      lock.unlock();
    }
  }

  /**
   * Registers only the checks {@code placement} runs here from now on, and applies it at once to
   * the current configuration (a fleet agent's partitions changed).
   */
  void place(Placement placement) {
    lock.lock();
    try {
      checks.place(placement);
      Map<String, Integer> summary = checks.apply(current.checks());
      LOG.info("event=checks_placed {}", format(summary));
    } catch (RuntimeException e) {
      // E.g. the monitor is stopping; the next change of placement or reload completes it.
      LOG.warn("event=placement_failed error=\"{}\"", e.getMessage());
    } finally {
      lock.unlock();
    }
  }

  /** Called with each configuration that was applied by a reload. */
  void onApplied(Consumer<AgentConfig> hook) {
    onApplied = hook;
  }

  AgentConfig current() {
    return current;
  }

  /**
   * Loads the file again and applies it if valid. Never throws: an {@link Error} while validating
   * (a {@link StackOverflowError}, say) rejects the reload like an invalid file.
   */
  ReloadOutcome reload() {
    lock.lock();
    try {
      return record(reloadFile());
    } catch (Error e) {
      LOG.warn("event=reload_rejected error=\"{}\"", e.toString());
      return record(
          rejected(List.of("the configuration could not be validated: " + e.getClass().getName())));
    } finally {
      lock.unlock();
    }
  }

  private ReloadOutcome reloadFile() {
    Optional<Path> file = current.file();
    if (file.isEmpty()) {
      return rejected(List.of("no configuration file: the agent runs its built-in checks"));
    }
    AgentConfig next;
    try {
      next = loader.load(file.get());
    } catch (ConfigException e) {
      return rejectedFile(file.get(), e.problems());
    }
    List<String> restart = ServerChanges.needingRestart(current.server(), next.server());
    if (!restart.isEmpty()) {
      return rejectedFile(file.get(), restart);
    }
    return apply(file.get(), next);
  }

  private static ReloadOutcome rejectedFile(Path file, List<String> problems) {
    LOG.warn("event=reload_rejected file={} problems={}", file, problems.size());
    problems.forEach(p -> LOG.warn("event=config_problem problem=\"{}\"", p));
    return rejected(problems);
  }

  private ReloadOutcome apply(Path file, AgentConfig next) {
    Map<String, Integer> summary;
    try {
      loader.putInForce(next);
      summary = checks.apply(next.checks());
    } catch (RuntimeException e) {
      // E.g. the monitor is stopping. Checks applied so far stay; the file is retried on change.
      LOG.warn("event=reload_failed file={} error=\"{}\"", file, e.getMessage());
      return rejected(List.of("could not apply: " + e.getMessage()));
    }
    next.warnings().forEach(w -> LOG.warn("event=config_corrected warning=\"{}\"", w));
    List<String> warnings = new ArrayList<>(next.warnings());
    warnings.addAll(ServerChanges.afterRestart(current.server(), next.server()));
    if (!next.programs().equals(current.programs()) || !next.healing().equals(current.healing())) {
      warnings.add("supervise, healing: changed settings take effect after a restart");
    }
    if (!next.cluster().equals(current.cluster())) {
      warnings.add(
          "cluster: changed settings take effect after a restart (nodes join and leave at once"
              + " through POST and DELETE /api/cluster/nodes)");
    }
    current = next;
    try {
      onApplied.accept(next);
    } catch (RuntimeException e) {
      LOG.warn("event=reload_partly_applied error=\"{}\"", e.toString());
      warnings.add("recovery ladders could not all be applied: " + e.getMessage());
    }
    LOG.info("event=reloaded file={} {}", file, format(summary));
    return new ReloadOutcome(true, List.of(), warnings, summary);
  }

  private static ReloadOutcome rejected(List<String> problems) {
    return new ReloadOutcome(false, problems, List.of(), Map.of());
  }

  private ReloadOutcome record(ReloadOutcome outcome) {
    Map<String, Object> info = new LinkedHashMap<>();
    info.put("at", Instant.now().toString());
    info.put("applied", outcome.applied());
    info.put("problems", outcome.problems());
    info.put("warnings", outcome.warnings());
    info.put("summary", outcome.summary());
    lastReload = info;
    return outcome;
  }

  Map<String, Object> lastReload() {
    return lastReload;
  }

  /** Reloads whenever the file's content changes; nothing to watch without a file. */
  void watch() {
    current
        .file()
        .ifPresent(file -> watcher = Optional.of(ConfigWatcher.start(file, this::reload)));
  }

  private static String format(Map<String, Integer> summary) {
    StringBuilder sb = new StringBuilder();
    summary.forEach((k, v) -> sb.append(sb.isEmpty() ? "" : " ").append(k).append('=').append(v));
    return sb.toString();
  }

  @Override
  public void close() {
    watcher.ifPresent(ConfigWatcher::close);
  }
}
