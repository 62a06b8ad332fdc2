#!/usr/bin/env bash
# Storage benchmark: overlay (snapshot / linked clone) creation time for 1 GiB and 1 TiB disks, and
# full-clone throughput of `vireo-engine disk flatten` against `qemu-img convert` on the same chain.
# Usage: bench/storage-bench.sh [work-dir] [data-MiB]   (needs qemu-img and a JDK 25)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
work="${1:-$(mktemp -d)}"
data_mib="${2:-512}"
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
classes="$root/hypervisor-engine/target/classes"
if [ ! -f "$classes/io/vireo/engine/storage/bench/StorageBench.class" ]; then
  (cd "$root" && mvn -B -q -pl hypervisor-engine compile)
fi
major="$("$java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')"
if [ "${major:-0}" -lt 25 ]; then
  echo "a JDK 25 is required (found java $major); set JAVA_HOME" >&2; exit 1
fi
command -v qemu-img >/dev/null || { echo "qemu-img (Debian qemu-utils) is required" >&2; exit 1; }
echo "storage benchmark in $work ($(nproc) cores, $(qemu-img --version | head -1))"
"$java" -cp "$classes" io.vireo.engine.storage.bench.StorageBench "$work" "$data_mib"
