#!/usr/bin/env bash
# Hosts benchmark: a console started fresh (temporary data folder, free port) with the machine's libvirt daemon
# (qemu:///system) added as a host; one tiny VM on the embedded engine, one on that host. Prints side by side the
# API latency (median / p95, ms) of listing VMs, power on and power off, and the time from "power on" to the
# guest's VIREO-READY marker on its serial console. Needs a running libvirtd (virtlogd -d; libvirtd -d), curl, jq.
# Usage: bench/hosts-bench.sh [rounds]   (5 by default; a round boots each VM once)
set -euo pipefail
. "$(dirname "$0")/common.sh"
. "$root/docker/ci/api.sh"
require_tool virsh libvirt-clients
require_tool qemu-system-riscv64 qemu-system-misc
require_tool curl curl
require_tool jq jq
virsh -c qemu:///system version >/dev/null 2>&1 \
  || { echo "no libvirt daemon answers on qemu:///system: start one (virtlogd -d; libvirtd -d)" >&2; exit 1; }
rounds="${1:-5}"

(cd "$root" && mvn -B -q -pl backend -am -DskipTests install)
data="$(mktemp -d)"
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
password="bench-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"
printf '%s' "$password" > "$data/admin-password"
VIREO_ADMIN_PASSWORD_FILE="$data/admin-password" "$JAVA_HOME/bin/java" -jar "$root/backend/target/vireo-console.jar" \
  --server.port="$port" --vireo.data-dir="$data" > "$data/console.log" 2>&1 &
console=$!
trap 'kill $console 2>/dev/null; wait $console 2>/dev/null || true; rm -rf "$data"' EXIT
export VIREO_URL="http://localhost:$port"
wait_until 180 "the console on $VIREO_URL" curl -sf "$VIREO_URL/login"
api_sign_in admin "$password"

template=$(api_build_appliance tiny)
host=$(api POST /api/v1/hosts '{"name":"bench-here","uri":"qemu:///system"}' | jq -r .id)
team=$(api GET '/api/v1/teams?q=Administrators' | jq -er '.items[0].id')
vm_json() { printf '{"name":"%s","teamId":%s,"vcpus":1,"memoryMib":256,"bootSource":"TEMPLATE","templateId":%s%s}' \
  "$1" "$team" "$template" "$2"; }
local_vm=$(api POST /api/v1/vms "$(vm_json bench-local '')" | jq -r .id)
# A domain is named vireo-<VM id>; another console sharing this daemon (a test run) may hold that name already.
for attempt in 1 2 3 4 5 6 7 8 9 10; do
  libvirt_vm=$(api POST /api/v1/vms "$(vm_json "bench-libvirt-$attempt" ",\"hostId\":$host")" | jq -r .id)
  virsh -c qemu:///system domstate "vireo-$libvirt_vm" >/dev/null 2>&1 || break
done
wait_until 120 "VM $local_vm" vm_state_is "$local_vm" STOPPED
wait_until 120 "VM $libvirt_vm" vm_state_is "$libvirt_vm" STOPPED

echo "hosts benchmark: $(nproc) cores, $(virsh -c qemu:///system version | sed -n 's/^Running hypervisor: //p')," \
  "console on $VIREO_URL"
(cd "$root" && mvn -B -q -pl bench -am -DskipTests package)
"$JAVA_HOME/bin/java" -cp "$root/bench/target/vireo-bench.jar:$root/bench/target/lib/*" io.vireo.bench.HostsBenchmark \
  "$VIREO_URL" "$VIREO_TOKEN" "$local_vm" "$libvirt_vm" "$rounds"
