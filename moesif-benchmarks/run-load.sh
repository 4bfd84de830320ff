#!/usr/bin/env bash
# The macro load harness: the example API bare, with the SDK, and behind the peers' filters
# (official Moesif servlet filter, Zalando Logbook), for every framework `serve --framework`
# knows, alternating A/B/A/B, against the local collector on loopback. Prints Markdown tables
# and the budget checks; writes them with the raw numbers to moesif-benchmarks/target/load-*/.
#
#   moesif-benchmarks/run-load.sh                      # everything, default durations (~2 h)
#   moesif-benchmarks/run-load.sh --frameworks servlet --scenarios hello,echo1k --peers none --no-outage --rounds 1 --soak 300
#   moesif-benchmarks/run-load.sh --rounds 1 --first-warmup 5 --warmup 3 --duration 5 --rate-duration 5 --scenarios hello --soak 0
#
# Options (all optional): --frameworks servlet,javalin  --scenarios hello,echo1k,echo64k,stream
#   --peers moesif,logbook|none  --no-outage  --rounds N  --first-warmup S (default 45)  --warmup S (15)
#   --settle S (5)  --duration S (saturated window, 60)  --rate-fraction F (fixed-rate window at F x bare's
#   saturated rate, 0.3; 0 skips it)  --rate-duration S (60)  --threads T  --connections C
#   --app-cpu 1  --load-cpu 0  --app-jvm "-Xms512m -Xmx512m -XX:+UseSerialGC"
#   --soak S (collector outage under load, then recovery; 0 skips; default 60)  --soak-sample S  --soak-scenario echo1k
#   --collector counting|local (counting: streams and counts events; local: the examples' collector)
#   --out DIR
# MOESIF_* environment variables reach the SDK of the "ours" variants (e.g. MOESIF_LOG_BODY=false).
# All traffic stays on 127.0.0.1; every run is bounded by its duration.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v wrk > /dev/null; then
  echo "wrk not found: installing it from the Debian packages" >&2
  apt-get install -y wrk > /dev/null 2>&1 || { apt-get update > /dev/null && apt-get install -y wrk > /dev/null; }
fi
for tool in taskset java getconf; do
  command -v "$tool" > /dev/null || { echo "run-load.sh needs $tool" >&2; exit 1; }
done
if [ "$(nproc)" -lt 2 ]; then
  echo "run-load.sh pins the app and the load generator to different cores: it needs 2 CPUs" >&2
  exit 1
fi

if [ ! -f moesif-benchmarks/target/benchmarks.jar ] || [ ! -f moesif-examples/target/moesif-examples.jar ]; then
  ./mvnw -q -pl moesif-benchmarks,moesif-examples -am package -DskipTests
fi

echo "machine: $(nproc) CPUs, $(lscpu | sed -n 's/^Model name: *//p'), $(java -version 2>&1 | head -1)"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
# The driver, wrk and the collector share the load core; the driver starts the app on the other.
exec taskset -c "${LOAD_CPU:-0}" java -Xmx1g -cp moesif-benchmarks/target/benchmarks.jar \
  com.moesif.benchmarks.load.LoadHarness \
  --examples-jar moesif-examples/target/moesif-examples.jar \
  --benchmarks-jar moesif-benchmarks/target/benchmarks.jar \
  --lua moesif-benchmarks/load/scenario.lua "$@"
