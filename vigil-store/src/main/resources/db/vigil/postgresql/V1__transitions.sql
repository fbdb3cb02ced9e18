-- State transitions of checks (PostgreSQL: the identity column differs from SQLite).
-- Times are epoch milliseconds (UTC) in every table, so both engines share the queries.
CREATE TABLE check_transitions (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  check_name TEXT NOT NULL,
  at_ms BIGINT NOT NULL,
  kind TEXT NOT NULL,
  from_status TEXT,
  from_type TEXT,
  to_status TEXT,
  to_type TEXT,
  critical INTEGER NOT NULL,
  consecutive_failures INTEGER NOT NULL,
  message TEXT NOT NULL
);
CREATE INDEX check_transitions_check_at ON check_transitions (check_name, at_ms);
CREATE INDEX check_transitions_at ON check_transitions (at_ms);
