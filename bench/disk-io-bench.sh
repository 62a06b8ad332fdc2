#!/usr/bin/env bash
# Guest sequential write and read (256 MiB, direct I/O) on a virtio-blk qcow2 disk: Vireo vs
# qemu-system-riscv64 on the same kind of image, MiB/s and ratios.
set -euo pipefail
cd "$(dirname "$0")/.."
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
mvn -B -q -pl hypervisor-engine -am -DskipTests install
exec "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -cp hypervisor-engine/target/vireo-engine.jar \
  io.vireo.engine.bench.DiskIoBenchmark
