#!/usr/bin/env bash
# Runs one benchmark scenario side by side: roomcast (WebSocket, SSE, SockJS), Socket.IO 4.8.4
# and a bare Vert.x floor, all started and stopped here, loopback only.
#
#   modules/bench/run.sh fanout                 # 1,000 subscribers / 10 rooms / 500 pub/s / 30 s
#   modules/bench/run.sh hotroom                # 1,000 subscribers in one room, 200 pub/s
#   modules/bench/run.sh idle --connections 19000 --hold 120
#   modules/bench/run.sh cluster                # 3 roomcast nodes, publish on one, read the others
#   modules/bench/run.sh hooks                  # user.offline delay after the grace, webhooks/s
#   modules/bench/run.sh fanout --jfr           # plus a JFR profile of roomcast's measured window
#
# Any option after the scenario goes to the harness (--help lists them). Results (JSON, PNG,
# Markdown) land in modules/bench/target/bench-results/.
set -euo pipefail
cd "$(dirname "$0")/../.."

scenario="${1:-fanout}"
shift || true

ulimit -n 20000 2>/dev/null || true

if [ ! -f modules/server/target/roomcast.jar ] || [ ! -f modules/bench/target/roomcast-bench.jar ] \
   || [ -n "${REBUILD:-}" ]; then
  mvn -B -q -DskipTests -pl modules/server,modules/bench -am package
fi
if [ ! -d modules/bench/peers/socketio/node_modules/socket.io ]; then
  (cd modules/bench/peers/socketio && npm ci --no-audit --no-fund --loglevel=error)
fi

exec java -Xms512m -jar modules/bench/target/roomcast-bench.jar --scenario "$scenario" "$@"
