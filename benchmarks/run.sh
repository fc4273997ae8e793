#!/usr/bin/env bash
# benchmarks/run.sh: the getty, Netty and bare-NIO echo servers, side by side, under the same load.
#
# Usage: benchmarks/run.sh [flags]            (from anywhere; paths are relative to this script)
#   --quick                 one short round each: --rounds 1 --seconds 3 --warmup 2
#   --scenarios LIST        comma list of (default a,b,c):
#                             a  64 connections x 16 frames in flight x 256 B   throughput
#                             b  1 connection x 1 frame in flight x 64 B        latency
#                             c  10,000 idle connections                        memory per session
#                             d  2,000 connections x 1 frame in flight x 64 B   many connections
#                             e  8 connections x 4 frames in flight x 64 KiB    large frames
#                             f  UDP: 4 peers x 8 datagrams in flight x 256 B   datagrams (getty and
#                                netty only: bare NIO has no UDP server); lost datagrams are counted
#                             g  16 connections x 8 messages in flight x 256 B  WebSocket: binary messages,
#                                against getty's WsServer and Netty's WebSocketServerProtocolHandler
#                                (the getty_ws and netty_ws servers; bare has no WebSocket and sits out)
#                             t  TLS 1.3: 64 x 16 x 256 B, TLS_AES_128_GCM_SHA256 only, the test
#                                certificate, JDK provider everywhere (getty and netty's SslHandler:
#                                bare NIO has no TLS server); handshakes done before the warm-up
#                             z  deflate: 64 x 16 x 256 B over raw DEFLATE at best speed, sync-flushed
#                                once per batch of frames written (getty's compression; netty's
#                                JdkZlibEncoder/Decoder, a batcher gathering each flush's frames)
#   --rounds N              rounds per scenario (default 5); each round runs every server once, in
#                           the order getty, netty, bare, so slow drifts of the machine hit all alike
#   --seconds T             measured seconds per load run (default 10)
#   --warmup W              warm-up seconds per load run, verified but not measured (default 5)
#   --servers LIST          subset of getty,netty,bare (default all)
#   --idle-connections C    connections for scenario c (default 10000)
#   --port P                first port; every server start takes the next one (default 17000)
#   --out DIR               logs and results.tsv (default benchmarks/results/<date-time>)
#   -h, --help              this text
# Environment:
#   SERVER_JVM_OPTS  JVM flags for every server, identical for all three
#                    (default: -Xms512m -Xmx512m -XX:+UseParallelGC -XX:+AlwaysPreTouch)
#                    A fixed, pre-touched heap: no resizing and no page faults while measuring.
#                    ParallelGC works only inside pauses; G1's concurrent threads would share the
#                    server's single pinned core with the event loop.
#   LOAD_JVM_OPTS    JVM flags for the load generator and the idle client (default: same idea, 256m)
#   JAVA             the java launcher (default: java on PATH)
#
# Each server runs with --threads 1 pinned to CPU 0 (taskset -c 0), the load generator pinned to
# CPU 1. Scenarios a, b, d, e, f, t and z are closed-loop loads with the same figures. Server CPU per message
# is the server's utime+stime from /proc/PID/stat, sampled when the load generator prints
# MEASURE_START and MEASURE_END, divided by the messages it verified in that window. Memory per
# idle session (scenario c) is (heap used after a forced GC with C connections minus the same with
# none) / C, from jcmd GC.run + GC.heap_info, and the same for VmRSS.
set -euo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_ROOT=$(cd "$SCRIPT_DIR/.." && pwd)
JAR="$SCRIPT_DIR/target/getty-benchmarks.jar"
JAVA=${JAVA:-java}
SERVER_JVM_OPTS=${SERVER_JVM_OPTS:--Xms512m -Xmx512m -XX:+UseParallelGC -XX:+AlwaysPreTouch}
LOAD_JVM_OPTS=${LOAD_JVM_OPTS:--Xms256m -Xmx256m -XX:+UseParallelGC -XX:+AlwaysPreTouch}

