-- Alert notifications waiting to be sent, and alert silences (PostgreSQL: the identity column differs
-- from SQLite). A notification is written here before it is sent, so one is sent at least once
-- across crashes. status: pending (not tried yet) | failed (tried, retried at next_attempt_ms) |
-- sent | dead (undeliverable: a permanent error or past deadline_ms). The unique key makes a
-- repeated write of the same notification a no-op.
CREATE TABLE alert_outbox (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  sink TEXT NOT NULL,
  idempotency_key TEXT NOT NULL,
  status TEXT NOT NULL,
  alerts TEXT NOT NULL,
  payload TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  created_ms BIGINT NOT NULL,
  updated_ms BIGINT NOT NULL,
  next_attempt_ms BIGINT NOT NULL,
  deadline_ms BIGINT NOT NULL,
  sent_ms BIGINT,
  last_error TEXT,
  UNIQUE (sink, idempotency_key)
);
CREATE INDEX alert_outbox_due ON alert_outbox (sink, status, id);
CREATE INDEX alert_outbox_updated ON alert_outbox (updated_ms);

-- Silences: matchers as JSON ([{"name", "value", "isRegex", "isEqual"}]), active from starts_ms
-- until ends_ms (expiring one sets ends_ms to the moment it was expired).
CREATE TABLE alert_silences (
  id TEXT PRIMARY KEY,
  matchers TEXT NOT NULL,
  starts_ms BIGINT NOT NULL,
  ends_ms BIGINT NOT NULL,
  created_by TEXT NOT NULL,
  comment TEXT NOT NULL,
  updated_ms BIGINT NOT NULL
);
