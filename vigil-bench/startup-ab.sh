#!/usr/bin/env bash
# Start-up of two (or more) builds of the agent side by side: each round starts every build once,
# in turn, with the launcher's flags and no configuration, in a fresh directory (a fresh SQLite
# store); prints the time from exec to the first 200 from /health (and the CPU time the JVM used by
# then) and the RSS 8 s later, then the medians. Interleaving keeps a noisy machine's drift out of
# the comparison.
#
#   vigil-bench/startup-ab.sh 7 before=/tmp/old/vigil-agent/target after=vigil-agent/target
#
# Each DIR holds vigil.jar and the vigil.aot trained for it at that path (./vigil build makes both,
# and native/java.options when the build has it). The JVM flags are ./vigil run's except its native
# memory trim; OPTS_<LABEL> adds flags for one build (each launcher's own trim interval, e.g.
# OPTS_before=-XX:TrimNativeHeapInterval=5000 OPTS_after=-XX:TrimNativeHeapInterval=1000) and
# ENV_<LABEL> environment variables for it (ENV_after=MALLOC_ARENA_MAX=2). RESTART=1 measures
# restarts instead: each build keeps one directory, whose store an unmeasured first start creates.
# RSS_AFTER=30 reads RSS 30 s after the first 200 instead of 8. Needs JAVA_HOME (JDK 25+ for the
# AOT cache).
set -euo pipefail
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

ROUNDS=${1:?usage: startup-ab.sh ROUNDS LABEL=DIR...}
shift
JAVA="${JAVA_HOME:?set JAVA_HOME}/bin/java"
PORT=${PORT:-18190}
RESTART=${RESTART:-0}
RSS_AFTER=${RSS_AFTER:-8}
declare -A MS RSS CPU WORK
trap 'for w in "${WORK[@]}"; do rm -rf "$w"; done' EXIT

start_once() { # DIR EXTRA_OPTS WORK_DIR ENV: prints "ms rss cpu"
  local dir=$1 work=$3 t0 pid ms rss cpu opts=() extra=() vars=()
  read -r -a extra <<<"$2"
  read -r -a vars <<<"$4"
  [ -f "$dir/vigil.aot" ] && opts+=("-XX:AOTCache=$dir/vigil.aot" -Xlog:aot=off -Xlog:cds=off)
  [ -f "$dir/native/java.options" ] && opts+=("@$dir/native/java.options")
  t0=$(date +%s%N)
  (cd "$work" && exec env "${vars[@]}" "$JAVA" "${opts[@]}" --enable-native-access=ALL-UNNAMED -XX:+UseSerialGC \
    -Xms8m -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30 "${extra[@]}" -jar "$dir/vigil.jar" run \
    --port "$PORT" >"$work/log" 2>&1) &
  pid=$!
  until http_status "$PORT" /health && [ "$STATUS" = 200 ]; do
    kill -0 "$pid" 2>/dev/null || { cat "$work/log" >&2; exit 1; }
    pause 0.005
  done
  ms=$((($(date +%s%N) - t0) / 1000000))
  cpu=$(awk -v hz="$(getconf CLK_TCK)" '{printf "%d", ($14 + $15) * 1000 / hz}' "/proc/$pid/stat")
  sleep "$RSS_AFTER"
  rss=$(awk '/VmRSS/ {printf "%d", $2 / 1024}' "/proc/$pid/status")
  kill "$pid"
  wait "$pid" 2>/dev/null || true
  echo "$ms $rss $cpu"
}

for build in "$@"; do
  WORK[${build%%=*}]=$(mktemp -d)
  if [ "$RESTART" = 1 ]; then
    opts_var="OPTS_${build%%=*}"
    env_var="ENV_${build%%=*}"
    start_once "$(cd "${build#*=}" && pwd)" "${!opts_var:-}" "${WORK[${build%%=*}]}" \
      "${!env_var:-}" >/dev/null
  fi
done

median() { tr ' ' '\n' | grep . | sort -n | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'; }

for ((r = 1; r <= ROUNDS; r++)); do
  for build in "$@"; do
    opts_var="OPTS_${build%%=*}"
    env_var="ENV_${build%%=*}"
    work=${WORK[${build%%=*}]}
    [ "$RESTART" = 1 ] || rm -rf "${work:?}"/*
    read -r ms rss cpu < <(start_once "$(cd "${build#*=}" && pwd)" "${!opts_var:-}" "$work" \
      "${!env_var:-}")
    MS[${build%%=*}]+="$ms "
    RSS[${build%%=*}]+="$rss "
    CPU[${build%%=*}]+="$cpu "
    printf 'round %d %-10s first 200 after %5d ms (CPU %5d ms), RSS %4d MiB\n' "$r" "${build%%=*}" \
      "$ms" "$cpu" "$rss"
  done
done
for build in "$@"; do
  label=${build%%=*}
  printf '%-10s median first 200 %5d ms (CPU %5d ms), RSS %4d MiB\n' "$label" \
    "$(median <<<"${MS[$label]}")" "$(median <<<"${CPU[$label]}")" "$(median <<<"${RSS[$label]}")"
done
