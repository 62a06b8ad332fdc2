#!/usr/bin/env bash
# Boot the tiny appliance with a 1024x768 display in Vireo and in qemu-system-riscv64 (-vnc), fill
# tty0 with text, and print per encoding (Raw, CopyRect, Hextile, Zlib, ZRLE, Tight) the bytes and
# times of a full text screen, of a one-line update (a scroll) and of a full-screen image, Vireo
# beside QEMU.
# Usage: bench/vnc-bench.sh
set -euo pipefail
. "$(dirname "$0")/common.sh"
require_tool qemu-system-riscv64 qemu-system-misc
run_bench VncBenchmark
