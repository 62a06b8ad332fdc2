#!/usr/bin/env bash
# Boot the debian appliance from its disk with Vireo and with qemu-system-riscv64 (TCG), N runs each (1 by
# default: a run takes minutes), and print side by side the seconds to `login:` on the serial console and to
# `systemctl is-system-running --wait` answering there. Builds the appliance first if it is not cached.
# Usage: bench/debian-boot-bench.sh [runs] [harts]
set -euo pipefail
. "$(dirname "$0")/common.sh"
require_tool qemu-system-riscv64 qemu-system-misc
require_tool qemu-img qemu-utils
require_tool mke2fs e2fsprogs
run_bench DebianBootBenchmark "${1:-1}" "${2:-2}"
