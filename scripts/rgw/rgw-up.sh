#!/usr/bin/env bash
# Starts a one-node Ceph cluster on loopback — one monitor, one OSD that keeps
# its data in memory, one RADOS Gateway — as a real S3 service for the tests and
# benchmarks (Debian packages: radosgw ceph-mon ceph-osd ceph-common).
#
#   RGW_DIR           run folder (required; must be absent or empty): config, monitor
#                     store, logs, admin sockets and the daemons' pid files (run/*.pid)
#   RGW_PORT          S3 port (default 47480)
#   RGW_MON_PORT      monitor port (default 46789)
#   RGW_ACCESS_KEY    S3 access key (default jcs-test-access)
#   RGW_SECRET_KEY    S3 secret key (default jcs-test-secret-key)
#   RGW_MEMSTORE_MIB  the OSD's in-memory capacity (default 2048)
#   RGW_OWNER_PID     optional: a watchdog stops the cluster once this process is gone,
#                     so a test run that is killed leaves no daemons holding memory
#
# Inside the cluster nothing authenticates (cephx off: only loopback can reach
# it, and it lives for one test run); S3 requests are still signed and checked.
# Prints progress on stderr and, last on stdout: `endpoint http://127.0.0.1:PORT`.
# On failure it stops what it started (rgw-down.sh) and shows the failing log.
set -euo pipefail

dir=${RGW_DIR:?RGW_DIR must name the run folder}
rgw_port=${RGW_PORT:-47480}
mon_port=${RGW_MON_PORT:-46789}
access_key=${RGW_ACCESS_KEY:-jcs-test-access}
secret_key=${RGW_SECRET_KEY:-jcs-test-secret-key}
memstore_mib=${RGW_MEMSTORE_MIB:-2048}
here=$(cd "$(dirname "$0")" && pwd)

for tool in monmaptool ceph-mon ceph-osd ceph radosgw radosgw-admin curl; do
  command -v "$tool" >/dev/null || { echo "rgw-up: '$tool' is not installed (apt-get install radosgw ceph-mon ceph-osd ceph-common curl)" >&2; exit 2; }
done
# Emptying a folder someone named by mistake would be a loss: refuse instead.
if [ -e "$dir" ] && [ -n "$(ls -A "$dir")" ]; then
  echo "rgw-up: $dir is not empty; give a new or empty folder" >&2; exit 2
fi
mkdir -p "$dir"/{mon,osd,rgw,run,log}
dir=$(cd "$dir" && pwd)
echo $$ >"$dir/run/rgw-up.pid"

# The watchdog's command line names the config, so rgw-down.sh stops it with the daemons.
if [ -n "${RGW_OWNER_PID:-}" ]; then
  setsid bash -c 'while kill -0 "$1" 2>/dev/null; do sleep 2; done; RGW_DIR="$2" "$3"' \
    rgw-watchdog "$RGW_OWNER_PID" "$dir" "$here/rgw-down.sh" "$dir/ceph.conf" </dev/null >>"$dir/log/watchdog.log" 2>&1 &
  echo $! >"$dir/run/watchdog.pid"
fi

# Ceph 16 clients with cephx off sometimes send their first monitor command
# before they have learnt the cluster's fsid; the monitor refuses it ('wrong
# fsid') and nothing was done, so such a command is simply sent again.
again() {
  local attempt
  for attempt in 1 2 3 4; do
    "$@" && return 0
    echo "rgw-up: '$*' failed (attempt $attempt); again" >&2
    sleep 1
  done
  "$@"
}

