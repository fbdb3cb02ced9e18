#!/bin/sh
# The fleet demo on this machine: a target web server (Python, 127.0.0.1:9200) and three agents
# (127.0.0.1:8081-8083) sharing examples/fleet/fleet.yaml on the local PostgreSQL, in a schema of
# their own (vigil_fleet_example). Stop everything with: examples/fleet/run.sh stop
set -eu
cd "$(dirname "$0")/../.."
STATE=${VIGIL_FLEET_DEMO_DIR:-vigil-fleet-demo}
PGURL=${VIGIL_FLEET_DEMO_PG:-postgresql://postgres@127.0.0.1:5432/test}

if [ "${1:-}" = stop ]; then
  for pid in "$STATE"/*.pid; do
    [ -f "$pid" ] && kill "$(cat "$pid")" 2>/dev/null || true
    rm -f "$pid"
  done
  exit 0
fi

mkdir -p "$STATE"
psql "$PGURL" -q -c 'CREATE SCHEMA IF NOT EXISTS vigil_fleet_example'
./vigil build
python3 -m http.server 9200 --bind 127.0.0.1 --directory examples >"$STATE/target.log" 2>&1 &
echo $! >"$STATE/target.pid"
for i in 1 2 3; do
  VIGIL_NODE_ID=agent-$i VIGIL_SERVER_PORT=808$i \
    ./vigil run --config examples/fleet/fleet.yaml >"$STATE/agent-$i.log" 2>&1 &
  echo $! >"$STATE/agent-$i.pid"
  # one at a time: the first start of ./vigil run also makes the start-up cache
  until curl -fs "http://127.0.0.1:808$i/health/live" >/dev/null 2>&1; do sleep 0.2; done
done
echo "fleet demo: agents on http://127.0.0.1:8081 8082 8083, logs in $STATE/"
echo "  curl -s localhost:8081/api/fleet/agents?pretty"
echo "  curl -s localhost:8082/api/fleet/health | head -c 600"
echo "  kill -9 \$(cat $STATE/agent-2.pid)   # its checks run on the others within 13 s"
