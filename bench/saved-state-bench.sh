#!/usr/bin/env bash
# Saved-state benchmark: the tiny appliance with 512 MiB (64 MiB of it filled) suspended and resumed,
# Vireo (suspendTo; resumeFrom in this process and `vireo-engine resume` in a new one) beside QEMU
# (migrate to a file; -incoming from it): save time, file sizes (apparent and on disk) beside what the
# guest uses, and the time from resume until the guest answers on its serial console. About 3 minutes.
set -euo pipefail
. "$(dirname "$0")/common.sh"
require_tool qemu-system-riscv64 qemu-system-misc
run_bench SavedStateBenchmark
