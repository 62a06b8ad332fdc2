#!/usr/bin/env bash
# Storage benchmark: overlay (snapshot / linked clone) creation time for 1 GiB and 1 TiB disks, and
# full-clone throughput of `vireo-engine disk flatten` against `qemu-img convert` on the same chain.
# Usage: bench/storage-bench.sh [work-dir] [data-MiB]   (needs qemu-img and a JDK 25)
set -euo pipefail
. "$(dirname "$0")/common.sh"
work="${1:-$(mktemp -d)}"
data_mib="${2:-512}"
require_tool qemu-img qemu-utils
echo "storage benchmark in $work ($(nproc) cores, $(qemu-img --version | head -1))"
run_bench StorageBench "$work" "$data_mib"