step() { echo "rgw-up: $* ($(( $(date +%s%N) / 1000000 - started_ms )) ms)" >&2; }
failed() {
  local status=$?
  echo "rgw-up: failed (exit $status); the last log lines:" >&2
  tail -n 15 "$dir"/log/*.log >&2 2>/dev/null || true
  RGW_DIR=$dir "$here/rgw-down.sh" >&2 || true
  exit "$status"
}
trap failed ERR
started_ms=$(( $(date +%s%N) / 1000000 ))

fsid=$(cat /proc/sys/kernel/random/uuid)
conf=$dir/ceph.conf
cat >"$conf" <<CONF
[global]
fsid = $fsid
mon_host = v1:127.0.0.1:$mon_port
mon_initial_members = a
ms_bind_msgr2 = false
auth_cluster_required = none
auth_service_required = none
auth_client_required = none
# one OSD: one copy of everything, few placement groups, and no warnings about it
osd_pool_default_size = 1
osd_pool_default_min_size = 1
mon_allow_pool_size_one = true
mon_warn_on_pool_no_redundancy = false
osd_pool_default_pg_num = 8
osd_pool_default_pgp_num = 8
osd_pool_default_pg_autoscale_mode = off
mon_max_pg_per_osd = 1000
osd_crush_chooseleaf_type = 0
# A starting OSD sends its device class and CRUSH place to the monitor itself, and under
# load (Ceph 16) it can send them before it knows the cluster's fsid: refused ('wrong
# fsid'), and the OSD quits. This script places the OSD with the CLI instead.
osd_class_update_on_start = false
osd_crush_update_on_start = false
run_dir = $dir/run
admin_socket = $dir/run/\$name.asok
pid_file = $dir/run/\$name.pid
log_file = $dir/log/\$name.log
osd_objectstore = memstore
memstore_device_bytes = $(( memstore_mib * 1024 * 1024 ))

[mon.a]
mon_data = $dir/mon
public_addr = 127.0.0.1

[osd.0]
osd_data = $dir/osd

[client.rgw.a]
rgw_frontends = beast endpoint=127.0.0.1:$rgw_port
rgw_data = $dir/rgw
CONF
c=(-c "$conf")

monmaptool --create --addv a "[v1:127.0.0.1:$mon_port]" --fsid "$fsid" "$dir/monmap" >/dev/null
ceph-mon "${c[@]}" --mkfs -i a --monmap "$dir/monmap"
ceph-mon "${c[@]}" -i a
step "monitor started"

osd_uuid=$(cat /proc/sys/kernel/random/uuid)
osd_id=$(again timeout 60 ceph "${c[@]}" osd new "$osd_uuid")
again timeout 60 ceph "${c[@]}" osd crush add "osd.$osd_id" 1.0 root=default
ceph-osd "${c[@]}" -i "$osd_id" --mkfs --osd-uuid "$osd_uuid" >"$dir/log/osd-mkfs.out" 2>&1
ceph-osd "${c[@]}" -i "$osd_id"
for _ in $(seq 120); do
  timeout 10 ceph "${c[@]}" osd stat -f json 2>/dev/null | grep -q '"num_up_osds":1' && break
  sleep 0.5
done
again timeout 10 ceph "${c[@]}" osd stat -f json | grep -q '"num_up_osds":1' || { echo "rgw-up: the OSD did not come up within 60 s" >&2; false; }
step "OSD up"

# The gateway runs in the foreground of a background job, so that this script
# sees it quit (its first pool creations meet the same fsid race) and starts it again.
start_gateway() {
  setsid radosgw "${c[@]}" -n client.rgw.a -f </dev/null >>"$dir/log/radosgw.out" 2>&1 &
  gateway_pid=$!
  echo "$gateway_pid" >"$dir/run/client.rgw.a.pid"
}
gateway_starts=1
start_gateway
for _ in $(seq 240); do
  curl -fs -o /dev/null "http://127.0.0.1:$rgw_port/" && break
  if ! kill -0 "$gateway_pid" 2>/dev/null; then
    [ "$gateway_starts" -lt 4 ] || { echo "rgw-up: radosgw quit $gateway_starts times" >&2; false; }
    echo "rgw-up: radosgw quit while starting; again" >&2
    gateway_starts=$((gateway_starts + 1))
    start_gateway
  fi
  sleep 0.5
done
curl -fs -o /dev/null "http://127.0.0.1:$rgw_port/" || { echo "rgw-up: radosgw did not answer on port $rgw_port within 120 s" >&2; false; }
step "gateway answering"

make_user() {
  timeout 60 radosgw-admin "${c[@]}" user info --uid=jcs-test >/dev/null 2>&1 ||
    timeout 60 radosgw-admin "${c[@]}" user create --uid=jcs-test --display-name=jcs-test \
      --access-key="$access_key" --secret="$secret_key" >/dev/null
}
again make_user
step "S3 user made"
rm -f "$dir/run/rgw-up.pid"
echo "endpoint http://127.0.0.1:$rgw_port"
