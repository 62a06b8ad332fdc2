#!/usr/bin/env bash
# Boot the tiny appliance with a 1024x768 display in Vireo and in qemu-system-riscv64 (-vnc), fill
# tty0 with text, and print per encoding (Raw, CopyRect, ZRLE, Tight) the bytes and times of a full
# screen and of a one-line update, Vireo beside QEMU.
# Usage: bench/vnc-bench.sh
set -euo pipefail
cd "$(dirname "$0")/.."
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
mvn -B -q -o -pl hypervisor-engine -DskipTests package
exec "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -cp hypervisor-engine/target/vireo-engine.jar \
  io.vireo.engine.bench.VncBenchmark
