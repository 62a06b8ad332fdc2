#!/usr/bin/env bash
# The hart scheduler on bare-metal VMs sharing one host thread: CPU time of two busy VMs with shares 2:1, a VM
# capped at 25 % of a core beside an uncapped one, and a VM idle in WFI beside a busy one, each over a window
# of wall time (20 s by default), printed beside the goals.
# Usage: bench/sched-bench.sh [seconds per figure]
set -euo pipefail
. "$(dirname "$0")/common.sh"
run_bench SchedulerBenchmark "${1:-20}"
