#!/usr/bin/env bash
# User-mode networking of the tiny appliance: Vireo's NAT vs qemu-system-riscv64 -netdev user (slirp) vs
# QEMU with passt over -netdev stream. TCP both ways, 64-byte UDP datagrams per second, ping to the
# gateway, host CPU per GiB, all side by side; everything on loopback.
# Usage: bench/net-bench.sh [MiB per TCP transfer, default 32]
set -euo pipefail
. "$(dirname "$0")/common.sh"
require_tool qemu-system-riscv64 qemu-system-misc
if ! command -v passt >/dev/null; then
  echo "passt is missing; installing the Debian package" >&2
  if [ "$(id -u)" -eq 0 ]; then apt-get install -y passt >&2; else sudo apt-get install -y passt >&2; fi
fi
require_tool passt passt
run_bench NetBenchmark "${1:-32}"
