#!/usr/bin/env bash
# Vigil against its peers, interleaved on one machine and one JDK; prints the figures and ratios.
#
#   vigil-bench/compare.sh            # build, then run every comparison (about 30 minutes)
#   ROUNDS=1 DURATION=5s SECTIONS="health probes" vigil-bench/compare.sh    # a quick look
#   SECTIONS="health probes" vigil-bench/compare.sh   # some of: health probes startup actuator scale fleet
#
# 1. GET /health, full detail, 20 fast checks: Vigil vs Dropwizard's HealthCheckServlet (Jetty 12)
#    vs nginx serving Vigil's body as a static file (the ceiling); the same with one hung check
#    added to Vigil (p99). wrk -t2 -c$CONN, systems interleaved in every round; CPU per request is
#    the server process's CPU time (/proc, user + system) over the run divided by its requests.
# 2. HTTP probe cost: the agent with $PROBES http checks every second against a local nginx vs
#    prometheus-blackbox-exporter probing the same URL (driven by wrk): CPU seconds per 1,000
#    probes, each a fresh connection.
# 3. Start-up of the agent with its default configuration: process start to first 200 from /health,
#    and RSS 10 s later, per JVM flag set.
# 4. GET /actuator/health of one Spring Boot application (vigil-bench-boot, 10 indicators answering
#    at once, plus one that hangs for 60 s in the hung workload): plain Actuator (every indicator
#    inline on every request) vs the same application with the Vigil starter (snapshot), same JDK,
#    interleaved; wrk --timeout 5s, so a request Actuator holds longer counts as a timeout.
# 5. Scale: $SCALE_CHECKS http checks every 10 s for $SCALE_MINUTES minutes (CPU, scheduler lag,
#    live heap, runs not OK, /metrics run count against the engine's, /diagnostics latency).
# 6. Fleet (SECTIONS=fleet, not in the default set): 3 agents sharing $FLEET_CHECKS http checks on the
#    local PostgreSQL: agents' CPU, PostgreSQL's transactions, rows and CPU per second.
# Needs: wrk, nginx (nginx-light), prometheus-blackbox-exporter (installed with apt-get when
# missing and run as root), curl, a JDK 21+ and Maven. Everything binds to 127.0.0.1; every
# process started here is stopped on exit. Not part of the test suite.
set -euo pipefail
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

ROOT=$(cd "$(dirname "$0")/.." && pwd)
ROUNDS=${ROUNDS:-3}
DURATION=${DURATION:-15s}
CONN=${CONN:-16}
PROBES=${PROBES:-1000}
SCALE_CHECKS=${SCALE_CHECKS:-10000}
SCALE_MINUTES=${SCALE_MINUTES:-10}
# Extra JVM flags for Vigil's own /health servers (e.g. -XX:TieredStopAtLevel=1 to see C1 only).
VIGIL_PEER_OPTS=${VIGIL_PEER_OPTS:-}
# The scale run's JVM flags: ./vigil run's by default.
SCALE_JAVA_OPTS=${SCALE_JAVA_OPTS:--XX:+UseSerialGC -Xms8m -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30}
FLEET_CHECKS=${FLEET_CHECKS:-9000}
FLEET_MINUTES=${FLEET_MINUTES:-5}
FLEET_PSQL=${FLEET_PSQL:-postgresql://postgres@127.0.0.1:5432/test}
FLEET_SCHEMA=
BASE_PORT=${BASE_PORT:-18180}
P_VIGIL=$BASE_PORT P_HUNG=$((BASE_PORT + 1)) P_DW=$((BASE_PORT + 2)) P_NGINX=$((BASE_PORT + 3))
P_BB=$((BASE_PORT + 4)) P_AGENT=$((BASE_PORT + 5))
WORK=$(mktemp -d /tmp/vigil-compare.XXXXXX)
chmod 755 "$WORK" # nginx workers (www-data when started as root) read $WORK/www
PIDS=()

cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  [ -z "$FLEET_SCHEMA" ] || psql "$FLEET_PSQL" -qc "DROP SCHEMA IF EXISTS $FLEET_SCHEMA CASCADE" || true
  rm -rf "$WORK"
}
trap cleanup EXIT

need_packages() {
  local missing=()
  command -v wrk >/dev/null || missing+=(wrk)
  command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || missing+=(nginx-light)
  command -v prometheus-blackbox-exporter >/dev/null || missing+=(prometheus-blackbox-exporter)
  command -v curl >/dev/null || missing+=(curl)
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -ne 0 ]; then
    echo "missing: ${missing[*]} (apt-get install ${missing[*]})" >&2
    exit 1
  fi
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
}

# CPU time of processes in milliseconds (utime + stime from /proc/PID/stat).
cpu_ms() {
  local total=0 pid ticks hz
  hz=$(getconf CLK_TCK)
  for pid in "$@"; do
    ticks=$(awk '{print $14 + $15}' "/proc/$pid/stat")
    total=$((total + ticks))
  done
  echo $((total * 1000 / hz))
}

