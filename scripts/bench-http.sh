#!/usr/bin/env bash
# Closed-loop HTTP figures with wrk: cached and computed recommendations on a generated population.
# usage: scripts/bench-http.sh [AGENTS=100000] [DURATION=30s] [CONNECTIONS=64]
# Starts ./swarmrec serve on an in-memory store loaded with the demo population, runs wrk against it
# (cached: USERS hot agents answered from L1; computed: every request misses the cache), prints wrk's
# reports and the service's cache and latency metrics, then stops the server.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
agents=${1:-100000}
duration=${2:-30s}
conns=${3:-64}
port=${PORT:-18080}
. "$root/scripts/jdk.sh"
swarmrec_find_jdk
command -v wrk >/dev/null || { echo "bench-http: wrk is not installed (apt-get install wrk)" >&2; exit 1; }
if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
  echo "bench-http: port $port is taken; set PORT to a free one" >&2; exit 1
fi
log=$(mktemp)
"$root/swarmrec" serve --store memory: --demo --port "$port" --host 127.0.0.1 \
  --set demo-agents="$agents" --set warm-users=0 --set rebuild-interval-seconds=0 --set rebuild-after-events=0 \
  >"$log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -f "$log"' EXIT
for _ in $(seq 1 600); do
  curl -sf "http://127.0.0.1:$port/ready" >/dev/null 2>&1 && break
  kill -0 $pid 2>/dev/null || { cat "$log"; exit 1; }
  sleep 1
done
curl -s "http://127.0.0.1:$port/v1/model"; echo
echo "== hardware: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB; $("$JAVA_HOME/bin/java" -version 2>&1 | head -1); load: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "== warm-up (computed, 10 s)"
USERS=$agents wrk -t2 -c"$conns" -d10s -s "$root/scripts/wrk/computed.lua" "http://127.0.0.1:$port" >/dev/null
echo "== computed (cache misses), $conns connections, $duration"
USERS=$agents wrk -t2 -c"$conns" -d"$duration" --latency -s "$root/scripts/wrk/computed.lua" "http://127.0.0.1:$port"
echo "== cached (1000 hot agents), $conns connections, $duration"
USERS=1000 wrk -t2 -c"$conns" -d5s -s "$root/scripts/wrk/cached.lua" "http://127.0.0.1:$port" >/dev/null
USERS=1000 wrk -t2 -c"$conns" -d"$duration" --latency -s "$root/scripts/wrk/cached.lua" "http://127.0.0.1:$port"
echo "== service metrics"
curl -s "http://127.0.0.1:$port/metrics" | grep -E '^swarmrec_(cache_requests_total|degraded_total|shed_total|recommend_seconds_count)' || true
echo "== process memory"
jpid=$(pgrep -f "swarmrec.jar serve --store memory: --demo --port $port" | head -1)
[ -n "$jpid" ] && grep -E 'VmRSS|VmHWM' "/proc/$jpid/status" || true