SCENARIOS=a,b,c
ROUNDS=5
SECONDS_MEASURED=10
WARMUP=5
SERVERS=getty,netty,bare
IDLE_CONNECTIONS=10000
MANY_CONNECTIONS=2000    # scenario d
PORT=17000
OUT=""

usage() { sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//'; }
die() { echo "run.sh: $*" >&2; exit 2; }

while [[ $# -gt 0 ]]; do
  case "$1" in
    --quick) ROUNDS=1; SECONDS_MEASURED=3; WARMUP=2; shift ;;
    --scenarios) SCENARIOS=${2:?--scenarios needs a value}; shift 2 ;;
    --rounds) ROUNDS=${2:?--rounds needs a value}; shift 2 ;;
    --seconds) SECONDS_MEASURED=${2:?--seconds needs a value}; shift 2 ;;
    --warmup) WARMUP=${2:?--warmup needs a value}; shift 2 ;;
    --servers) SERVERS=${2:?--servers needs a value}; shift 2 ;;
    --idle-connections) IDLE_CONNECTIONS=${2:?--idle-connections needs a value}; shift 2 ;;
    --port) PORT=${2:?--port needs a value}; shift 2 ;;
    --out) OUT=${2:?--out needs a value}; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) die "unknown flag $1 (see --help)" ;;
  esac
done
[[ $ROUNDS =~ ^[1-9][0-9]*$ ]] || die "--rounds must be a positive integer"
[[ $IDLE_CONNECTIONS =~ ^[1-9][0-9]*$ ]] || die "--idle-connections must be a positive integer"
[[ $PORT =~ ^[0-9]+$ && $PORT -ge 1024 && $PORT -lt 60000 ]] || die "--port must be in [1024, 60000)"
[[ $SECONDS_MEASURED =~ ^[0-9]+(\.[0-9]+)?$ ]] || die "--seconds must be a number"
[[ $WARMUP =~ ^[0-9]+(\.[0-9]+)?$ ]] || die "--warmup must be a number"
IFS=, read -r -a SCENARIO_LIST <<< "$SCENARIOS"
IFS=, read -r -a SERVER_LIST <<< "$SERVERS"
for s in "${SCENARIO_LIST[@]}"; do [[ $s =~ ^[a-gtz]$ ]] || die "unknown scenario '$s' (a to g, t or z)"; done
for s in "${SERVER_LIST[@]}"; do [[ $s == getty || $s == netty || $s == bare ]] || die "unknown server '$s'"; done

# ---------------------------------------------------------------------------------------------
# Set-up: jar, file limits, pinning, output directory.

if [[ ! -f $JAR ]]; then
  echo "building $JAR ..."
  (cd "$REPO_ROOT" && mvn -q -pl benchmarks -am package -DskipTests) || die "build failed"
fi

HARD_NOFILE=$(ulimit -Hn)
if [[ $HARD_NOFILE == unlimited ]]; then ulimit -n 1048576 2>/dev/null || ulimit -n 65536; else ulimit -n "$HARD_NOFILE"; fi
NOFILE=$(ulimit -n)

CLK_TCK=$(getconf CLK_TCK)
if [[ $(nproc) -ge 2 ]] && command -v taskset >/dev/null; then
  PIN_SERVER=(taskset -c 0); PIN_LOAD=(taskset -c 1)
else
  echo "warning: fewer than 2 CPUs or no taskset; running unpinned" >&2
  PIN_SERVER=(); PIN_LOAD=()
fi

OUT=${OUT:-$SCRIPT_DIR/results/$(date +%Y%m%d-%H%M%S)}
mkdir -p "$OUT/logs"
TSV="$OUT/results.tsv"
printf 'scenario\tround\tserver\tmsgs_per_sec\tp50_us\tp99_us\tp999_us\tserver_cpu_us_per_msg\tclient_cpu_us_per_msg\theap_bytes_per_session\trss_bytes_per_session\tlost\tload1\n' > "$TSV"

