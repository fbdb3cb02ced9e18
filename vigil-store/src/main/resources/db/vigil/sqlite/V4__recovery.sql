-- The healer's state and events (SQLite: the identity column differs from PostgreSQL).
-- What must survive an agent restart, per node (the agent's node id) and name: a recovery target's
-- restart budget, backoff and circuit breaker; a check's ladder step and quarantine. One row per
-- name, replaced as it changes.
CREATE TABLE recovery_targets (
  node TEXT NOT NULL,
  target TEXT NOT NULL,
  restarts TEXT NOT NULL,
  next_restart_ms BIGINT,
  breaker_open INTEGER NOT NULL,
  updated_ms BIGINT NOT NULL,
  PRIMARY KEY (node, target)
);
-- restarts: the epoch milliseconds of the restarts within the budget's window, comma-separated.
CREATE TABLE recovery_checks (
  node TEXT NOT NULL,
  check_name TEXT NOT NULL,
  step INTEGER NOT NULL,
  quarantine_cause TEXT,
  quarantine_reason TEXT,
  quarantined_ms BIGINT,
  updated_ms BIGINT NOT NULL,
  PRIMARY KEY (node, check_name)
);
-- Every recovery event: an attempt is a 'started' row and its 'succeeded' or 'failed' row (same
-- check and attempt); also 'suppressed', 'suppression_ended', 'gave_up', 'quarantine_lifted' and
-- 'reset'. Kept as long as the transitions.
CREATE TABLE recovery_events (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  node TEXT NOT NULL,
  check_name TEXT NOT NULL,
  at_ms BIGINT NOT NULL,
  kind TEXT NOT NULL,
  step TEXT,
  attempt INTEGER NOT NULL,
  fencing_token BIGINT,
  took_ms BIGINT,
  message TEXT NOT NULL
);
CREATE INDEX recovery_events_check_at ON recovery_events (check_name, at_ms);
CREATE INDEX recovery_events_at ON recovery_events (at_ms);
