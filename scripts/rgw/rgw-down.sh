#!/usr/bin/env bash
# Stops the daemons rgw-up.sh started in RGW_DIR, by the pid files they wrote
# (never by name: other clusters may run on this machine). Waits up to 10 s for
# them to exit, then kills what is left. Leaves the folder (logs) to the caller.
set -uo pipefail
dir=${RGW_DIR:?RGW_DIR must name the run folder}
pids=()
for file in "$dir"/run/*.pid; do
  [ -f "$file" ] || continue
  pid=$(cat "$file")
  # A stale pid may belong to another program by now: stop it only if it runs our config.
  if [[ "$pid" =~ ^[0-9]+$ ]] && tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF "$dir/ceph.conf"; then
    kill "$pid" 2>/dev/null && pids+=("$pid")
  fi
done
for _ in $(seq 50); do
  alive=()
  for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null && alive+=("$pid"); done
  [ ${#alive[@]} -eq 0 ] && exit 0
  sleep 0.2
done
kill -9 "${alive[@]}" 2>/dev/null
exit 0
