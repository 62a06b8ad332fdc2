#!/usr/bin/env bash
# Guest sequential write and read (256 MiB, direct I/O) on a virtio-blk qcow2 disk: Vireo vs
# qemu-system-riscv64 on the same kind of image, MiB/s and ratios.
set -euo pipefail
. "$(dirname "$0")/common.sh"
require_tool qemu-system-riscv64 qemu-system-misc
run_bench DiskIoBenchmark