wait_http() { # URL [seconds]
  local i
  for ((i = 0; i < ${2:-60} * 20; i++)); do
    curl -s -o /dev/null "$1" && return 0
    sleep 0.05
  done
  echo "no answer from $1" >&2
  exit 1
}

to_ms() { # 1.23ms | 456.00us | 1.02s -> milliseconds
  awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n = n;
    else if (v ~ /m$/) n *= 60000; else if (v ~ /s$/) n *= 1000; printf "%.2f", n }'
}

# run_wrk NAME URL PIDS... : appends "NAME rps p99_ms cpu_us_per_request non2xx" to results
run_wrk() {
  local name=$1 url=$2 before after out rps p99 reqs errors
  shift 2
  before=$(cpu_ms "$@")
  out=$(wrk -t2 -c"$CONN" -d"$DURATION" --latency "$url")
  after=$(cpu_ms "$@")
  rps=$(awk '/^Requests\/sec/ {print $2}' <<<"$out")
  p99=$(to_ms "$(awk '$1 == "99%" {print $2}' <<<"$out")")
  reqs=$(awk '/requests in/ {print $1}' <<<"$out")
  errors=$(awk '/Non-2xx/ {print $NF}' <<<"$out")
  echo "$name $rps $p99 $(awk -v c=$((after - before)) -v r="$reqs" 'BEGIN {printf "%.1f", c * 1000 / r}') ${errors:-0}" \
    >>"$WORK/results"
  printf '  %-12s %10s req/s  p99 %8s ms  cpu %6s us/req\n' "$name" "$rps" "$p99" \
    "$(awk -v c=$((after - before)) -v r="$reqs" 'BEGIN {printf "%.1f", c * 1000 / r}')"
}

median() { # NAME COLUMN
  awk -v n="$1" -v c="$2" '$1 == n {print $c}' "$WORK/results" | sort -g |
    awk '{a[NR] = $1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a / b}'; }

need_packages
JAVA_HOME=$("$ROOT/vigil" java-home)
export JAVA_HOME
JAVA="$JAVA_HOME/bin/java"
echo "== build ($("$JAVA" -version 2>&1 | head -n 1))"
(cd "$ROOT" && mvn -B -q ${MVN_ARGS:-} -DskipTests package -pl vigil-agent,vigil-bench -am)
BENCH="$ROOT/vigil-bench/target/benchmarks.jar"
AGENT="$ROOT/vigil-agent/target/vigil.jar"
P_BOOT=$((BASE_PORT + 10)) # four Boot applications: P_BOOT .. P_BOOT + 3

start_nginx() {
  mkdir -p "$WORK/www" "$WORK/nginx"
  echo ok >"$WORK/www/ok"
  [ -f "$WORK/www/health" ] || echo '{}' >"$WORK/www/health"
  cat >"$WORK/nginx/nginx.conf" <<CONF
worker_processes auto;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/error.log;
events { worker_connections 1024; }
http {
  access_log off;
  keepalive_requests 1000000;
  types { application/json health; text/plain ok; }
  default_type application/json;
  client_body_temp_path $WORK/nginx; proxy_temp_path $WORK/nginx; fastcgi_temp_path $WORK/nginx;
  uwsgi_temp_path $WORK/nginx; scgi_temp_path $WORK/nginx;
  server { listen 127.0.0.1:$P_NGINX; root $WORK/www; }
}
CONF
  /usr/sbin/nginx -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf" -g 'daemon off;' 2>"$WORK/nginx/stderr" &
  PID_NGINX=$!
  PIDS+=("$PID_NGINX")
  wait_http "http://127.0.0.1:$P_NGINX/ok"
  NGINX_PIDS=("$PID_NGINX" $(pgrep -P "$PID_NGINX"))
}

start_java() { # VAR ARGS... : starts a JVM in $WORK (an agent's store lands there), its pid in VAR
  local var=$1
  shift
  (cd "$WORK" && exec "$JAVA" "$@" >"$WORK/$var.log" 2>&1) &
  PIDS+=($!)
  printf -v "$var" '%s' $!
}

