#!/usr/bin/env bash
# Stops what rgw-up.sh started in RGW_DIR — a start still under way first,
# then the daemons and the watchdog — by the pid files under run/ (never by
# name: other clusters may run on this machine). Waits up to 10 s for them to
# exit, then kills what is left. Leaves the folder (logs) to the caller.
set -uo pipefail
dir=${RGW_DIR:?RGW_DIR must name the run folder}
[ -d "$dir" ] || exit 0
dir=$(cd "$dir" && pwd)

# A pid file may be stale and its number reused by another program: a process is
# ours only if its command line names our config, or (the start script) if it is
# rgw-up.sh started for this folder.
ours() {
  local pid=$1 cmdline
  [[ "$pid" =~ ^[0-9]+$ ]] && [ "$pid" != "$$" ] && [ "$pid" != "$PPID" ] || return 1
  [ -r "/proc/$pid/cmdline" ] || return 1
  cmdline=$( { tr '\0' ' ' <"/proc/$pid/cmdline"; } 2>/dev/null) || return 1
  [[ "$cmdline" == *"$dir/ceph.conf"* ]] && return 0
  [[ "$cmdline" == *rgw-up.sh* ]] && { tr '\0' '\n' <"/proc/$pid/environ"; } 2>/dev/null | grep -qxF "RGW_DIR=$dir"
}

pids=()
stop() {
  local file=$1 pid
  [ -f "$file" ] || return 0
  pid=$(cat "$file")
  if ours "$pid"; then kill "$pid" 2>/dev/null && pids+=("$pid"); fi
}
# The start script first, so it starts nothing more while the daemons are stopped.
stop "$dir/run/rgw-up.pid"
for file in "$dir"/run/*.pid; do
  [ "$file" = "$dir/run/rgw-up.pid" ] || stop "$file"
done

alive=()
for _ in $(seq 50); do
  alive=()
  for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null && alive+=("$pid"); done
  [ ${#alive[@]} -eq 0 ] && exit 0
  sleep 0.2
done
kill -9 "${alive[@]}" 2>/dev/null
exit 0
