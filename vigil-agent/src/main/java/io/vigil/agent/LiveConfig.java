package io.vigil.agent;

import io.vigil.agent.config.AgentConfig;
import io.vigil.agent.config.CheckDefinition;
import io.vigil.agent.config.ConfigException;
import io.vigil.agent.config.ConfigLoader;
import io.vigil.core.Monitor;
import io.vigil.server.Extensions.ReloadOutcome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running configuration and its reloads. A reload validates the whole new file first; only a
 * valid one is applied: unchanged checks keep running untouched, changed ones are replaced keeping
 * their state and history, new ones start, removed ones stop. An invalid file is rejected, logged
 * and shown in {@code /diagnostics}, and the running configuration stays.
 */
final class LiveConfig implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(LiveConfig.class);
  private static final Duration POLL = Duration.ofSeconds(1);

  private final ConfigLoader loader;
  private final Monitor monitor;
  private final ReentrantLock lock = new ReentrantLock();
  private volatile AgentConfig current;
  private volatile Map<String, Object> lastReload = Map.of("at", "never");
  private volatile Thread watcher;
  private volatile java.util.function.Consumer<AgentConfig> onApplied = c -> {};

  LiveConfig(ConfigLoader loader, Monitor monitor, AgentConfig initial) {
    this.loader = loader;
    this.monitor = monitor;
    this.current = initial;
    for (CheckDefinition check : initial.checks()) {
      monitor.register(check.spec(), check.check());
    }
  }

  /** Called with each configuration that was applied by a reload. */
  void onApplied(java.util.function.Consumer<AgentConfig> hook) {
    onApplied = hook;
  }

  AgentConfig current() {
    return current;
  }

  /** Loads the file again and applies it if valid. */
  ReloadOutcome reload() {
    lock.lock();
    try {
      Optional<Path> file = current.file();
      if (file.isEmpty()) {
        return record(
            new ReloadOutcome(
                false,
                List.of("no configuration file: the agent runs its built-in checks"),
                List.of(),
                Map.of()));
      }
      AgentConfig next;
      try {
        next = loader.load(file.get());
      } catch (ConfigException e) {
        LOG.warn("event=reload_rejected file={} problems={}", file.get(), e.problems().size());
        e.problems().forEach(p -> LOG.warn("event=config_problem problem=\"{}\"", p));
        return record(new ReloadOutcome(false, e.problems(), List.of(), Map.of()));
      }
      Map<String, Integer> summary;
      try {
        summary = apply(next);
      } catch (RuntimeException e) {
        // E.g. the monitor is stopping. Checks applied so far stay; the file is retried on change.
        LOG.warn("event=reload_failed file={} error=\"{}\"", file.get(), e.getMessage());
        return record(
            new ReloadOutcome(
                false, List.of("could not apply: " + e.getMessage()), List.of(), Map.of()));
      }
      next.warnings().forEach(w -> LOG.warn("event=config_corrected warning=\"{}\"", w));
      List<String> warnings = new java.util.ArrayList<>(next.warnings());
      if (!next.server().equals(current.server())) {
        warnings.add("server: changed settings take effect after a restart");
      }
      if (!next.programs().equals(current.programs())
          || !next.healing().equals(current.healing())) {
        warnings.add("supervise, healing: changed settings take effect after a restart");
      }
      current = next;
      try {
        onApplied.accept(next);
      } catch (RuntimeException e) {
        LOG.warn("event=reload_partly_applied error=\"{}\"", e.toString());
        warnings.add("recovery ladders could not all be applied: " + e.getMessage());
      }
      LOG.info("event=reloaded file={} {}", file.get(), format(summary));
      return record(new ReloadOutcome(true, List.of(), warnings, summary));
    } finally {
      lock.unlock();
    }
  }

  private Map<String, Integer> apply(AgentConfig next) {
    Map<String, CheckDefinition> old = new LinkedHashMap<>();
    current.checks().forEach(c -> old.put(c.name(), c));
    int added = 0;
    int changed = 0;
    int unchanged = 0;
    for (CheckDefinition check : next.checks()) {
      CheckDefinition before = old.remove(check.name());
      if (before == null) {
        monitor.replace(check.spec(), check.check()); // registers; idempotent if retried
        added++;
      } else if (before.source().equals(check.source())) {
        unchanged++;
      } else {
        monitor.replace(check.spec(), check.check());
        changed++;
      }
    }
    old.keySet().forEach(monitor::unregister);
    Map<String, Integer> summary = new LinkedHashMap<>();
    summary.put("added", added);
    summary.put("changed", changed);
    summary.put("removed", old.size());
    summary.put("unchanged", unchanged);
    return summary;
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

  /** Reloads whenever the file's content changes (polled, so edits through symlinks count too). */
  void watch() {
    Optional<Path> file = current.file();
    if (file.isEmpty()) {
      return;
    }
    String initial = digest(file.get());
    watcher =
        Thread.ofVirtual()
            .name("vigil-config-watch")
            .start(
                () -> {
                  String seen = initial;
                  while (!Thread.currentThread().isInterrupted()) {
                    try {
                      Thread.sleep(POLL);
                    } catch (InterruptedException e) {
                      return;
                    }
                    String now = digest(file.get());
                    if (!now.equals(seen)) {
                      seen = now;
                      LOG.info("event=config_changed file={}", file.get());
                      try {
                        reload();
                      } catch (RuntimeException e) {
                        LOG.warn("event=reload_failed error=\"{}\"", e.toString());
                      }
                    }
                  }
                });
  }

  private static String digest(Path file) {
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file));
      return java.util.HexFormat.of().formatHex(hash);
    } catch (IOException e) {
      return "unreadable";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String format(Map<String, Integer> summary) {
    StringBuilder sb = new StringBuilder();
    summary.forEach((k, v) -> sb.append(sb.isEmpty() ? "" : " ").append(k).append('=').append(v));
    return sb.toString();
  }

  @Override
  public void close() {
    Thread w = watcher;
    if (w != null) {
      w.interrupt();
      try {
        w.join(Duration.ofSeconds(2));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