ACTIVE_SERVERS=("${SERVER_LIST[@]}")

# Only processes this script started are ever stopped, by their PIDs.
SERVER_PID=""
IDLE_PID=""
IDLE_STDIN_FD=""
cleanup() {
  [[ -n $IDLE_STDIN_FD ]] && exec {IDLE_STDIN_FD}>&- 2>/dev/null || true
  [[ -n $IDLE_PID ]] && kill "$IDLE_PID" 2>/dev/null || true
  [[ -n $SERVER_PID ]] && kill "$SERVER_PID" 2>/dev/null || true
}
trap cleanup EXIT
trap 'echo "interrupted" >&2; exit 130' INT TERM

FAILURES=0

# ---------------------------------------------------------------------------------------------
# Helpers.

# start_server IMPL LOG [TRANSPORT [WIRE_FLAGS]]: starts a pinned server (tcp or udp, default tcp; WIRE_FLAGS
# such as --tls, passed as they are) on the next port, waits for 'listening on'. Returns 0 when ready, 1 on failure.
start_server() {
  local impl=$1 log=$2 transport=${3:-tcp} wire=${4:-} i
  PORT=$((PORT + 1))
  : > "$log"   # exists before the server's shell opens it, so the wait loop can grep at once
  # shellcheck disable=SC2086  # the JVM flags and wire flags are word lists on purpose
  "${PIN_SERVER[@]}" "$JAVA" $SERVER_JVM_OPTS -jar "$JAR" server --impl "$impl" --transport "$transport" $wire \
    --port "$PORT" --threads 1 > "$log" 2>&1 &
  SERVER_PID=$!
  for ((i = 0; i < 600; i++)); do
    if grep -q '^listening on ' "$log"; then return 0; fi
    if ! kill -0 "$SERVER_PID" 2>/dev/null; then
      local rc=0; wait "$SERVER_PID" || rc=$?
      SERVER_PID=""
      echo "  $impl server exited with $rc before listening: $(tail -n 3 "$log" | tr '\n' ' ')" >&2
      return 1
    fi
    sleep 0.05
  done
  echo "  $impl server did not print 'listening on' within 30 s" >&2
  stop_server
  return 1
}

stop_server() {
  [[ -n $SERVER_PID ]] || return 0
  kill "$SERVER_PID" 2>/dev/null || true
  local i
  for ((i = 0; i < 200; i++)); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.05; done
  kill -0 "$SERVER_PID" 2>/dev/null && kill -KILL "$SERVER_PID" 2>/dev/null
  wait "$SERVER_PID" 2>/dev/null || true
  SERVER_PID=""
}

