package io.vigil.recovery.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.recovery.QuarantineCause;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What must survive an agent restart: restart budgets, backoff, open breakers, quarantines. Kept in
 * a small JSON file written atomically (temporary file, then rename), so a crash mid-write never
 * leaves half a file.
 */
public final class StateStore {

  private static final Logger LOG = LoggerFactory.getLogger(StateStore.class);
  private static final ObjectMapper JSON =
      new ObjectMapper()
          .configure(
              com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES,
              false);

  /** Per target (what breakers and budgets are keyed by). */
  public static final class Target {
    public List<Long> restarts = new ArrayList<>();
    public long nextRestartAt;
    public boolean breakerOpen;
  }

  /**
   * Per check. Files written before {@code cause} and {@code since} existed have only {@code
   * quarantined} and {@code reason}; {@link #open} fills the cause in from the reason.
   */
  public static final class Check {
    public int step;
    public boolean quarantined;
    public String reason = "";

    /** A {@link QuarantineCause} name when quarantined. */
    public String cause = "";

    /** When healing gave up (epoch milliseconds); 0 when unknown. */
    public long since;
  }

  /** The file's content. */
  public static final class Data {
    public Map<String, Target> targets = new LinkedHashMap<>();
    public Map<String, Check> checks = new LinkedHashMap<>();
  }

  private final Optional<Path> file;
  private final Data data;

  private StateStore(Optional<Path> file, Data data) {
    this.file = file;
    this.data = data;
  }

  /** Reads the file if it exists (an unreadable one is logged and ignored); none: memory only. */
  public static StateStore open(Optional<Path> file) {
    Data data = new Data();
    if (file.isPresent() && Files.isRegularFile(file.get())) {
      try {
        data = JSON.readValue(file.get().toFile(), Data.class);
      } catch (IOException e) {
        LOG.warn(
            "event=recovery_state_unreadable file={} error=\"{}\"", file.get(), e.getMessage());
      }
    }
    data.checks.values().forEach(StateStore::migrate);
    return new StateStore(file, data);
  }

  /** A quarantine saved by an older version: its cause was only said in its reason. */
  private static void migrate(Check check) {
    if (check.quarantined && check.cause.isEmpty()) {
      QuarantineCause cause =
          check.reason.startsWith("circuit breaker")
              ? QuarantineCause.BREAKER_OPEN
              : check.reason.startsWith("restart budget")
                  ? QuarantineCause.BUDGET_SPENT
                  : QuarantineCause.LADDER_EXHAUSTED;
      check.cause = cause.name();
    }
  }

  public Target target(String name) {
    return data.targets.computeIfAbsent(name, k -> new Target());
  }

  public Check check(String name) {
    return data.checks.computeIfAbsent(name, k -> new Check());
  }

  /** Writes the file atomically; failures are logged, never thrown. */
  public void save() {
    if (file.isEmpty()) {
      return;
    }
    Path target = file.get();
    try {
      Path dir = target.toAbsolutePath().getParent();
      Files.createDirectories(dir);
      Path tmp = Files.createTempFile(dir, target.getFileName().toString(), ".tmp");
      try {
        JSON.writeValue(tmp.toFile(), data);
        Files.move(
            tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } finally {
        Files.deleteIfExists(tmp);
      }
    } catch (IOException e) {
      LOG.warn("event=recovery_state_not_saved file={} error=\"{}\"", target, e.getMessage());
    }
  }
}