health() {
  echo "== /health: Vigil, Dropwizard, nginx (static body), Vigil with a hung check"
  # shellcheck disable=SC2086 # the flags are words
  start_java PID_VIGIL $VIGIL_PEER_OPTS -cp "$BENCH" io.vigil.bench.PeerServer vigil "$P_VIGIL"
  # shellcheck disable=SC2086
  start_java PID_HUNG $VIGIL_PEER_OPTS -cp "$BENCH" io.vigil.bench.PeerServer vigil-hung "$P_HUNG"
  start_java PID_DW -cp "$BENCH" io.vigil.bench.PeerServer dropwizard "$P_DW"
  wait_http "http://127.0.0.1:$P_VIGIL/health/live"
  wait_http "http://127.0.0.1:$P_HUNG/health/live"
  wait_http "http://127.0.0.1:$P_DW/health"
  sleep 3 # every check has run; the hung one has timed out (2 s)
  curl -s "http://127.0.0.1:$P_VIGIL/health" >"$WORK/www/health"
  echo "  body: Vigil $(wc -c <"$WORK/www/health") B (nginx serves the same file)," \
    "Dropwizard $(curl -s "http://127.0.0.1:$P_DW/health" | wc -c) B"
  for url in "$P_VIGIL/health" "$P_HUNG/health" "$P_DW/health" "$P_NGINX/health"; do
    wrk -t2 -c"$CONN" -d5s "http://127.0.0.1:$url" >/dev/null # warm-up (JIT), not recorded
  done
  for ((r = 1; r <= ROUNDS; r++)); do
    echo " round $r"
    run_wrk vigil "http://127.0.0.1:$P_VIGIL/health" "$PID_VIGIL"
    run_wrk dropwizard "http://127.0.0.1:$P_DW/health" "$PID_DW"
    run_wrk nginx "http://127.0.0.1:$P_NGINX/health" "${NGINX_PIDS[@]}"
    run_wrk vigil-hung "http://127.0.0.1:$P_HUNG/health" "$PID_HUNG"
  done
  kill "$PID_VIGIL" "$PID_HUNG" "$PID_DW"
}

engine_field() { # NAME: a number from /diagnostics' engine section
  curl -s "http://127.0.0.1:$P_AGENT/diagnostics" | grep -o "\"$1\": *[0-9]*" | head -n 1 |
    cut -d: -f2 | tr -d ' '
}

failed_runs() { # runs counted in /metrics with another status than ok
  curl -s "http://127.0.0.1:$P_AGENT/metrics" |
    awk '/^vigil_check_runs_total/ && !/status="ok"/ {s += $NF} END {printf "%d", s}'
}

probe_vigil() { # ROUND
  local runs0 runs1 t0 t1 bad0 bad1 cpu0 cpu1 runs per
  runs0=$(engine_field runs) t0=$(engine_field timeouts) bad0=$(failed_runs) cpu0=$(cpu_ms "$PID_AGENT")
  sleep "${DURATION%s}"
  runs1=$(engine_field runs) t1=$(engine_field timeouts) bad1=$(failed_runs) cpu1=$(cpu_ms "$PID_AGENT")
  runs=$((runs1 - runs0))
  per=$(awk -v c=$((cpu1 - cpu0)) -v n="$runs" 'BEGIN {printf "%.3f", c / n}')
  echo "vigil-probe $per $runs $((t1 - t0)) $((bad1 - bad0))" >>"$WORK/results"
  printf '  round %d vigil     %7d probes  %s cpu-s/1000  timeouts %d  not ok %d\n' "$1" "$runs" \
    "$per" $((t1 - t0)) $((bad1 - bad0))
}

probe_blackbox() { # ROUND
  local url="http://127.0.0.1:$P_BB/probe?target=http://127.0.0.1:$P_NGINX/ok&module=http_2xx"
  local cpu0 cpu1 out n per
  cpu0=$(cpu_ms "$PID_BB")
  out=$(wrk -t1 -c4 -d"$DURATION" "$url")
  cpu1=$(cpu_ms "$PID_BB")
  n=$(awk '/requests in/ {print $1}' <<<"$out")
  per=$(awk -v c=$((cpu1 - cpu0)) -v n="$n" 'BEGIN {printf "%.3f", c / n}')
  echo "blackbox-probe $per $n" >>"$WORK/results"
  printf '  round %d blackbox  %7d probes  %s cpu-s/1000\n' "$1" "$n" "$per"
}

