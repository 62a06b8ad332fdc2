#!/usr/bin/env bash
# The container test: builds docker/Dockerfile's image and starts docker/compose.yaml (the console and
# PostgreSQL) with podman, then through the REST API signs in, builds the tiny appliance, creates a VM, powers it
# on, reads VIREO-READY from its serial console and powers it off; then `compose down` and `up` again, and the VM,
# its disk and the audit log must still be there. The last line says PASSED or FAILED, as the exit status does.
#
# Runs as root (rootful podman, mmdebstrap); vireo-test calls it after `mvn verify`, whose console jar it puts in
# the image (Dockerfile target from-jar). No registry is needed: docker/ci/base-images.sh makes the base images
# from Debian's packages. Everything it makes (containers, volumes, network) carries a project name of its own
# and goes when it ends.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
cache="${VIREO_CACHE:-$HOME/.cache/vireo}"
project="vireo-test-$$"
work=$(mktemp -d "${TMPDIR:-/tmp}/vireo-docker-test.XXXXXX")
problem="stopped before the end"

say() { echo "docker-test: $*" >&2; }
fail() { problem=$*; exit 1; }

# podman as it runs on this kind of machine: runc (crun refuses the hybrid cgroup layout), cgroupfs (there is
# no systemd), ulimits that root may grant. A CONTAINERS_CONF set by the caller is left alone.
if [ -z "${CONTAINERS_CONF:-}" ]; then
  cat >"$work/containers.conf" <<'CONF'
