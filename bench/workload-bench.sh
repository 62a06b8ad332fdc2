#!/usr/bin/env bash
# Guest work after boot (sha256sum, gzip, an awk floating-point loop, a fork/exec loop) in the tiny
# appliance, 1 hart: Vireo vs qemu-system-riscv64 (TCG), seconds and ratios.
set -euo pipefail
. "$(dirname "$0")/common.sh"
require_tool qemu-system-riscv64 qemu-system-misc
run_bench WorkloadBenchmark
