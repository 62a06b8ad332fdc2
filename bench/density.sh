#!/usr/bin/env bash
# Boot N idle tiny VMs (128 MiB each: the tiny kernel and initramfs do not fit in 64) in one engine
# process and print what they cost while idle: host CPU of all of them against one idle QEMU TCG VM of
# the same guest, resident memory per VM beyond the guest memory touched, and the last VM's boot time;
# the last line is "density: vms=N idle_cpu_pct=… …".
# Usage: bench/density.sh [N] [memory MiB]
set -euo pipefail
. "$(dirname "$0")/common.sh"
require_tool qemu-system-riscv64 qemu-system-misc
run_bench DensityBenchmark "${1:-10}" "${2:-128}"
