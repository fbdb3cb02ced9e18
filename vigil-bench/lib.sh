# Shared by compare.sh and startup-ab.sh (sourced, not run).

# http_status PORT PATH: sets STATUS to the HTTP status of GET http://127.0.0.1:PORT/PATH, or 000
# when nothing answers. Bash's /dev/tcp and builtins only: a start-up poll every few milliseconds
# forks no process, where a curl per poll took a large share of this 2-core machine from the JVM
# being measured (about 300 ms of a 1.5 s start when polling every 5 ms).
http_status() {
  local fd line
  STATUS=000
  { exec {fd}<>"/dev/tcp/127.0.0.1/$1"; } 2>/dev/null || return 0
  printf 'GET %s HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' "$2" >&"$fd"
  read -r -t 5 -u "$fd" line || line=
  exec {fd}>&-
  line=${line%$'\r'}
  line=${line#* }
  STATUS=${line%% *}
  [ -n "$STATUS" ] || STATUS=000
}

# pause SECONDS: sleeps without forking (read's timeout on a pipe nobody writes to).
pause() {
  [ -n "${PAUSE_FD:-}" ] || exec {PAUSE_FD}<> <(:)
  read -r -t "$1" -u "$PAUSE_FD" _ || true
}