probes() {
  echo "== HTTP probes: agent ($PROBES http checks every 1s) vs blackbox_exporter, against nginx"
  {
    echo "server: { host: 127.0.0.1, port: $P_AGENT }"
    echo "checks:"
    for ((i = 0; i < PROBES; i++)); do
      echo "  - { name: probe-$i, type: http, url: 'http://127.0.0.1:$P_NGINX/ok', interval: 1s, timeout: 2s }"
    done
  } >"$WORK/probes.yaml"
  echo 'modules: { http_2xx: { prober: http, timeout: 2s, http: { method: GET } } }' >"$WORK/blackbox.yml"
  start_java PID_AGENT -jar "$AGENT" run --config "$WORK/probes.yaml"
  prometheus-blackbox-exporter --config.file="$WORK/blackbox.yml" \
    --web.listen-address="127.0.0.1:$P_BB" >"$WORK/blackbox.log" 2>&1 &
  PID_BB=$!
  PIDS+=("$PID_BB")
  wait_http "http://127.0.0.1:$P_AGENT/health/live"
  wait_http "http://127.0.0.1:$P_BB/metrics"
  wrk -t1 -c4 -d5s "http://127.0.0.1:$P_BB/probe?target=http://127.0.0.1:$P_NGINX/ok&module=http_2xx" >/dev/null
  curl -s "http://127.0.0.1:$P_BB/probe?target=http://127.0.0.1:$P_NGINX/ok&module=http_2xx" |
    grep -q '^probe_success 1' || { echo "blackbox_exporter's probe fails" >&2; exit 1; }
  sleep 5 # warm-up of the agent
  for ((r = 1; r <= ROUNDS; r++)); do
    probe_vigil "$r"
    probe_blackbox "$r"
  done
  curl -s "http://127.0.0.1:$P_AGENT/health/checks" | grep -o '"message":"[^"]*"' |
    sed 's/[0-9][0-9]* ms/N ms/' | sort | uniq -c | sort -rn | head -n 5 | sed 's/^/  last results: /'
  kill "$PID_AGENT" "$PID_BB"
  wait "$PID_AGENT" "$PID_BB" 2>/dev/null || true # the start-up runs take the agent's port next
}

lag_buckets() { # the scheduler lag histogram's cumulative buckets: "le count" lines
  curl -s "http://127.0.0.1:$P_AGENT/metrics" |
    sed -n 's/^vigil_scheduler_lag_seconds_bucket{le="\([^"]*\)"} \([0-9.e+E]*\)$/\1 \2/p'
}

lag_window_p99() { # BEFORE AFTER: p99 in ms of the runs between two lag_buckets, interpolated
  # linearly inside its bucket as Prometheus' histogram_quantile does
  join <(sort "$1") <(sort "$2") | sort -g | awk '
    { le[NR] = $1; n[NR] = $3 - $2 }
    END {
      total = n[NR]; want = 0.99 * total; lo = 0; below = 0
      for (i = 1; i <= NR; i++) {
        if (n[i] >= want) {
          if (le[i] == "+Inf") { printf ">%d", lo * 1000; exit }
          printf "%.1f", 1000 * (lo + (le[i] - lo) * (want - below) / (n[i] - below)); exit
        }
        lo = le[i]; below = n[i]
      }
    }'
}

gc_pauses() { # unified GC log lines on stdin: "N pauses, total T ms, worst W ms"
  awk '/Pause/ { ms = $NF; sub(/ms$/, "", ms); n++; t += ms; if (ms > w) w = ms }
    END { printf "%d pauses, total %.0f ms, worst %.1f ms", n, t, w }'
}

