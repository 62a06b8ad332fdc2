#!/usr/bin/env bash
# Boot the tiny appliance with Vireo and with qemu-system-riscv64 (TCG), N runs each, and print the
# medians, the ratio Vireo/QEMU, and the engine's MIPS on a CPU-bound loop, without and with
# loads and stores through the MMU.
# Usage: bench/boot-bench.sh [runs] [harts]
set -euo pipefail
. "$(dirname "$0")/common.sh"
require_tool qemu-system-riscv64 qemu-system-misc
run_bench BootBenchmark "${1:-3}" "${2:-2}"
