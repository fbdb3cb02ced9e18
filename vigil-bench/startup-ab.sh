#!/usr/bin/env bash
# Start-up of two (or more) builds of the agent side by side: each round starts every build once,
# in turn, with the launcher's flags and no configuration, in a fresh directory (a fresh SQLite
# store); prints the time from exec to the first 200 from /health and the RSS 8 s later, then the
# medians. Interleaving keeps a noisy machine's drift out of the comparison.
#
#   vigil-bench/startup-ab.sh 7 before=/tmp/old/vigil-agent/target after=vigil-agent/target
#
# Each DIR holds vigil.jar and the vigil.aot trained for it at that path (./vigil build makes both,
# and native/java.options when the build has it). The JVM flags are ./vigil run's; OPTS_<LABEL>
# adds flags for one build (e.g. OPTS_before= to drop the after-build's native memory trim with
# OPTS_after=-XX:TrimNativeHeapInterval=5000). Needs JAVA_HOME (JDK 25+ for the AOT cache).
set -euo pipefail

ROUNDS=${1:?usage: startup-ab.sh ROUNDS LABEL=DIR...}
shift
JAVA="${JAVA_HOME:?set JAVA_HOME}/bin/java"
PORT=${PORT:-18190}
declare -A MS RSS

start_once() { # DIR EXTRA_OPTS: prints "ms rss"
  local dir=$1 work t0 pid ms rss opts=() extra=()
  read -r -a extra <<<"$2"
  work=$(mktemp -d)
  [ -f "$dir/vigil.aot" ] && opts+=("-XX:AOTCache=$dir/vigil.aot" -Xlog:aot=off -Xlog:cds=off)
  [ -f "$dir/native/java.options" ] && opts+=("@$dir/native/java.options")
  t0=$(date +%s%N)
  (cd "$work" && exec "$JAVA" "${opts[@]}" --enable-native-access=ALL-UNNAMED -XX:+UseSerialGC \
    -Xms8m -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30 "${extra[@]}" -jar "$dir/vigil.jar" run \
    --port "$PORT" >"$work/log" 2>&1) &
  pid=$!
  until [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/health")" = 200 ]; do
    kill -0 "$pid" 2>/dev/null || { cat "$work/log" >&2; exit 1; }
    sleep 0.005
  done
  ms=$((($(date +%s%N) - t0) / 1000000))
  sleep 8
  rss=$(awk '/VmRSS/ {printf "%d", $2 / 1024}' "/proc/$pid/status")
  kill "$pid"
  wait "$pid" 2>/dev/null || true
  rm -rf "$work"
  echo "$ms $rss"
}

median() { tr ' ' '\n' | grep . | sort -n | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'; }

for ((r = 1; r <= ROUNDS; r++)); do
  for build in "$@"; do
    opts_var="OPTS_${build%%=*}"
    read -r ms rss < <(start_once "$(cd "${build#*=}" && pwd)" "${!opts_var:-}")
    MS[${build%%=*}]+="$ms "
    RSS[${build%%=*}]+="$rss "
    printf 'round %d %-10s first 200 after %5d ms, RSS %4d MiB\n' "$r" "${build%%=*}" "$ms" "$rss"
  done
done
for build in "$@"; do
  label=${build%%=*}
  printf '%-10s median first 200 %5d ms, RSS %4d MiB\n' "$label" \
    "$(median <<<"${MS[$label]}")" "$(median <<<"${RSS[$label]}")"
done