# The scale run: SCALE_CHECKS http checks every 10 s against nginx for SCALE_MINUTES, the agent
# started with ./vigil run's JVM flags. Samples /diagnostics' latency every 10 s; at the end: CPU
# of the agent over the run after its first minute, scheduler lag p50/p99, live heap (after a full
# GC), RSS, threads, runs not OK, and /metrics' run count against the engine's own.
scale() {
  echo "== scale: $SCALE_CHECKS http checks every 10 s against nginx, $SCALE_MINUTES min"
  {
    echo "server: { host: 127.0.0.1, port: $P_AGENT }"
    echo "store: { enabled: false }"
    echo "checks:"
    for ((i = 0; i < SCALE_CHECKS; i++)); do
      echo "  - { name: t-$i, type: http, url: 'http://127.0.0.1:$P_NGINX/ok', interval: 10s, timeout: 5s }"
    done
  } >"$WORK/scale.yaml"
  # shellcheck disable=SC2086 # the flags are words
  (cd "$WORK" && exec "$JAVA" $SCALE_JAVA_OPTS -Xlog:gc:file="$WORK/scale-gc.log" \
    --enable-native-access=ALL-UNNAMED -jar "$AGENT" run --config "$WORK/scale.yaml" \
    --max-config-size 16777216 >"$WORK/scale.log" 2>&1) &
  PID_SCALE=$!
  PIDS+=("$PID_SCALE")
  wait_http "http://127.0.0.1:$P_AGENT/health/live" 120
  sleep 60 # every check has run a few times
  local cpu0 t0 cpu1 t1 slow=0 polls=0 worst=0 ms i end
  local scrape
  scrape=$(curl -s -o /dev/null -w '%{time_total}' "http://127.0.0.1:$P_AGENT/metrics")
  echo "  /metrics scrape: $scrape s"
  echo "  first /diagnostics (cold code, not counted): $(curl -s -o /dev/null -w '%{time_total}' \
    "http://127.0.0.1:$P_AGENT/diagnostics") s"
  lag_buckets >"$WORK/lag0" # before the CPU window: a scrape of 10,000 checks' rows is not free
  gc0=$(wc -l <"$WORK/scale-gc.log")
  cpu0=$(cpu_ms "$PID_SCALE") t0=$(date +%s%N)
  end=$(($(date +%s) + SCALE_MINUTES * 60 - 60))
  while [ "$(date +%s)" -lt "$end" ]; do
    ms=$(curl -s -o /dev/null -w '%{time_total}' "http://127.0.0.1:$P_AGENT/diagnostics" |
      awk '{printf "%d", $1 * 1000}')
    polls=$((polls + 1))
    [ "$ms" -gt 50 ] && slow=$((slow + 1)) && echo "  /diagnostics poll $polls: $ms ms"
    [ "$ms" -gt "$worst" ] && worst=$ms
    sleep 10
  done
  cpu1=$(cpu_ms "$PID_SCALE") t1=$(date +%s%N)
  local window gc
  gc=$(tail -n +"$((gc0 + 1))" "$WORK/scale-gc.log" | gc_pauses)
  lag_buckets >"$WORK/lag1"
  window=$(lag_window_p99 "$WORK/lag0" "$WORK/lag1")
  local before metrics after bad p50 p99 live rss threads
  before=$(engine_field runs)
  metrics=$(curl -s "http://127.0.0.1:$P_AGENT/metrics" |
    awk '/^vigil_check_runs_total/ {s += $NF} END {printf "%d", s}')
  after=$(engine_field runs)
  bad=$(failed_runs)
  p50=$(curl -s "http://127.0.0.1:$P_AGENT/diagnostics" | grep -o '"scheduler_lag_p50_ms": *[0-9.]*' | cut -d: -f2)
  p99=$(curl -s "http://127.0.0.1:$P_AGENT/diagnostics" | grep -o '"scheduler_lag_p99_ms": *[0-9.]*' | cut -d: -f2)
  "$JAVA_HOME/bin/jcmd" "$PID_SCALE" GC.run >/dev/null
  live=$(curl -s "http://127.0.0.1:$P_AGENT/diagnostics" | grep -o '"heap_used_bytes": *[0-9]*' |
    cut -d: -f2 | awk '{printf "%d", $1 / 1048576}')
  rss=$(awk '/VmRSS/ {printf "%d", $2 / 1024}' "/proc/$PID_SCALE/status")
  threads=$(awk '/Threads/ {print $2}' "/proc/$PID_SCALE/status")
  local core
  core=$(awk -v c=$((cpu1 - cpu0)) -v t=$(((t1 - t0) / 1000000)) 'BEGIN {printf "%.1f", 100 * c / t}')
  echo "scale $core $p50 $p99 $live $rss $threads $bad $before $metrics $after $slow $polls $worst $window" >>"$WORK/results"
  printf '  cpu %s %% of a core, lag p50 %s ms p99 %s ms, live heap %s MiB, RSS %s MiB, %s threads\n' \
    "$core" "$p50" "$p99" "$live" "$rss" "$threads"
  printf '  runs not ok %s; engine runs %s..%s, /metrics %s; /diagnostics over 50 ms: %s of %s (worst %s ms)\n' \
    "$bad" "$before" "$after" "$metrics" "$slow" "$polls" "$worst"
  printf '  lag p99 over the measured window %s ms; GC in it: %s\n' "$window" "$gc"
  kill "$PID_SCALE"
  mkdir -p "$ROOT/vigil-bench/target" && cp "$WORK/scale-gc.log" "$ROOT/vigil-bench/target/scale-gc.log"
}

