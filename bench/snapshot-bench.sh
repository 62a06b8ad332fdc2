#!/usr/bin/env bash
# Snapshot benchmark: take, revert, delete, consolidate and linked clone on a thin 1 GiB and 100 GiB
# qcow2 disk, Vireo's chain operations beside qemu-img on the same files (ms; take and linked clone stay
# under 50 ms whatever the size); then guest sequential read through chains of depth 1, 4 and 16,
# Vireo vs qemu-system-riscv64 on the same chain files (MiB/s and ratios). About 5 minutes.
# Usage: bench/snapshot-bench.sh [work-dir]   (needs qemu-img, qemu-system-riscv64 and a JDK 25)
set -euo pipefail
. "$(dirname "$0")/common.sh"
work="${1:-$(mktemp -d)}"
require_tool qemu-img qemu-utils
require_tool qemu-system-riscv64 qemu-system-misc
echo "snapshot benchmark in $work ($(nproc) cores, $(qemu-img --version | head -1))"
run_bench SnapshotBench "$work"
