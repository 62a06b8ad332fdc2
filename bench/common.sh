# Sourced by the *-bench.sh scripts: checks for the tools a benchmark runs, builds the bench module
# (and the engine it measures) and runs one of its classes.

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"

# require_tool <program> <Debian package>
require_tool() {
  command -v "$1" >/dev/null || { echo "$1 is not installed: it comes with the Debian package $2" >&2; exit 1; }
}

# run_bench <class in io.vireo.bench> [arguments...]
run_bench() {
  local major
  major="$("$JAVA_HOME/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')"
  if [ "${major:-0}" -lt 25 ]; then
    echo "a JDK 25 is required (found java ${major:-none} in $JAVA_HOME); set JAVA_HOME" >&2; exit 1
  fi
  (cd "$root" && mvn -B -q -pl bench -am -DskipTests package)
  local class="$1"; shift
  exec "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED \
    -cp "$root/bench/target/vireo-bench.jar:$root/bench/target/lib/*" "io.vireo.bench.$class" "$@"
}
