#!/usr/bin/env bash
# Boot N idle tiny VMs (128 MiB each by default: the tiny kernel does not boot in 64, in QEMU either) in one
# engine process, the first N-1 as many at a time as there are cores, the last alone, and print what they
# cost while idle: host CPU of all of them against one idle QEMU TCG VM of the same guest, resident memory
# per VM beyond the guest memory touched, and the last VM's boot time; the last line is "density: vms=N …".
# Usage: bench/density.sh [N] [memory MiB]
set -euo pipefail
. "$(dirname "$0")/common.sh"
require_tool qemu-system-riscv64 qemu-system-misc
run_bench DensityBenchmark "${1:-10}" "${2:-128}"