[containers]
default_ulimits = ["nofile=20000:20000", "nproc=32768:32768"]
[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"
events_logger = "file"
CONF
  export CONTAINERS_CONF="$work/containers.conf"
fi

export VIREO_TEST_SECRETS="$work/secrets" VIREO_PORT
VIREO_PORT=$((20000 + RANDOM % 20000))
while (echo >"/dev/tcp/127.0.0.1/$VIREO_PORT") 2>/dev/null; do VIREO_PORT=$((20000 + RANDOM % 20000)); done
export VIREO_URL="http://127.0.0.1:$VIREO_PORT" VIREO_TOKEN=
# shellcheck source=ci/api.sh
. docker/ci/api.sh

compose() {
  podman-compose --project-name "$project" -f docker/compose.yaml -f docker/ci/compose.test.yaml "$@"
}
# The containers of a service, found by compose's labels (podman-compose and Docker Compose name them differently).
container_of() {
  podman ps --all --format '{{.Names}}' --filter "label=com.docker.compose.project=$project" \
    --filter "label=com.docker.compose.service=$1" | head -1
}
console=
database=

finish() {
  local status=$?
  if [ $status -ne 0 ]; then
    for container in $console $database; do
      podman logs --tail 40 "$container" 2>&1 | sed "s/^/  $container: /" >&2 || true
    done
  fi
  compose down >/dev/null 2>&1 || true
  podman volume rm --force "${project}_vireo-data" "${project}_postgres-data" >/dev/null 2>&1 || true
  podman network rm --force "${project}_default" >/dev/null 2>&1 || true
  rm -rf "$work"
  if [ $status -eq 0 ]; then
    echo "docker-test: PASSED (image ${image_mib:-?} MiB, healthy ${healthy_s:-?} s after up, tiny guest ready ${boot_s:-?} s after power-on)"
  else
    echo "docker-test: FAILED: $problem"
  fi
}
trap finish EXIT

# memory_use: the console container's memory use as podman reports it (for sizing; README).
memory_use() { podman stats --no-stream --format '{{.MemUsage}}' "$console" 2>/dev/null || echo "?"; }

# healthy CONTAINER: runs its HEALTHCHECK now (nothing runs them by themselves without systemd).
healthy() { podman healthcheck run "$1" >/dev/null 2>&1; }

# up_and_healthy: compose up, then waits until both containers are healthy; up_s is how many seconds that took.
up_and_healthy() {
  local start=$SECONDS
  compose up -d >"$work/up.log" 2>&1 || { cat "$work/up.log" >&2; return 1; }
  console=$(container_of vireo)
  database=$(container_of postgres)
  [ -n "$console" ] && [ -n "$database" ] || { grep -B2 -A2 -i error "$work/up.log" >&2; return 1; }
  wait_until 300 "PostgreSQL's health" healthy "$database" || return 1
  wait_until 300 "the console's health" healthy "$console" || return 1
  up_s=$((SECONDS - start))
}

say "base images"
docker/ci/base-images.sh || fail "the base images could not be built"

jar=backend/target/vireo-console.jar
if [ ! -f "$jar" ]; then
  say "no $jar yet: building it"
  mvn -B -q -pl backend -am package -DskipTests || fail "the console jar did not build"
fi
say "image (Dockerfile target from-jar)"
build_start=$SECONDS
# Docker's image format: podman's default (OCI) has no HEALTHCHECK and would drop it.
podman build --format docker -f docker/Dockerfile --target from-jar -t vireo-console:local . >"$work/build.log" 2>&1 \
  || { tail -20 "$work/build.log" >&2; fail "the image did not build"; }
say "image built in $((SECONDS - build_start)) s"
image_mib=$(( $(podman image inspect --format '{{.Size}}' vireo-console:local) / 1024 / 1024 ))
[ "$(podman image inspect --format '{{.Config.User}}' vireo-console:local)" = vireo ] \
  || fail "the image does not run as the user vireo"

mkdir -m 0755 "$VIREO_TEST_SECRETS"
password="container-test-$RANDOM$RANDOM$RANDOM"
printf '%s\n' "$password" >"$VIREO_TEST_SECRETS/admin-password"
chmod 0644 "$VIREO_TEST_SECRETS/admin-password"

# The tiny appliance the engine's tests built is put into the new data volume, where the console's appliance
# cache is, so the build below finds it instead of downloading Debian's packages again. Without one the console
# builds it itself, which needs a Debian archive whose sid index apt accepts (README).
podman volume create "${project}_vireo-data" >/dev/null
appliance=$(ls -d "$cache"/appliances/tiny-* 2>/dev/null | head -1 || true)
if [ -n "$appliance" ]; then
  mkdir -p "$work/seed/cache/appliances"
  cp -a "$appliance" "$work/seed/cache/appliances/"
  chmod 0750 "$work/seed"
  tar -C "$work/seed" --owner=10001 --group=10001 -cf - . | podman volume import "${project}_vireo-data" - \
    || fail "could not put the cached appliance into the volume"
fi

say "compose up (cold)"
up_and_healthy || fail "the containers did not become healthy"
healthy_s=$up_s
say "healthy ${healthy_s} s after up; the console uses $(memory_use) idle"
[ "$(podman inspect --format '{{.Config.User}}' "$console")" = vireo ] || fail "the console does not run as vireo"
[ "$(podman inspect --format '{{len .HostConfig.CapAdd}} {{.HostConfig.Privileged}} {{len .HostConfig.Devices}}' \
  "$console")" = "0 false 0" ] || fail "the console container has added capabilities, privileges or devices"
curl -sS -f "$VIREO_URL/actuator/health" | jq -e '. == {"status": "UP"}' >/dev/null \
  || fail "the health endpoint does not answer {\"status\":\"UP\"} alone"

api_sign_in admin "$password" || fail "could not sign in as admin with the password from the secret file"
template=$(api_build_appliance tiny) || fail "the tiny appliance did not build"
team=$(api GET '/api/v1/teams?q=Administrators' | jq -er '.items[0].id') || fail "no team Administrators"
vm=$(api POST /api/v1/vms "{\"name\": \"container-vm\", \"teamId\": $team, \"vcpus\": 2, \"memoryMib\": 256,
  \"bootSource\": \"TEMPLATE\", \"templateId\": $template, \"disks\": [{\"sizeGib\": 1}]}" | jq -er .id) \
  || fail "the VM was not created"
wait_until 120 "the VM's files" vm_state_is "$vm" STOPPED || fail "the VM was not provisioned"
disk=$(api GET "/api/v1/vms/$vm" | jq -er '.disks[0].file') || fail "the VM has no disk"

boot_start=$SECONDS
api POST "/api/v1/vms/$vm/power" '{"action": "START"}' >/dev/null || fail "power-on refused"
wait_until 600 "VIREO-READY on the serial console" serial_has "$vm" VIREO-READY \
  || fail "the guest did not print VIREO-READY"
boot_s=$((SECONDS - boot_start))
say "the guest was ready ${boot_s} s after power-on; the console uses $(memory_use) with it running"
api POST "/api/v1/vms/$vm/power" '{"action": "STOP"}' >/dev/null || fail "power-off refused"
wait_until 60 "the VM to stop" vm_state_is "$vm" STOPPED || fail "the VM did not stop"
audit_before=$(api GET '/api/v1/audit?size=200' | jq '.totalItems')

say "compose down, up again"
compose down >"$work/down.log" 2>&1 || { cat "$work/down.log" >&2; fail "compose down failed"; }
up_and_healthy || fail "the containers did not become healthy again"
say "healthy again ${up_s} s after up"
api_sign_in admin "$password" || fail "could not sign in again"
[ "$(api GET "/api/v1/vms/$vm" | jq -r '.name + " " + .powerState')" = "container-vm STOPPED" ] \
  || fail "the VM is not there after down and up"
folder=$(podman exec "$console" find /var/lib/vireo/datastores -name "$disk" -size +0 | head -1)
[ -n "$folder" ] || fail "the VM's disk $disk is gone from the data volume"
api GET "/api/v1/audit?action=vm.create&size=200" | jq -e --argjson vm "$vm" \
  '[.items[] | select(.targetId == $vm)] | length == 1' >/dev/null || fail "the audit log lost the VM's creation"
api GET "/api/v1/audit?action=vm.power&size=200" | jq -e --argjson vm "$vm" \
  '[.items[] | select(.targetId == $vm)] | length >= 2' >/dev/null || fail "the audit log lost the power-on and -off"
[ "$(api GET '/api/v1/audit?size=200' | jq '.totalItems')" -ge "$audit_before" ] || fail "the audit log shrank"