# cpu_ticks PID: sets TICKS to utime + stime (fields 14 and 15) without forking, so sampling at the
# window's edges costs next to nothing. The comm field may hold spaces: cut after the last ')'.
cpu_ticks() {
  local stat rest f
  TICKS=""
  read -r stat < "/proc/$1/stat" 2>/dev/null || return 0   # the server died: leave TICKS empty
  rest=${stat##*) }
  read -r -a f <<< "$rest"
  TICKS=$((f[11] + f[12]))
}

# field LINE KEY: the value of KEY=value in a RESULT line, or NA.
field() {
  local w
  for w in $1; do [[ $w == "$2="* ]] && { echo "${w#*=}"; return; }; done
  echo NA
}

# heap_used_kb PID: sum of the 'total NK, used NK' lines of GC.heap_info (young + old generation for
# Parallel and Serial, the single line for G1). Metaspace lines have no 'total' and are left out.
heap_used_kb() {
  jcmd "$1" GC.heap_info | awk '
    { if (match($0, /total [0-9]+K, used [0-9]+K/)) { s = substr($0, RSTART, RLENGTH); sub(/.*used /, "", s); sub(/K/, "", s); sum += s; n++ } }
    END { if (n == 0) exit 1; print sum }'
}

rss_kb() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status"; }

force_gc() { jcmd "$1" GC.run > /dev/null; }

# settled_heap_kb PID: heap used after a forced GC, repeated once a second until it stops falling
# (by less than 1%, at most 10 tries). A server may still be closing the warm-up pass's sessions.
settled_heap_kb() {
  local prev cur i
  force_gc "$1"; prev=$(heap_used_kb "$1") || return 1
  for ((i = 0; i < 10; i++)); do
    sleep 1
    force_gc "$1"; cur=$(heap_used_kb "$1") || return 1
    if (( cur * 100 >= prev * 99 )); then break; fi
    prev=$cur
  done
  echo "$cur"
}

record() {  # scenario round server then 9 figures
  local IFS=$'\t'
  echo "$*" >> "$TSV"
}

# ---------------------------------------------------------------------------------------------
# Scenarios a, b, d, e, f, t and z: closed-loop load.

# load_round SCENARIO ROUND IMPL CONNECTIONS DEPTH SIZE [TRANSPORT [SERVER_IMPL [WIRE_FLAGS [LOAD FLAG...]]]]:
# IMPL is the name the figures are recorded under, SERVER_IMPL the server started (default IMPL), WIRE_FLAGS
# what both the server and the load generator speak (--tls, --compression deflate), then flags for the load
# generator alone.
load_round() {
  local scenario=$1 round=$2 impl=$3 conns=$4 depth=$5 size=$6 transport=${7:-tcp} server_impl=${8:-$3} wire=${9:-}
  local extra=("${@:10}")
  local tag="$scenario-r$round-$impl" line result="" rc="" t0="" t1="" fd
  start_server "$server_impl" "$OUT/logs/$tag.server.log" "$transport" "$wire" || return $?
  # Read the load generator's stdout line by line: the script sleeps in read() and samples the
  # server's CPU the moment a window edge is announced.
  # shellcheck disable=SC2086
  exec {fd}< <("${PIN_LOAD[@]}" "$JAVA" $LOAD_JVM_OPTS -jar "$JAR" load --transport "$transport" $wire --port "$PORT" --connections "$conns" \
    --depth "$depth" --size "$size" --warmup "$WARMUP" --seconds "$SECONDS_MEASURED" "${extra[@]}" 2> "$OUT/logs/$tag.load.err"
    echo "EXIT $?")
  while IFS= read -r -u "$fd" line; do
    case $line in
      MEASURE_START) cpu_ticks "$SERVER_PID"; t0=$TICKS ;;
      MEASURE_END) cpu_ticks "$SERVER_PID"; t1=$TICKS ;;
      RESULT*) result=$line ;;
      EXIT*) rc=${line#EXIT } ;;
    esac
  done
  exec {fd}<&-
  stop_server
  echo "$result" > "$OUT/logs/$tag.load.out"
  if [[ $rc != 0 || -z $result || -z $t0 || -z $t1 ]]; then
    FAILURES=$((FAILURES + 1))
    printf '  [%s %d/%d] %-5s FAILED (exit %s): %s\n' "$scenario" "$round" "$ROUNDS" "$impl" "${rc:-?}" \
      "$(tail -n 1 "$OUT/logs/$tag.load.err")"
    return 1
  fi
  local msgs rate p50 p99 p999 cli srv lost
  msgs=$(field "$result" messages); rate=$(field "$result" msgs_per_sec); lost=$(field "$result" lost)
  p50=$(field "$result" p50_us); p99=$(field "$result" p99_us); p999=$(field "$result" p999_us)
  cli=$(awk -v n="$(field "$result" client_cpu_ns_per_msg)" 'BEGIN { printf "%.3f", n / 1000 }')
  srv=$(awk -v d=$((t1 - t0)) -v hz="$CLK_TCK" -v m="$msgs" 'BEGIN { printf "%.3f", d / hz * 1e6 / m }')
  local load1; read -r load1 _ < /proc/loadavg   # the machine's 1-minute load as the window ends
  record "$scenario" "$round" "$impl" "$rate" "$p50" "$p99" "$p999" "$srv" "$cli" NA NA "$lost" "$load1"
  # getty's server reports, as it stops, what its event loop allocated per echoed message (warm-up included).
  local alloc=""
  [[ $impl == getty ]] && alloc=$(sed -n 's/^ALLOC .*bytes_per_msg=\([0-9.]*\).*/  loop alloc \1 B\/msg/p' "$OUT/logs/$tag.server.log")
  [[ $transport == udp ]] && alloc+="  lost $lost"
  printf '  [%s %d/%d] %-5s %10s msgs/s  p50 %8s us  p99 %8s us  p999 %8s us  server cpu %6s us/msg  client cpu %6s us/msg%s  load %s\n' \
    "$scenario" "$round" "$ROUNDS" "$impl" "$(printf "%'d" "$rate" 2>/dev/null || echo "$rate")" "$p50" "$p99" "$p999" "$srv" "$cli" "$alloc" "$load1"
}

