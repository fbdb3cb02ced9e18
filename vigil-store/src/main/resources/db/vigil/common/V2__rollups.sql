-- Per-check rollups of runs: one row per check, resolution (minute, hour, day) and bucket start.
-- A bucket may have more than one row (an agent restarted within the minute); readers merge them
-- and compaction folds them. latency_histogram holds "index:count" pairs of a fixed log scale, so
-- buckets merge without the raw latencies.
CREATE TABLE check_rollups (
  check_name TEXT NOT NULL,
  resolution TEXT NOT NULL,
  bucket_ms BIGINT NOT NULL,
  ok_count BIGINT NOT NULL,
  warning_count BIGINT NOT NULL,
  critical_count BIGINT NOT NULL,
  unknown_count BIGINT NOT NULL,
  latency_min_ms DOUBLE PRECISION NOT NULL,
  latency_sum_ms DOUBLE PRECISION NOT NULL,
  latency_max_ms DOUBLE PRECISION NOT NULL,
  latency_p95_ms DOUBLE PRECISION NOT NULL,
  latency_histogram TEXT NOT NULL
);
CREATE INDEX check_rollups_check_bucket ON check_rollups (check_name, resolution, bucket_ms);
CREATE INDEX check_rollups_bucket ON check_rollups (resolution, bucket_ms);
