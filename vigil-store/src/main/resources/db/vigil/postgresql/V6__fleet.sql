-- The fleet: agents sharing this database split the checks between them by leases (PostgreSQL only;
-- SQLite's V6 is empty). Every row is keyed by the fleet's name, so several fleets share a schema.
-- Every lease time comes from PostgreSQL's clock (now()), never from an agent's.

-- Fencing tokens: every takeover (a partition or a singleton lease changing holder, or a holder
-- taking it again after expiry) takes the next value, so tokens increase fleet-wide.
CREATE SEQUENCE fleet_epoch;

-- One row per agent: its lease. session tells two processes with the same id apart (a new one takes
-- the id over only once the old lease expired). A closed agent's lease is expired, never deleted.
CREATE TABLE fleet_agents (
  fleet TEXT NOT NULL,
  agent TEXT NOT NULL,
  session TEXT NOT NULL,
  address TEXT NOT NULL,
  version TEXT NOT NULL,
  started_at TIMESTAMPTZ NOT NULL,
  renewed_at TIMESTAMPTZ NOT NULL,
  expires_at TIMESTAMPTZ NOT NULL,
  PRIMARY KEY (fleet, agent)
);

-- The check partitions (a check's is CRC32 of its name mod the count). A partition's lease lives
-- as long as its owner's: expires_at is copied from the agent's row at every renewal, in the same
-- transaction. Free: owner NULL, or expires_at passed. epoch: the owner's fencing token.
CREATE TABLE fleet_partitions (
  fleet TEXT NOT NULL,
  partition INTEGER NOT NULL,
  owner TEXT,
  epoch BIGINT NOT NULL DEFAULT 0,
  expires_at TIMESTAMPTZ NOT NULL DEFAULT '-infinity',
  PRIMARY KEY (fleet, partition)
);
CREATE INDEX fleet_partitions_owner ON fleet_partitions (fleet, owner);

-- Singleton leases ("alerts", "cluster"), renewed with the holder's agent lease like partitions.
CREATE TABLE fleet_leases (
  fleet TEXT NOT NULL,
  name TEXT NOT NULL,
  holder TEXT,
  epoch BIGINT NOT NULL,
  expires_at TIMESTAMPTZ NOT NULL,
  PRIMARY KEY (fleet, name)
);

-- One row per recovery target, locked (FOR UPDATE) while a restart is counted against the
-- target's fleet-wide budget, so two agents never both take the last restart.
CREATE TABLE fleet_targets (
  fleet TEXT NOT NULL,
  target TEXT NOT NULL,
  PRIMARY KEY (fleet, target)
);

-- Every fenced action: a recovery step (restart or not) or a notification, with the epoch it was
-- granted under.
CREATE TABLE fleet_actions (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  fleet TEXT NOT NULL,
  target TEXT NOT NULL,
  check_name TEXT,
  kind TEXT NOT NULL CHECK (kind IN ('recovery', 'notification')),
  step TEXT NOT NULL,
  restart BOOLEAN NOT NULL,
  epoch BIGINT NOT NULL,
  agent TEXT NOT NULL,
  at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX fleet_actions_target ON fleet_actions (fleet, target, at);

-- Every check's latest state, written by its partition's owner (fenced by the epoch), read by any
-- agent for the fleet-wide /health.
CREATE TABLE fleet_check_state (
  fleet TEXT NOT NULL,
  check_name TEXT NOT NULL,
  partition INTEGER NOT NULL,
  epoch BIGINT NOT NULL,
  owner TEXT NOT NULL,
  status TEXT NOT NULL,
  state_type TEXT NOT NULL,
  consecutive_failures INTEGER NOT NULL,
  consecutive_successes INTEGER NOT NULL,
  flapping BOOLEAN NOT NULL,
  critical BOOLEAN NOT NULL,
  component TEXT,
  message TEXT,
  latency_ms BIGINT NOT NULL,
  result_at TIMESTAMPTZ,
  last_change TIMESTAMPTZ,
  written_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  PRIMARY KEY (fleet, check_name)
);