# ---------------------------------------------------------------------------------------------
# Scenario c: memory per idle session.

idle_round() {
  local round=$1 impl=$2 tag="c-r$1-$2"
  start_server "$impl" "$OUT/logs/$tag.server.log" || return $?
  # A warm-up pass with the same number of connections first, so one-off costs are not charged to
  # the sessions: lazily loaded classes, buffer pools, JIT-compiled accept/register paths (code
  # cache and compiler memory show up in RSS), grown selector tables. The client connects, proves
  # every connection served, sees EOF on stdin (/dev/null) and closes them all.
  # shellcheck disable=SC2086
  if ! "${PIN_LOAD[@]}" "$JAVA" $LOAD_JVM_OPTS -jar "$JAR" idle --port "$PORT" --connections "$IDLE_CONNECTIONS" \
       < /dev/null > /dev/null 2> "$OUT/logs/$tag.warm.err"; then
    echo "  [c $round/$ROUNDS] $impl FAILED warm-up: $(tail -n 1 "$OUT/logs/$tag.warm.err")"
    FAILURES=$((FAILURES + 1)); stop_server; return 1
  fi
  local heap0 rss0 heap1 rss1 fifo="$OUT/logs/idle.stdin" i rc=0
  heap0=$(settled_heap_kb "$SERVER_PID"); rss0=$(rss_kb "$SERVER_PID")

  # The idle client holds its connections until its stdin ends: feed it from a FIFO we close later.
  rm -f "$fifo"; mkfifo "$fifo"
  # shellcheck disable=SC2086
  "${PIN_LOAD[@]}" "$JAVA" $LOAD_JVM_OPTS -jar "$JAR" idle --port "$PORT" --connections "$IDLE_CONNECTIONS" \
    < "$fifo" > "$OUT/logs/$tag.idle.out" 2> "$OUT/logs/$tag.idle.err" &
  IDLE_PID=$!
  exec {IDLE_STDIN_FD}> "$fifo"
  for ((i = 0; i < 1200; i++)); do
    grep -q '^connected ' "$OUT/logs/$tag.idle.out" && break
    kill -0 "$IDLE_PID" 2>/dev/null || break
    sleep 0.1
  done
  if ! grep -q "^connected $IDLE_CONNECTIONS\$" "$OUT/logs/$tag.idle.out"; then
    echo "  [c $round/$ROUNDS] $impl FAILED: $(tail -n 1 "$OUT/logs/$tag.idle.err")"
    FAILURES=$((FAILURES + 1))
    exec {IDLE_STDIN_FD}>&-; IDLE_STDIN_FD=""
    wait "$IDLE_PID" 2>/dev/null || true; IDLE_PID=""
    stop_server; rm -f "$fifo"; return 1
  fi
  heap1=$(settled_heap_kb "$SERVER_PID"); rss1=$(rss_kb "$SERVER_PID")
  if ! [[ $heap0 =~ ^[0-9]+$ && $heap1 =~ ^[0-9]+$ && $rss0 =~ ^[0-9]+$ && $rss1 =~ ^[0-9]+$ ]]; then
    echo "  [c $round/$ROUNDS] $impl FAILED: could not read heap/RSS (jcmd GC.heap_info format?): '$heap0' '$heap1' '$rss0' '$rss1'"
    FAILURES=$((FAILURES + 1)); heap1=""
  fi

  exec {IDLE_STDIN_FD}>&-; IDLE_STDIN_FD=""   # EOF: the client closes everything and exits 0
  wait "$IDLE_PID" || rc=$?
  IDLE_PID=""
  rm -f "$fifo"
  stop_server
  if [[ $rc -ne 0 ]]; then
    echo "  [c $round/$ROUNDS] $impl FAILED: idle client exit $rc: $(tail -n 1 "$OUT/logs/$tag.idle.err")"
    FAILURES=$((FAILURES + 1)); return 1
  fi
  [[ -n $heap1 ]] || return 1
  local heap_b rss_b
  heap_b=$(awk -v a="$heap0" -v b="$heap1" -v c="$IDLE_CONNECTIONS" 'BEGIN { printf "%.0f", (b - a) * 1024 / c }')
  rss_b=$(awk -v a="$rss0" -v b="$rss1" -v c="$IDLE_CONNECTIONS" 'BEGIN { printf "%.0f", (b - a) * 1024 / c }')
  record c "$round" "$impl" NA NA NA NA NA NA "$heap_b" "$rss_b" NA NA
  printf '  [c %d/%d] %-5s heap %6s B/session (%s -> %s KiB)  rss %6s B/session (%s -> %s KiB)\n' \
    "$round" "$ROUNDS" "$impl" "$heap_b" "$heap0" "$heap1" "$rss_b" "$rss0" "$rss1"
}

