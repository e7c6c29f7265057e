#!/usr/bin/env bash
# Benchmarks of the NativeAOT notifier, run the way Checkmk runs it: a fresh process per notification with the
# context in NOTIFY_* variables, against a loopback iLert stand-in (bench/Sink, Kestrel) answering 202.
#
#   bench/run.sh [--bin PATH/ilert-notify] [--out DIR] [--quick]
#                [--runs N] [--queued N] [--throughput-runs N] [--storm N] [--fill-bin PATH]
#
# --runs, --queued, --throughput-runs, --storm (0: none) size the parts one by one. --fill-bin fills the
# throughput queue with another binary (the spool format is the same on every architecture): the arm64 lane's
# qemu wrapper measures saves and sends, a native binary writes the 10,000 events it would take an hour to save.
#
# Needs: the .NET SDK, curl, flock, python3, GNU time (/usr/bin/time), hyperfine (Debian: apt-get install
# hyperfine time). Without --bin it publishes the binary first. Results: DIR/results.md (default
# artifacts/bench/results.md) plus the raw hyperfine JSON and logs beside it.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

bin=""
fill_bin=""
out="$root/artifacts/bench"
save_runs=300
throughput_runs=5
queued=10000
incidents=100
storm=1000
storm_parallel=50
while [ $# -gt 0 ]; do
  case "$1" in
    --bin) bin=$(realpath "$2"); shift 2 ;;
    --out) out=$(realpath -m "$2"); shift 2 ;;
    --quick) save_runs=50; throughput_runs=2; queued=2000; storm=200; shift ;;
    --runs) save_runs=$2; shift 2 ;;
    --queued) queued=$2; shift 2 ;;
    --throughput-runs) throughput_runs=$2; shift 2 ;;
    --storm) storm=$2; shift 2 ;;
    --fill-bin) fill_bin=$(realpath "$2"); shift 2 ;;
    *) echo "usage: bench/run.sh [--bin PATH] [--out DIR] [--quick] [--runs N] [--queued N] [--throughput-runs N] [--storm N] [--fill-bin PATH]" >&2; exit 2 ;;
  esac
done
for tool in curl flock python3 hyperfine /usr/bin/time dotnet; do
  command -v "$tool" >/dev/null || { echo "missing: $tool (Debian: apt-get install curl util-linux python3 hyperfine time)" >&2; exit 2; }
done

