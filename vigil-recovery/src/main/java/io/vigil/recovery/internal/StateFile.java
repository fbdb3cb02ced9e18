package io.vigil.recovery.internal;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.recovery.QuarantineCause;
import io.vigil.recovery.RecoveryState;
import io.vigil.recovery.RecoveryStateStore;
import io.vigil.recovery.RecoveryView;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The recovery state in a small JSON file, written atomically (temporary file, then rename), so a
 * crash mid-write never leaves half a file. The format is the one earlier versions wrote.
 */
public final class StateFile implements RecoveryStateStore {

  private static final Logger LOG = LoggerFactory.getLogger(StateFile.class);
  private static final ObjectMapper JSON =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  /** Per target, as written in the file. */
  static final class Target {
    public List<Long> restarts = new ArrayList<>();
    public long nextRestartAt;
    public boolean breakerOpen;
  }

  /**
   * Per check. Files written before {@code cause} and {@code since} existed have only {@code
   * quarantined} and {@code reason}: the cause is read from the reason.
   */
  static final class Check {
    public int step;
    public boolean quarantined;
    public String reason = "";

    /** A {@link QuarantineCause} name when quarantined. */
    public String cause = "";

    /** When healing gave up (epoch milliseconds); 0 when unknown. */
    public long since;
  }

  /** The file's content. */
  static final class Data {
    public Map<String, Target> targets = new LinkedHashMap<>();
    public Map<String, Check> checks = new LinkedHashMap<>();
  }

  private final Path file;
  private final Map<String, RecoveryState.Target> targets = new LinkedHashMap<>();
  private final Map<String, RecoveryState.Check> checks = new LinkedHashMap<>();

  /** The state in {@code file} (read by {@link #load()}). */
  public StateFile(Path file) {
    this.file = file;
  }

  /** The file this state is kept in. */
  public Path path() {
    return file;
  }

  @Override
  public synchronized RecoveryState load() {
    targets.clear();
    checks.clear();
    if (Files.isRegularFile(file)) {
      try {
        Data data = JSON.readValue(file.toFile(), Data.class);
        data.targets.forEach((name, t) -> targets.put(name, target(t)));
        data.checks.forEach((name, c) -> checks.put(name, check(c)));
      } catch (IOException | RuntimeException e) {
        LOG.warn("event=recovery_state_unreadable file={} error=\"{}\"", file, e.getMessage());
      }
    }
    return new RecoveryState(targets, checks);
  }

  private static RecoveryState.Target target(Target t) {
    return new RecoveryState.Target(
        t.restarts.stream().map(Instant::ofEpochMilli).toList(),
        t.nextRestartAt == 0
            ? Optional.empty()
            : Optional.of(Instant.ofEpochMilli(t.nextRestartAt)),
        t.breakerOpen);
  }

  private static RecoveryState.Check check(Check c) {
    if (!c.quarantined) {
      return new RecoveryState.Check(Math.max(0, c.step), Optional.empty());
    }
    QuarantineCause cause =
        c.cause.isEmpty() ? causeOf(c.reason) : QuarantineCause.valueOf(c.cause);
    Instant since = Instant.ofEpochMilli(c.since);
    return new RecoveryState.Check(
        Math.max(0, c.step), Optional.of(new RecoveryView.Quarantine(cause, c.reason, since)));
  }

  /** A quarantine saved by an older version: its cause was only said in its reason. */
  private static QuarantineCause causeOf(String reason) {
    return reason.startsWith("circuit breaker")
        ? QuarantineCause.BREAKER_OPEN
        : reason.startsWith("restart budget")
            ? QuarantineCause.BUDGET_SPENT
            : QuarantineCause.LADDER_EXHAUSTED;
  }

  /** Merges the changed entries and writes the whole file; failures are logged, never thrown. */
  @Override
  public synchronized void save(RecoveryState changed) {
    targets.putAll(changed.targets());
    checks.putAll(changed.checks());
    Data data = new Data();
    targets.forEach((name, t) -> data.targets.put(name, target(t)));
    checks.forEach((name, c) -> data.checks.put(name, check(c)));
    try {
      Path dir = file.toAbsolutePath().getParent();
      Files.createDirectories(dir);
      Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
      try {
        JSON.writeValue(tmp.toFile(), data);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } finally {
        Files.deleteIfExists(tmp);
      }
    } catch (IOException e) {
      LOG.warn("event=recovery_state_not_saved file={} error=\"{}\"", file, e.getMessage());
    }
  }

  private static Target target(RecoveryState.Target t) {
    Target out = new Target();
    out.restarts = new ArrayList<>(t.restarts().stream().map(Instant::toEpochMilli).toList());
    out.nextRestartAt = t.nextRestartAt().map(Instant::toEpochMilli).orElse(0L);
    out.breakerOpen = t.breakerOpen();
    return out;
  }

  private static Check check(RecoveryState.Check c) {
    Check out = new Check();
    out.step = c.step();
    c.quarantine()
        .ifPresent(
            q -> {
              out.quarantined = true;
              out.reason = q.reason();
              out.cause = q.cause().name();
              out.since = q.since().toEpochMilli();
            });
    return out;
  }
}
