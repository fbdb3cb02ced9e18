-- The durable task queue (PostgreSQL: the identity column differs from SQLite).
-- status: queued | running | succeeded | failed | dead. run_at_ms: when a queued task may be
-- claimed (later than created_ms while it waits for a retry). heartbeat_ms: last sign of life of
-- the worker running it. The unique key makes enqueue idempotent per queue.
CREATE TABLE tasks (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  queue TEXT NOT NULL,
  type TEXT NOT NULL,
  payload TEXT NOT NULL,
  idempotency_key TEXT,
  status TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  created_ms BIGINT NOT NULL,
  updated_ms BIGINT NOT NULL,
  run_at_ms BIGINT NOT NULL,
  started_ms BIGINT,
  finished_ms BIGINT,
  heartbeat_ms BIGINT,
  worker TEXT,
  result TEXT,
  error TEXT,
  UNIQUE (queue, idempotency_key)
);
CREATE INDEX tasks_claim ON tasks (queue, status, run_at_ms);
CREATE INDEX tasks_finished ON tasks (finished_ms);