rm -rf "$out" && mkdir -p "$out"
work=$(mktemp -d /tmp/ilert-bench.XXXXXX)
sink_pid=""
cleanup() {
  [ -n "$sink_pid" ] && kill "$sink_pid" 2>/dev/null && wait "$sink_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
log() { printf '%s\n' "$*" | tee -a "$out/results.md"; }
run() { printf '  $ %s\n' "$*" >> "$out/commands.txt"; "$@"; }

# --- the binaries ----------------------------------------------------------------------------------------------
if [ -z "$bin" ]; then
  run dotnet publish plugin/IlertNotify.csproj -c Release -r linux-x64 -o "$work/x64" -nologo >"$out/publish-x64.log"
  bin="$work/x64/ilert-notify"
fi
fill_bin=${fill_bin:-$bin}
run dotnet build bench/Sink/Sink.csproj -c Release -o "$work/sink" -nologo >"$out/build-sink.log"

# --- the stand-in ----------------------------------------------------------------------------------------------
port=""
start_sink() {
  "$work/sink/ilert-sink" "${1:-0}" >"$work/sink.out" 2>&1 &
  sink_pid=$!
  for _ in $(seq 1 100); do
    port=$(sed -n 's/^listening //p' "$work/sink.out" 2>/dev/null || true)  # the file may not exist yet
    [ -n "$port" ] && return
    sleep 0.1
  done
  echo "the stand-in did not start" >&2; cat "$work/sink.out" >&2; exit 1
}
stop_sink() { kill "$sink_pid"; wait "$sink_pid" 2>/dev/null || true; sink_pid=""; }
stats() { curl -sf "http://127.0.0.1:$port/stats"; }
reset() { curl -sf -X POST "http://127.0.0.1:$port/reset" >/dev/null; }
field() { sed -n "s/.*\b$1=\([0-9.]*\).*/\1/p" <<<"$2"; }
expect() { # expect NAME ACTUAL WANTED
  if [ "$2" != "$3" ]; then echo "FAILED: $1 is $2, expected $3" | tee -a "$out/results.md" >&2; failures=$((failures + 1)); fi
}
failures=0
start_sink

# --- a Checkmk service notification, with the rule's parameters ------------------------------------------------
export OMD_SITE=bench NOTIFY_WHAT=SERVICE NOTIFY_NOTIFICATIONTYPE=PROBLEM NOTIFY_HOSTADDRESS=10.0.0.1
export NOTIFY_SERVICEDESC="CPU load" NOTIFY_SERVICESTATE=CRITICAL NOTIFY_LASTSERVICESTATE=OK
export NOTIFY_SERVICEOUTPUT="CRIT - 15 min load: 12.30 (warn/crit at 8.00/10.00)" NOTIFY_CONTACTNAME=cmkadmin
export NOTIFY_SERVICEPROBLEMID=4711 NOTIFY_DATE=2026-11-26 NOTIFY_SHORTDATETIME="2026-11-26 01:00:00"
export NOTIFY_PARAMETER_API_KEY=$'password\til1benchmarkkey0000000000' NOTIFY_PARAMETER_TIMEOUT=10
export NOTIFY_HOSTNAME=web01 NOTIFY_MARKER="web01#0"
# One key for every event: at iLert's real 50 a minute the flush would measure the throttle (bench/storm.sh does
# that), not the notifier.
export NOTIFY_PARAMETER_RATE_LIMIT=100000
endpoint() { export NOTIFY_PARAMETER_ENDPOINT="http://127.0.0.1:$1"; }
endpoint "$port"

pct() { # pct FILE: median and p95 (nearest rank) of the numbers in FILE, one a line
  python3 - "$1" <<'PY'
import math, sys
v = sorted(float(x) for x in open(sys.argv[1]) if x.strip())
rank = lambda p: v[max(0, math.ceil(p / 100 * len(v)) - 1)]
print(f"{rank(50):.2f} {rank(95):.2f} {v[0]:.2f} {v[-1]:.2f} {len(v)}")
PY
}
peak_rss_mb() { awk -F': ' '/Maximum resident set size/ { printf "%.1f", $2 / 1024 }' "$1"; }

{
  echo "# Benchmark results"
  echo
  echo "- date: $(date -u +%Y-%m-%dT%H:%M:%SZ), commit $(git rev-parse --short HEAD 2>/dev/null || echo '?')"
  echo "- machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //'), $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo) RAM"
  echo "- kernel: $(uname -sr); $(. /etc/os-release && echo "$PRETTY_NAME")"
  echo "- .NET SDK $(dotnet --version); binary: $bin ($("$bin" --version))"
  echo "- spool file system: $(df -T "$work" | awk 'NR==2 {print $2}') ($work); load average before the run: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo
} | tee "$out/results.md"

# --- 1. save: process start to exit, event delivered -----------------------------------------------------------
export NOTIFY_PARAMETER_SPOOL_DIR="$work/spool-save"
reset
run hyperfine -N --warmup 20 --runs "$save_runs" --export-json "$out/save.json" "$bin" >"$out/save.txt"
python3 -c 'import json,sys; [print(t*1000) for t in json.load(open(sys.argv[1]))["results"][0]["times"]]' "$out/save.json" >"$work/save-ms"
read -r p50 p95 min max n < <(pct "$work/save-ms")
s=$(stats)
log "## save (fresh process, event spooled and delivered, server answering 202)"
log "- median ${p50} ms, p95 ${p95} ms (min ${min}, max ${max}, ${n} runs after 20 warm-up runs)"
expect "events received by the stand-in" "$(field received "$s")" "$((save_runs + 20))"
expect "events left in the spool" "$(find "$work/spool-save" -name '*.event' | wc -l)" 0

# The same without the delivery: a flush holds the lock, so each save only spools (the part Checkmk waits for
# when iLert is slow or a cron flush is running).
export NOTIFY_PARAMETER_SPOOL_DIR="$work/spool-only"
mkdir -p "$work/spool-only" && chmod 700 "$work/spool-only"
# The sleep itself holds the lock (fd 9), so killing it releases the lock and leaves nothing behind.
(exec 9>"$work/spool-only/.lock" && flock 9 && exec sleep 3600) &
holder=$!
sleep 0.2
run hyperfine -N --warmup 20 --runs "$save_runs" --export-json "$out/save-spool-only.json" "$bin" >"$out/save-spool-only.txt"
kill "$holder"; wait "$holder" 2>/dev/null || true
python3 -c 'import json,sys; [print(t*1000) for t in json.load(open(sys.argv[1]))["results"][0]["times"]]' "$out/save-spool-only.json" >"$work/spool-ms"
read -r p50 p95 min max n < <(pct "$work/spool-ms")
log "- spooling only (another flush holds the lock): median ${p50} ms, p95 ${p95} ms"
expect "events spooled" "$(find "$work/spool-only" -name '*.event' | wc -l)" "$((save_runs + 20))"
rm -rf "$work/spool-only"

# The same with the spool on tmpfs, where fsync costs nothing: what the notifier itself costs, without the disk.
export NOTIFY_PARAMETER_SPOOL_DIR="/dev/shm/$(basename "$work")-save"
reset
run hyperfine -N --warmup 20 --runs "$save_runs" --export-json "$out/save-tmpfs.json" "$bin" >"$out/save-tmpfs.txt"
python3 -c 'import json,sys; [print(t*1000) for t in json.load(open(sys.argv[1]))["results"][0]["times"]]' "$out/save-tmpfs.json" >"$work/tmpfs-ms"
read -r p50 p95 min max n < <(pct "$work/tmpfs-ms")
log "- spool on tmpfs (/dev/shm, fsync free), delivered: median ${p50} ms, p95 ${p95} ms"
expect "events received (tmpfs)" "$(field received "$(stats)")" "$((save_runs + 20))"
rm -rf "$NOTIFY_PARAMETER_SPOOL_DIR"
run hyperfine -N --warmup 20 --runs "$save_runs" --export-json "$out/version.json" "$bin --version" >"$out/version.txt"
python3 -c 'import json,sys; [print(t*1000) for t in json.load(open(sys.argv[1]))["results"][0]["times"]]' "$out/version.json" >"$work/version-ms"
read -r p50 p95 min max n < <(pct "$work/version-ms")
log "- for scale, process start alone (ilert-notify --version): median ${p50} ms, p95 ${p95} ms"

export NOTIFY_PARAMETER_SPOOL_DIR="$work/spool-save"
: >"$work/save-rss"
for i in 1 2 3 4 5; do
  run /usr/bin/time -v -o "$work/rss.txt" "$bin" >/dev/null
  peak_rss_mb "$work/rss.txt" >>"$work/save-rss"; echo >>"$work/save-rss"
done
read -r rss50 _ _ rssmax _ < <(pct "$work/save-rss")
log "- peak RSS (GNU time, 5 runs): median ${rss50} MB, max ${rssmax} MB"
log ""

# --- 2. flush throughput: $queued queued events, one send ------------------------------------------------------
# The queue is written by real saves while a flush "runs" (the lock is held), two writers, each owning half of the
# incidents and saving them in order, so the marker's sequence is the creation order within its incident.
seed="$work/seed"
mkdir -p "$seed" && chmod 700 "$seed"
export NOTIFY_PARAMETER_SPOOL_DIR="$seed"
writer() { # writer PARITY
  local i host
  for ((i = $1; i < queued; i += 2)); do
    host="h$(printf '%03d' $((i % incidents)))"
    NOTIFY_HOSTNAME=$host NOTIFY_MARKER="$host#$((i / incidents))" "$fill_bin" >/dev/null || { echo "save $i failed" >&2; return 1; }
  done
}
export -f writer
export fill_bin queued incidents
started=$(date +%s%N)
run flock "$seed/.lock" bash -c 'writer 0 & writer 1 & wait' 2>&1 | tee -a "$out/fill.log" >&2 || true
filled_s=$(awk -v a="$started" -v b="$(date +%s%N)" 'BEGIN { printf "%.1f", (b - a) / 1e9 }')
expect "events queued for the throughput test" "$(find "$seed" -name '*.event' | wc -l)" "$queued"

: >"$work/rate"; : >"$work/send-rss"
for r in $(seq 1 "$throughput_runs"); do
  rm -rf "$work/spool-send" && cp -a "$seed" "$work/spool-send"
  reset
  t0=$(date +%s%N)
  run /usr/bin/time -v -o "$work/rss.txt" "$bin" send -d "$work/spool-send" >"$out/send-$r.log"
  t1=$(date +%s%N)
  s=$(stats)
  awk -v n="$queued" -v a="$t0" -v b="$t1" 'BEGIN { printf "%.0f\n", n / ((b - a) / 1e9) }' >>"$work/rate"
  peak_rss_mb "$work/rss.txt" >>"$work/send-rss"; echo >>"$work/send-rss"
  expect "run $r: received" "$(field received "$s")" "$queued"
  expect "run $r: unique" "$(field unique "$s")" "$queued"
  expect "run $r: out of order within an incident" "$(field reordered "$s")" 0
  expect "run $r: left in the spool" "$(find "$work/spool-send" -name '*.event' | wc -l)" 0
done
read -r r50 r95 rmin rmax n < <(pct "$work/rate")
read -r rss50 _ _ rssmax _ < <(pct "$work/send-rss")
log "## flush throughput ($queued queued events over $incidents incidents, one send, wall clock of the process)"
log "- median ${r50} events/s (min ${rmin}, max ${rmax}; ${n} runs); every run: ${queued} received, ${queued} unique, 0 out of order, spool empty"
log "- peak RSS of the send: median ${rss50} MB, max ${rssmax} MB"
log "- (filling the queue with ${queued} saves of $(basename "$fill_bin"), two writers, flush lock held: ${filled_s} s)"
log ""
rm -rf "$seed" "$work/spool-send"

# --- 3. storm: $storm saves, $storm_parallel at a time, iLert down; then one send -------------------------------
if [ "$storm" -gt 0 ]; then
stop_sink
down_port=$port
export NOTIFY_PARAMETER_SPOOL_DIR="$work/spool-storm"
storm_one() { # storm_one I
  local code=0
  NOTIFY_HOSTNAME="storm$(($1 % 50))" NOTIFY_MARKER="storm-$1" "$bin" >"$STORM_LOGS/$1.log" 2>&1 || code=$?
  echo "$code" >"$STORM_LOGS/$1.code"
}
export -f storm_one
export STORM_LOGS="$work/storm-logs"
mkdir -p "$STORM_LOGS"
t0=$(date +%s%N)
seq 0 $((storm - 1)) | run xargs -P "$storm_parallel" -n 1 bash -c 'storm_one "$1"' _
t1=$(date +%s%N)
storm_s=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", (b - a) / 1e9 }')
nonzero=$(cat "$STORM_LOGS"/*.code | grep -cv '^0$' || true)
queued_after=$(find "$work/spool-storm" -name '*.event' | wc -l)
start_sink "$down_port"
t0=$(date +%s%N)
run "$bin" send -d "$work/spool-storm" >"$out/storm-send.log"
t1=$(date +%s%N)
s=$(stats)
log "## storm ($storm saves, $storm_parallel at a time, iLert down; then one send)"
log "- saves took ${storm_s} s in all; exit codes other than 0: ${nonzero}; queued afterwards: ${queued_after}"
log "- the send after iLert came back: $(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", (b - a) / 1e9 }') s; stand-in: ${s}"
expect "storm saves that did not exit 0" "$nonzero" 0
expect "storm events queued" "$queued_after" "$storm"
expect "storm events received" "$(field received "$s")" "$storm"
expect "storm events unique" "$(field unique "$s")" "$storm"
expect "storm events left in the spool" "$(find "$work/spool-storm" -name '*.event' -o -name '*.tmp' | wc -l)" 0
log ""
fi

# --- 4. binary size per architecture ---------------------------------------------------------------------------
log "## binary size"
if [ "$(head -c 2 "$bin")" = "#!" ]; then
  log "- $bin is a wrapper script (the arm64 lane's qemu wrapper): the binaries are sized below and in docs/BENCHMARKS.md"
else
  log "- linux-x64: $(stat -c %s "$bin") bytes ($(awk -v b="$(stat -c %s "$bin")" 'BEGIN { printf "%.2f", b / 1048576 }') MiB)"
fi
if command -v clang >/dev/null && command -v ld.lld >/dev/null && [ -d /usr/aarch64-linux-gnu/lib ]; then
  if run dotnet publish plugin/IlertNotify.csproj -c Release -r linux-arm64 -p:LinkerFlavor=lld -o "$work/arm64" -nologo >"$out/publish-arm64.log" 2>&1; then
    arm=$work/arm64/ilert-notify
    log "- linux-arm64: $(stat -c %s "$arm") bytes ($(awk -v b="$(stat -c %s "$arm")" 'BEGIN { printf "%.2f", b / 1048576 }') MiB)"
  else
    log "- linux-arm64: cross-publish failed, see publish-arm64.log"
  fi
else
  log "- linux-arm64: not built (needs clang, lld and the arm64 cross packages, see docs/BENCHMARKS.md)"
fi
log ""
log "Commands: see commands.txt; raw timings: save.json, save-spool-only.json."
if [ "$failures" -gt 0 ]; then
  log "$failures CHECK(S) FAILED"
  exit 1
fi
log "All checks passed."