# 3 agents sharing $FLEET_CHECKS http checks (every 10 s) on the local PostgreSQL (a schema of their
# own, dropped after): each agent's CPU, PostgreSQL's transactions and rows written per second and
# the CPU of its processes, the split of the checks and the fleet-wide view's freshness.
fleet() {
  echo "== fleet: 3 agents, $FLEET_CHECKS http checks every 10 s, PostgreSQL $FLEET_PSQL, $FLEET_MINUTES min"
  export PGOPTIONS="-c client_min_messages=warning" # no NOTICE per dropped table
  local schema="vigil_bench_fleet_$$" i port pids=() cpu0 cpu1 pg0 pg1 t0 t1 db0 db1 pgpids
  psql "$FLEET_PSQL" -qc "CREATE SCHEMA $schema"
  FLEET_SCHEMA=$schema
  {
    echo "store: { url: 'jdbc:postgresql://127.0.0.1:5432/${FLEET_PSQL##*/}?currentSchema=$schema', user: postgres }"
    echo "fleet: { name: bench }"
    echo "checks:"
    for ((i = 0; i < FLEET_CHECKS; i++)); do
      echo "  - { name: f-$i, type: http, url: 'http://127.0.0.1:$P_NGINX/ok', interval: 10s, timeout: 5s }"
    done
  } >"$WORK/fleet.yaml"
  for i in 1 2 3; do
    port=$((BASE_PORT + 20 + i))
    (cd "$WORK" && VIGIL_NODE_ID=agent-$i exec "$JAVA" -XX:+UseSerialGC -Xms8m \
      -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30 --enable-native-access=ALL-UNNAMED \
      -jar "$AGENT" run --port "$port" --config "$WORK/fleet.yaml" --max-config-size 16777216 \
      >"$WORK/fleet-$i.log" 2>&1) &
    pids+=($!)
    PIDS+=($!)
    wait_http "http://127.0.0.1:$port/health/live" 120
  done
  sleep 60 # shares settled, every check has run a few times
  pgpids=$(pgrep -d ' ' -x postgres || pgrep -d ' ' postgres)
  pg_counts() {
    psql "$FLEET_PSQL" -Atc "SELECT sum(xact_commit + xact_rollback), sum(tup_inserted + tup_updated + tup_deleted) FROM pg_stat_database"
  }
  cpu0=$(cpu_ms "${pids[@]}") pg0=$(cpu_ms $pgpids) db0=$(pg_counts) t0=$(date +%s%N)
  sleep $((FLEET_MINUTES * 60))
  cpu1=$(cpu_ms "${pids[@]}") pg1=$(cpu_ms $pgpids) db1=$(pg_counts) t1=$(date +%s%N)
  local ms=$(((t1 - t0) / 1000000)) health
  health=$(curl -s "http://127.0.0.1:$((BASE_PORT + 21))/api/fleet/health")
  awk -v c=$((cpu1 - cpu0)) -v p=$((pg1 - pg0)) -v ms="$ms" -v d0="$db0" -v d1="$db1" 'BEGIN {
    split(d0, a, "|"); split(d1, b, "|")
    printf "  agents: %.1f %% of a core together (%.1f %% each on average)\n", 100 * c / ms, 100 * c / ms / 3
    printf "  PostgreSQL: %.0f transactions/s, %.0f rows written/s, its processes %.1f %% of a core\n",
      (b[1] - a[1]) * 1000 / ms, (b[2] - a[2]) * 1000 / ms, 100 * p / ms }'
  printf '  checks per agent: %s\n' "$(grep -o '"owner":"agent-[0-9]"' <<<"$health" | sort | uniq -c | tr '\n' ' ')"
  printf '  fleet-wide view: %s\n' "$(grep -o '"counts":{[^}]*}' <<<"$health")"
  kill "${pids[@]}"
  wait "${pids[@]}" 2>/dev/null || true
  psql "$FLEET_PSQL" -qc "DROP SCHEMA $schema CASCADE"
  FLEET_SCHEMA=""
}

# JVM flag sets for the agent's start-up and idle RSS (./vigil run uses cds-serial-lean).
CDS_FLAGS="-XX:+AutoCreateSharedArchive -XX:SharedArchiveFile=WORK/agent-NAME.jsa -Xshare:auto -Xlog:cds=off -Xlog:cds+dynamic=off"
LEAN_FLAGS="-Xms8m -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30"
FLAG_SETS=(
  "plain|"
  "cds|$CDS_FLAGS"
  "cds-g1-lean|$CDS_FLAGS $LEAN_FLAGS -XX:G1PeriodicGCInterval=15000"
  "cds-serial|$CDS_FLAGS -XX:+UseSerialGC"
  "cds-serial-lean|$CDS_FLAGS -XX:+UseSerialGC $LEAN_FLAGS"
  "cds-serial-lean-c1|$CDS_FLAGS -XX:+UseSerialGC $LEAN_FLAGS -XX:TieredStopAtLevel=1"
)
# JDK 25+: the ahead-of-time cache ./vigil run trains at build (JEP 514/515); "launcher" is what
# ./vigil run does now: no method profiles in the cache, the native libraries unpacked once
# (io.vigil.agent.NativeLibraries), native memory trimmed every 5 s
if [ "$("$JAVA" -XX:+PrintFlagsFinal -version 2>/dev/null | grep -c 'AOTCacheOutput')" -gt 0 ]; then
  "$JAVA" -cp "$AGENT" io.vigil.agent.NativeLibraries "$WORK/native" >/dev/null
  AOT_FLAGS="-XX:AOTCacheOutput=WORK/agent-NAME.aot -Xlog:aot=off -Xlog:cds=off"
  FLAG_SETS+=("aot-serial-lean|$AOT_FLAGS -XX:+UseSerialGC $LEAN_FLAGS")
  FLAG_SETS+=("launcher|$AOT_FLAGS -XX:+UnlockDiagnosticVMOptions -XX:-AOTRecordTraining @WORK/native/java.options -XX:+UseSerialGC $LEAN_FLAGS -XX:TrimNativeHeapInterval=1000")
fi