# ---------------------------------------------------------------------------------------------
# Summary: medians per server and getty's ratios.

# median SCENARIO SERVER COLUMN: median over rounds, NA if none.
median() {
  awk -F'\t' -v s="$1" -v srv="$2" -v col="$3" 'NR > 1 && $1 == s && $3 == srv && $col != "NA" { print $col }' "$TSV" \
    | sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) print "NA"; else if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# spread SCENARIO SERVER COLUMN: max/min over rounds, to show how far to trust a median.
spread() {
  awk -F'\t' -v s="$1" -v srv="$2" -v col="$3" '
    NR > 1 && $1 == s && $3 == srv && $col != "NA" { v = $col + 0; if (n == 0 || v < lo) lo = v; if (n == 0 || v > hi) hi = v; n++ }
    END { if (n < 2 || lo <= 0) print "n/a"; else printf "%.2fx", hi / lo }' "$TSV"
}

# round_ratios SCENARIO COLUMN: getty/netty of COLUMN in each round, in order (n/a where one is missing).
round_ratios() {
  awk -F'\t' -v s="$1" -v col="$2" -v rounds="$ROUNDS" '
    NR > 1 && $1 == s && $col != "NA" { v[$2, $3] = $col }
    END {
      for (i = 1; i <= rounds; i++)
        printf " %s", (((i, "getty") in v) && ((i, "netty") in v) && v[i, "netty"] > 0) ? sprintf("%.2f", v[i, "getty"] / v[i, "netty"]) : "n/a"
      print ""
    }' "$TSV"
}

# round_loads SCENARIO: the 1-minute load average at the end of each round's runs, in order.
round_loads() {
  awk -F'\t' -v s="$1" 'NR > 1 && $1 == s && $13 != "" && $13 != "NA" { printf " %s", $13 } END { print "" }' "$TSV"
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "NA" || b == "NA" || b == 0) print "n/a"; else printf "%.2fx", a / b }'; }

