#!/usr/bin/env bash
# Chat fan-out, latency, join+history and memory: pchat and Prosody on this machine, in the same run,
# through the shared peer harness (bench/README.md goals #1-#4, #6). Prints a side-by-side table.
#   bench/chat/run.sh                     # K=100 and K=1000, pchat then Prosody (about 10 minutes)
#   COUNTS="100" bench/chat/run.sh        # one size
#   SKIP_PROSODY=1 / SKIP_PCHAT=1         # one side only
#   PROFILE=1                             # pchat server under --cpu-prof (profiles in $OUT/prof-k<K>/)
#   MSGS=300 RATE=20 BURST=300 WINDOW=50 TRIALS=30 ARCHIVE=10000 WORKERS=1 HARNESS_TIMEOUT=900 (s per case)
# Everything on 127.0.0.1; each server is started fresh per case and stopped by its PID.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
PEER="${PEER:-/work/shared/peer-bench}"
OUT="${OUT:-$ROOT/bench/chat/results}"
WORK="${WORK:-/tmp/pchat-chat-bench}"
COUNTS="${COUNTS:-100 1000}"
MSGS="${MSGS:-300}"; RATE="${RATE:-20}"; BURST="${BURST:-300}"; WINDOW="${WINDOW:-50}"; TRIALS="${TRIALS:-30}"
ARCHIVE="${ARCHIVE:-10000}"; WORKERS="${WORKERS:-1}"
DOMAIN=example.test
mkdir -p "$OUT" "$WORK"
cd "$ROOT"

free_port() { node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"; }
SERVER_PID=""
PROSODY_RUN=""
cleanup() {
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then kill "$SERVER_PID" 2>/dev/null || true; fi
  if [ -n "$PROSODY_RUN" ]; then RUN_DIR="$PROSODY_RUN" "$PEER/stop-prosody.sh" >/dev/null 2>&1 || true; fi
}
trap cleanup EXIT
stop_pid() { # pid: TERM, wait up to 15 s (the profile is written on exit)
  kill "$1" 2>/dev/null || true
  for _ in $(seq 1 150); do kill -0 "$1" 2>/dev/null || return 0; sleep 0.1; done
  echo "pid $1 still running" >&2
}
harness() { # label port pid room domain [driver]
  local label=$1 port=$2 pid=$3 room=$4 domain=$5; shift 5
  echo "   load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
  timeout "${HARNESS_TIMEOUT:-900}" node "$PEER/bench.mjs" "$@" --port "$port" --domain "$domain" --room "$room" --server-pid "$pid" \
    --clients "$K" --workers "$WORKERS" --messages "$MSGS" --rate "$RATE" --burst "$BURST" --window "$WINDOW" \
    --history-trials "$TRIALS" --label "$label" --out "$OUT/$label.json"
  echo "   load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
}

echo "== $(date -u +%FT%TZ) $(nproc) cores, node $(node -v); load generator and servers share the cores"
for K in $COUNTS; do
  if [ "${SKIP_PCHAT:-0}" != 1 ]; then
    D="$WORK/pchat-k$K"; rm -rf "$D"; mkdir -p "$D"
    PORT=$(free_port)
    SETUP=$(node --conditions=development --import tsx bench/chat/setup.ts --data-dir "$D" --users $((K + TRIALS + 20)) --messages "$ARCHIVE")
    ROOM=$(node -e "console.log(JSON.parse(process.argv[1]).roomUri)" "$SETUP")
    cat > "$D/pchat.yaml" <<EOF
domain: $DOMAIN
listen: { host: 127.0.0.1, sipTcpPort: $PORT, sipTlsPort: null, httpPort: null }
auth: { schemes: [trusted-network], trustedNetworks: ['127.0.0.1/32'] }
frontend:
  connections: { idleTimeoutSeconds: 3600, maxConnections: 20000, maxConnectionsPerAddress: 20000 }
log: { level: warn }
demo: { createIfEmpty: false }
# The harness posts in bursts far above a person's pace: per-user limits off, or they would be measured.
limits:
  user: { commandsPerSecond: 1000000, postsPerSecond: 1000000, bytesPerSecond: 1000000000000 }
  connection: { commandsPerSecond: 1000000, postsPerSecond: 1000000, bytesPerSecond: 1000000000000 }
  maxQueuedCommands: 1000000
EOF
    PROF=()
    if [ "${PROFILE:-0}" = 1 ]; then PROF=(--cpu-prof --cpu-prof-dir "$OUT/prof-k$K"); fi
    node "${PROF[@]}" --conditions=development --import tsx packages/cli/src/main.ts serve --config "$D/pchat.yaml" --data-dir "$D" >"$D/server.log" 2>&1 &
    SERVER_PID=$!
    for _ in $(seq 1 100); do (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null && break; sleep 0.2; done
    echo "== pchat K=$K (pid $SERVER_PID, sip tcp $PORT, room $ROOM, setup $SETUP)"
    rm -rf "$D/claims"
    PCHAT_BENCH_CLAIMS="$D/claims" harness "pchat-k$K" "$PORT" "$SERVER_PID" "$ROOM" "$DOMAIN" --driver "$ROOT/bench/peer-driver.mjs"
    stop_pid "$SERVER_PID"; SERVER_PID=""
  fi
  if [ "${SKIP_PROSODY:-0}" != 1 ]; then
    PROSODY_RUN="$WORK/prosody-k$K"
    PPORT=$(free_port)
    PPID_=$(RUN_DIR="$PROSODY_RUN" C2S_PORT="$PPORT" FRESH=1 STORAGE=sql PRESENCE=moderator NAGLE=off "$PEER/start-prosody.sh")
    PROOM="benchpchat@conference.localhost"
    echo "== prosody K=$K (pid $PPID_, c2s $PPORT, storage sql)"
    node bench/chat/prefill-xmpp.mjs --peer "$PEER" --port "$PPORT" --room "$PROOM" --messages "$ARCHIVE"
    harness "prosody-k$K" "$PPORT" "$PPID_" "$PROOM" localhost
    RUN_DIR="$PROSODY_RUN" "$PEER/stop-prosody.sh"; PROSODY_RUN=""
  fi
done
node bench/chat/table.mjs "$OUT" $COUNTS
