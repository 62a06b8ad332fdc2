#!/usr/bin/env bash
# Boot the tiny appliance with Vireo and with qemu-system-riscv64 (TCG), N runs each, and print the
# medians, the ratio Vireo/QEMU, and the engine's MIPS on a CPU-bound loop.
# Usage: bench/boot-bench.sh [runs] [harts]
set -euo pipefail
cd "$(dirname "$0")/.."
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
mvn -B -q -pl hypervisor-engine -am -DskipTests install
exec "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -cp hypervisor-engine/target/vireo-engine.jar \
  io.vireo.engine.bench.BootBenchmark "${1:-3}" "${2:-2}"