summary_table() {  # SCENARIO TITLE COLUMN... (columns as "index:header")
  local scenario=$1 title=$2; shift 2
  local spec srv row
  echo
  echo "$title (median of $ROUNDS round(s))"
  row=$(printf '%-12s' server); for spec in "$@"; do row+=$(printf '%16s' "${spec#*:}"); done; echo "$row"
  for srv in getty netty bare; do
    row=$(printf '%-12s' "$srv")
    if [[ $(median "$scenario" "$srv" "${1%%:*}") == NA ]]; then
      echo "$row  (no data: not run, skipped or failed)"; continue
    fi
    for spec in "$@"; do row+=$(printf '%16s' "$(median "$scenario" "$srv" "${spec%%:*}")"); done
    echo "$row"
  done
  for base in netty bare; do
    row=$(printf '%-12s' "getty/$base")
    for spec in "$@"; do
      row+=$(printf '%16s' "$(ratio "$(median "$scenario" getty "${spec%%:*}")" "$(median "$scenario" "$base" "${spec%%:*}")")")
    done
    echo "$row"
  done
  if (( ROUNDS > 1 )); then
    echo "spread over rounds (max/min; a ratio smaller than the spread may be noise):"
    for srv in getty netty bare; do
      [[ $(median "$scenario" "$srv" "${1%%:*}") == NA ]] && continue
      row=$(printf '%-12s' "  $srv"); for spec in "$@"; do row+=$(printf '%16s' "$(spread "$scenario" "$srv" "${spec%%:*}")"); done
      echo "$row"
    done
  fi
  if [[ $scenario != c && $(median "$scenario" netty 8) != NA && $(median "$scenario" getty 8) != NA ]]; then
    echo "getty/netty server CPU per message in each round:$(round_ratios "$scenario" 8)"
    echo "load average (1 min) as each run ended:$(round_loads "$scenario")"
  fi
}

# ---------------------------------------------------------------------------------------------
# Main.

echo "getty echo benchmark: servers ${ACTIVE_SERVERS[*]}; scenarios $SCENARIOS; $ROUNDS round(s);" \
  "warm-up ${WARMUP}s + ${SECONDS_MEASURED}s measured"
echo "machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'); $("$JAVA" -version 2>&1 | head -n 1)"
echo "server JVM: $SERVER_JVM_OPTS (pinned: ${PIN_SERVER[*]:-none}); load JVM: $LOAD_JVM_OPTS (pinned: ${PIN_LOAD[*]:-none})"
echo "open files limit: $NOFILE; results in $OUT"

run_rounds() {  # SCENARIO: every round runs every active server once, alternating
  local scenario=$1 round impl
  for ((round = 1; round <= ROUNDS; round++)); do
    for impl in "${ACTIVE_SERVERS[@]}"; do
      case $scenario in
        a) load_round a "$round" "$impl" 64 16 256 || true ;;
        b) load_round b "$round" "$impl" 1 1 64 || true ;;
        c) idle_round "$round" "$impl" || true ;;
        d) load_round d "$round" "$impl" "$MANY_CONNECTIONS" 1 64 || true ;;
        e) load_round e "$round" "$impl" 8 4 65536 || true ;;
        f) [[ $impl == bare ]] || load_round f "$round" "$impl" 4 8 256 udp || true ;;
        g) [[ $impl == bare ]] || load_round g "$round" "$impl" 16 8 256 tcp "${impl}_ws" "" --websocket /echo || true ;;
        t) [[ $impl == bare ]] || load_round t "$round" "$impl" 64 16 256 tcp "$impl" --tls || true ;;
        z) [[ $impl == bare ]] || load_round z "$round" "$impl" 64 16 256 tcp "$impl" "--compression deflate" || true ;;
      esac
    done
  done
}