start_once() { # NAME FLAGS: start the agent (default configuration), time to first 200, RSS 10 s later
  local name=$1 flags=${2//WORK/$WORK} t0 ms i rss cache
  flags=${flags//NAME/$name}
  if [[ $flags == *AOTCacheOutput=* ]]; then # trained on the first start, used by the others
    cache=${flags#*AOTCacheOutput=}
    [ -f "${cache%% *}" ] && flags=${flags/AOTCacheOutput=/AOTCache=}
  fi
  t0=$(date +%s%N)
  # shellcheck disable=SC2086 # flags are words
  start_java PID_START $flags --enable-native-access=ALL-UNNAMED -jar "$AGENT" run --port "$P_AGENT"
  for ((i = 0; i < 3000; i++)); do
    http_status "$P_AGENT" /health && [ "$STATUS" = 200 ] && break
    pause 0.01
  done
  ms=$((($(date +%s%N) - t0) / 1000000))
  sleep 10
  rss=$(awk '/VmRSS/ {printf "%d", $2 / 1024}' "/proc/$PID_START/status")
  kill "$PID_START"
  wait "$PID_START" 2>/dev/null || true
  echo "startup-$name $ms $rss" >>"$WORK/results"
  printf '  %-14s first 200 after %5d ms, RSS %4d MiB 10 s later\n' "$name" "$ms" "$rss"
}

startup() {
  echo "== start-up: agent, default configuration, per JVM flag set"
  local r set
  for set in "${FLAG_SETS[@]}"; do # creates each set's class-data-sharing archive; not recorded
    start_once "${set%%|*}" "${set#*|}" >/dev/null
  done
  sed -i '/^startup-/d' "$WORK/results"
  for ((r = 1; r <= ROUNDS; r++)); do
    echo " round $r"
    for set in "${FLAG_SETS[@]}"; do
      start_once "${set%%|*}" "${set#*|}"
    done
  done
}

boot_classpath() {
  (cd "$ROOT" && mvn -B -q ${MVN_ARGS:-} -DskipTests -pl vigil-bench-boot -am compile \
    dependency:build-classpath -Dmdep.outputFile="$WORK/boot.cp" >/dev/null)
  echo "$ROOT/vigil-bench-boot/target/classes:$(cat "$WORK/boot.cp")"
}

# run_wrk_timeouts NAME URL PID: as run_wrk, for a server that may hold requests past wrk's
# timeout: then p99 is the timeout and the timeouts are counted.
run_wrk_timeouts() {
  local name=$1 url=$2 pid=$3 before after out rps p99 reqs timeouts
  before=$(cpu_ms "$pid")
  out=$(wrk -t2 -c"$CONN" -d"$DURATION" --timeout 5s --latency "$url")
  after=$(cpu_ms "$pid")
  rps=$(awk '/^Requests\/sec/ {print $2}' <<<"$out")
  timeouts=$(awk '/Socket errors/ {for (i = 1; i < NF; i++) if ($i == "timeout") print $(i + 1) + 0}' <<<"$out")
  p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
  if [ "${timeouts:-0}" -gt 0 ] || [ -z "$p99" ] || [ "$(awk -v r="$rps" 'BEGIN {print r == 0}')" = 1 ]; then
    p99=5000.00 # at least wrk's timeout
  else
    p99=$(to_ms "$p99")
  fi
  reqs=$(awk '/requests in/ {print $1}' <<<"$out")
  echo "$name $rps $p99 $(awk -v c=$((after - before)) -v r="$reqs" 'BEGIN {printf "%.1f", r ? c * 1000 / r : 0}') ${timeouts:-0}" \
    >>"$WORK/results"
  printf '  %-16s %10s req/s  p99 %8s ms\n' "$name" "$rps" "$p99"
}

actuator() {
  echo "== /actuator/health: Spring Boot Actuator alone vs with the Vigil starter, 10 fast indicators"
  local cp
  cp=$(boot_classpath)
  start_java PID_AF -cp "$cp" io.vigil.bench.boot.BootPeer fast --server.port=$P_BOOT --vigil.enabled=false
  start_java PID_VF -cp "$cp" io.vigil.bench.boot.BootPeer fast --server.port=$((P_BOOT + 1))
  start_java PID_AH -cp "$cp" io.vigil.bench.boot.BootPeer hung --server.port=$((P_BOOT + 2)) --vigil.enabled=false
  start_java PID_VH -cp "$cp" io.vigil.bench.boot.BootPeer hung --server.port=$((P_BOOT + 3))
  for p in 0 1 2 3; do wait_http "http://127.0.0.1:$((P_BOOT + p))/actuator/health/liveness" 120; done
  sleep 5 # Vigil: every indicator has run, the hung one has timed out (2 s)
  curl -s -m 10 "http://127.0.0.1:$((P_BOOT + 3))/actuator/health" | grep -q 'timed out after 2s' ||
    { echo "the hung indicator is not reported timed out" >&2; exit 1; }
  echo "  body: Actuator $(curl -s "http://127.0.0.1:$P_BOOT/actuator/health" | wc -c) B," \
    "with Vigil $(curl -s "http://127.0.0.1:$((P_BOOT + 1))/actuator/health" | wc -c) B (fast workload)"
  for p in 0 1 3; do # warm-up (JIT), not recorded; Actuator with the hung one cannot warm up
    wrk -t2 -c"$CONN" -d5s "http://127.0.0.1:$((P_BOOT + p))/actuator/health" >/dev/null
  done
  for ((r = 1; r <= ROUNDS; r++)); do
    echo " round $r"
    run_wrk_timeouts actuator-fast "http://127.0.0.1:$P_BOOT/actuator/health" "$PID_AF"
    run_wrk_timeouts starter-fast "http://127.0.0.1:$((P_BOOT + 1))/actuator/health" "$PID_VF"
    run_wrk_timeouts actuator-hung "http://127.0.0.1:$((P_BOOT + 2))/actuator/health" "$PID_AH"
    run_wrk_timeouts starter-hung "http://127.0.0.1:$((P_BOOT + 3))/actuator/health" "$PID_VH"
  done
  kill "$PID_AF" "$PID_VF" "$PID_AH" "$PID_VH"
}

summary() {
  echo
  echo "== summary: medians of $ROUNDS interleaved rounds, wrk -t2 -c$CONN -d$DURATION, $(nproc) cores," \
    "$("$JAVA" -version 2>&1 | head -n 1)"
  if grep -q '^vigil ' "$WORK/results"; then
    printf '%-12s %12s %10s %14s\n' system 'req/s' 'p99 ms' 'cpu us/req'
    for s in vigil dropwizard nginx vigil-hung; do
      printf '%-12s %12s %10s %14s\n' "$s" "$(median $s 2)" "$(median $s 3)" "$(median $s 4)"
    done
    echo "vigil/dropwizard req/s:       $(ratio "$(median vigil 2)" "$(median dropwizard 2)")  (goal >= 1.25)"
    echo "vigil/nginx req/s:            $(ratio "$(median vigil 2)" "$(median nginx 2)")  (goal >= 0.75)"
    echo "vigil/dropwizard cpu/request: $(ratio "$(median vigil 4)" "$(median dropwizard 4)")  (goal <= 1)"
    echo "vigil with a hung check, p99: $(median vigil-hung 3) ms  (goal <= 5)"
  fi
  if grep -q '^vigil-probe ' "$WORK/results"; then
    echo "probe cpu-s per 1,000: vigil $(median vigil-probe 2), blackbox_exporter" \
      "$(median blackbox-probe 2), ratio $(ratio "$(median vigil-probe 2)" "$(median blackbox-probe 2)")  (goal <= 0.5)"
    echo "vigil probes timed out / not ok, all rounds:" \
      "$(awk '$1 == "vigil-probe" {t += $4; b += $5} END {print t + 0 " / " b + 0}' "$WORK/results")"
  fi
  if grep -q '^actuator-fast ' "$WORK/results"; then
    printf '%-16s %12s %10s\n' '/actuator/health' 'req/s' 'p99 ms'
    for s in actuator-fast starter-fast actuator-hung starter-hung; do
      printf '%-16s %12s %10s\n' "$s" "$(median $s 2)" "$(median $s 3)"
    done
    echo "vigil/actuator req/s, fast indicators: $(ratio "$(median starter-fast 2)" "$(median actuator-fast 2)")"
    echo "vigil/actuator p99, fast indicators:   $(ratio "$(median starter-fast 3)" "$(median actuator-fast 3)")"
    echo "vigil with a hung indicator: $(median starter-hung 2) req/s, p99 $(median starter-hung 3) ms;" \
      "Actuator: $(median actuator-hung 2) req/s, every request held past wrk's 5 s timeout"
  fi
  if grep -q '^scale ' "$WORK/results"; then
    awk '$1 == "scale" {
      printf "scale, %s checks: cpu %s%% of a core (goal <= 50), lag p99 %s ms in the window (%s since start; goal <= 50),", '"$SCALE_CHECKS"', $2, $15, $4
      printf " live heap %s MiB (goal <= 256), runs not ok %s (goal 0),", $5, $8
      printf " /metrics runs %s within engine %s..%s: %s\n", $10, $9, $11, ($10 >= $9 && $10 <= $11) ? "yes" : "NO" }' "$WORK/results"
  fi
  if grep -q '^startup-' "$WORK/results"; then
    for set in "${FLAG_SETS[@]}"; do
      echo "start-up ${set%%|*}: first 200 $(median "startup-${set%%|*}" 2) ms (goal <= 1000)," \
        "RSS $(median "startup-${set%%|*}" 3) MiB (goal <= 96)"
    done
  fi
}

: >"$WORK/results"
start_nginx
for section in ${SECTIONS:-health probes startup actuator scale}; do "$section"; done
summary