for scenario in "${SCENARIO_LIST[@]}"; do
  case $scenario in
    a) echo; echo "scenario a: 64 connections x 16 in flight x 256 B" ;;
    b) echo; echo "scenario b: 1 connection x 1 in flight x 64 B" ;;
    c)
      echo; echo "scenario c: $IDLE_CONNECTIONS idle connections"
      if (( NOFILE < IDLE_CONNECTIONS + 1000 )); then
        echo "  skipped: open-files limit $NOFILE is below $((IDLE_CONNECTIONS + 1000)); raise the hard limit (ulimit -Hn)"
        continue
      fi ;;
    d)
      echo; echo "scenario d: $MANY_CONNECTIONS connections x 1 in flight x 64 B"
      if (( NOFILE < MANY_CONNECTIONS + 1000 )); then
        echo "  skipped: open-files limit $NOFILE is below $((MANY_CONNECTIONS + 1000)); raise the hard limit (ulimit -Hn)"
        continue
      fi ;;
    e) echo; echo "scenario e: 8 connections x 4 in flight x 64 KiB" ;;
    f) echo; echo "scenario f: UDP, 4 peers x 8 datagrams in flight x 256 B (bare NIO has no UDP server)" ;;
    g) echo; echo "scenario g: WebSocket, 16 connections x 8 in flight x 256 B binary (getty_ws, netty_ws)" ;;
    t) echo; echo "scenario t: TLS 1.3 (TLS_AES_128_GCM_SHA256), 64 connections x 16 in flight x 256 B (bare NIO has no TLS server)" ;;
    z) echo; echo "scenario z: deflate at best speed, 64 connections x 16 in flight x 256 B (bare NIO has no deflate)" ;;
  esac
  run_rounds "$scenario"
done

for scenario in "${SCENARIO_LIST[@]}"; do
  case $scenario in
    a) summary_table a "scenario a: 64 x 16 x 256 B" 4:msgs/s 5:p50_us 6:p99_us 7:p999_us 8:srv_cpu_us/msg 9:cli_cpu_us/msg ;;
    b) summary_table b "scenario b: 1 x 1 x 64 B" 4:msgs/s 5:p50_us 6:p99_us 7:p999_us 8:srv_cpu_us/msg 9:cli_cpu_us/msg ;;
    c) summary_table c "scenario c: $IDLE_CONNECTIONS idle connections" 10:heap_B/session 11:rss_B/session ;;
    d) summary_table d "scenario d: $MANY_CONNECTIONS x 1 x 64 B" 4:msgs/s 5:p50_us 6:p99_us 7:p999_us 8:srv_cpu_us/msg 9:cli_cpu_us/msg ;;
    e) summary_table e "scenario e: 8 x 4 x 64 KiB" 4:msgs/s 5:p50_us 6:p99_us 7:p999_us 8:srv_cpu_us/msg 9:cli_cpu_us/msg ;;
    f) summary_table f "scenario f: UDP 4 x 8 x 256 B" 4:msgs/s 5:p50_us 6:p99_us 8:srv_cpu_us/msg 9:cli_cpu_us/msg 12:lost ;;
    g) summary_table g "scenario g: WebSocket 16 x 8 x 256 B (getty = getty_ws, netty = netty_ws)" 4:msgs/s 5:p50_us 6:p99_us 7:p999_us 8:srv_cpu_us/msg 9:cli_cpu_us/msg ;;
    t) summary_table t "scenario t: TLS 1.3, 64 x 16 x 256 B" 4:msgs/s 5:p50_us 6:p99_us 7:p999_us 8:srv_cpu_us/msg 9:cli_cpu_us/msg ;;
    z) summary_table z "scenario z: deflate, 64 x 16 x 256 B" 4:msgs/s 5:p50_us 6:p99_us 7:p999_us 8:srv_cpu_us/msg 9:cli_cpu_us/msg ;;
  esac
done
echo
echo "raw figures: $TSV"
if (( FAILURES > 0 )); then
  echo "$FAILURES run(s) FAILED; see $OUT/logs" >&2
  exit 1
fi
