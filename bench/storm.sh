#!/usr/bin/env bash
# Storms on iLert's throttle, at iLert's real terms: the stand-in (bench/Sink --throttle) accepts at most LIMIT
# requests per API key in any WINDOW-second sliding window and answers 429 (JSON body, no Retry-After) past it.
#
#   bench/storm.sh [--bin PATH/ilert-notify] [--out DIR] [--only a,b,c] [--limit 50] [--window 60] [--cron 60]
#
#   a  120 events on one key: 100 incidents with a PROBLEM only, 10 with a PROBLEM then a RECOVERY (issue 7's
#      storm; saved as 110 PROBLEMs, then the RECOVERYs of the first 10 incidents)
#   b  1,000 events on one key: 100 incidents x 10 events (PROBLEM, ACKNOWLEDGEMENT, RECOVERY, PROBLEM, ...)
#      For a and b every event is saved the way Checkmk calls the notifier (NOTIFY_* variables, no arguments,
#      one save after another) while nothing listens on the endpoint; then the stand-in starts on that port
#      and `ilert-notify send -d SPOOL` starts every CRON seconds from the first, like cron: in the background,
#      whether or not the previous run has ended, until a run boundary finds the spool empty.
#   c  iLert accepts the connection and never answers: 20 saves one after another (rule timeout 10 s, then in
#      a fresh spool 45 s), the wall time of each; then the stand-in answers again and one send runs.
#
# Without --bin it publishes HEAD's binary (git archive HEAD, dotnet publish -c Release -r linux-x64) into a
# temporary directory.
# --window/--limit other than 60/50 are passed to the saves as --rate-window/--rate-limit (to try the script
# quickly); the real figures are taken with the defaults, i.e. with no flag at all, as Checkmk calls it.
# Results: DIR/storm.md (default artifacts/bench/storm/storm.md), and per scenario the stand-in's request log
# (requests.tsv: arrival in Unix µs, key, status, host, type, marker), its accepted order, every run's log.
# Exits 1 when an event is lost, duplicated or reordered, or a spool is not empty at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

bin=""
out="$root/artifacts/bench/storm"
only="a,b,c"
limit=50
window=60
cron=60
while [ $# -gt 0 ]; do
  case "$1" in
    --bin) bin=$(realpath "$2"); shift 2 ;;
    --out) out=$(realpath -m "$2"); shift 2 ;;
    --only) only=$2; shift 2 ;;
    --limit) limit=$2; shift 2 ;;
    --window) window=$2; shift 2 ;;
    --cron) cron=$2; shift 2 ;;
    *) echo "usage: bench/storm.sh [--bin PATH] [--out DIR] [--only a,b,c] [--limit N] [--window SEC] [--cron SEC]" >&2; exit 2 ;;
  esac
done
for tool in curl python3 dotnet; do
  command -v "$tool" >/dev/null || { echo "missing: $tool" >&2; exit 2; }
done

rm -rf "$out" && mkdir -p "$out"
work=$(mktemp -d /tmp/ilert-storm.XXXXXX)
sink_pid=""
declare -a run_pids=()
cleanup() {
  for pid in "${run_pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  [ -n "$sink_pid" ] && kill "$sink_pid" 2>/dev/null && wait "$sink_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
log() { printf '%s\n' "$*" | tee -a "$out/storm.md"; }
run() { printf '  $ %s\n' "$*" >> "$out/commands.txt"; "$@"; }
now_us() { echo $(($(date +%s%N) / 1000)); }
failures=0

# --- the binaries ----------------------------------------------------------------------------------------------
# Published from the committed tree (git archive HEAD), so that uncommitted work in plugin/ is not measured.
if [ -z "$bin" ]; then
  built_from="published from commit $(git rev-parse --short HEAD) (git archive HEAD)"
  mkdir -p "$work/src"
  printf '  $ git archive HEAD | tar -x -C %s && cd %s\n' "$work/src" "$work/src" >>"$out/commands.txt"
  git archive HEAD | tar -x -C "$work/src"
  (cd "$work/src" && run dotnet publish plugin/IlertNotify.csproj -c Release -r linux-x64 -o "$work/x64" -nologo) >"$out/publish-x64.log"
  bin="$work/x64/ilert-notify"
else
  built_from="given with --bin; the tree is at commit $(git rev-parse --short HEAD 2>/dev/null || echo '?')"
fi
run dotnet build bench/Sink/Sink.csproj -c Release -o "$work/sink" -nologo >"$out/build-sink.log"

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }
start_sink() { # start_sink PORT LOG [ARGS...]
  local port=$1 journal=$2; shift 2
  # Started directly, not through run(): $! must be the stand-in itself, or stop_sink would leave it running.
  printf '  $ %s\n' "$work/sink/ilert-sink $port --log $journal $*" >>"$out/commands.txt"
  "$work/sink/ilert-sink" "$port" --log "$journal" "$@" >"$work/sink.out" 2>&1 &
  sink_pid=$!
  for _ in $(seq 1 100); do
    grep -q '^listening ' "$work/sink.out" && return
    sleep 0.05
  done
  echo "the stand-in did not start" >&2; cat "$work/sink.out" >&2; exit 1
}
stop_sink() { kill "$sink_pid"; wait "$sink_pid" 2>/dev/null || true; sink_pid=""; }
# A few requests on another key first: the stand-in's first request pays its JIT, which would otherwise count as
# network latency between the notifier's clock and the stand-in's (the notifier's pacer allows 2% + 50 ms).
warm_up() {
  for i in 1 2 3 4 5; do
    curl -sf -o /dev/null -X POST --data '<event><apiKey>warm-up</apiKey><payload/></event>' "http://127.0.0.1:$1/api/v1/events/nagios"
  done
}
queued() { find "$1" -maxdepth 1 -name '*.event' | wc -l; }

# --- a Checkmk service notification, with the rule's parameters ------------------------------------------------
key=il1stormbenchkey0000000000000001
export OMD_SITE=bench NOTIFY_WHAT=SERVICE NOTIFY_HOSTADDRESS=10.0.0.1 NOTIFY_SERVICEDESC="CPU load"
export NOTIFY_CONTACTNAME=cmkadmin NOTIFY_DATE=2026-11-26 NOTIFY_SHORTDATETIME="2026-11-26 01:00:00"
export NOTIFY_PARAMETER_API_KEY=$'password\t'"$key" NOTIFY_PARAMETER_API_KEY_1=password NOTIFY_PARAMETER_API_KEY_2=$key
export NOTIFY_PARAMETER_TIMEOUT=10
rate_args=()
[ "$window" != 60 ] && rate_args+=(--rate-window "$window")
[ "$limit" != 50 ] && rate_args+=(--rate-limit "$limit")

# save SPOOL HOST TYPE MARKER: one Checkmk call; prints "exit-code wall-µs"
save() {
  local state output="CRIT - load 12.3" t0 t1 code=0
  case "$3" in RECOVERY) state=OK ;; *) state=CRITICAL ;; esac
  [ "$3" = RECOVERY ] && output="OK - load 0.4"
  t0=$(now_us)
  NOTIFY_PARAMETER_SPOOL_DIR=$1 NOTIFY_HOSTNAME=$2 NOTIFY_NOTIFICATIONTYPE=$3 NOTIFY_MARKER=$4 \
    NOTIFY_SERVICESTATE=$state NOTIFY_LASTSERVICESTATE=$([ "$state" = OK ] && echo CRITICAL || echo OK) \
    NOTIFY_SERVICEOUTPUT="$output" NOTIFY_SERVICEPROBLEMID=$((10#${2#host} + 1000)) \
    "$bin" "${rate_args[@]}" >>"$SAVE_LOG" 2>&1 || code=$?
  t1=$(now_us)
  echo "$code $((t1 - t0))"
}

{
  echo "# Storm on iLert's throttle"
  echo
  echo "- date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "- machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //'), $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo) RAM; $(uname -sr); $(. /etc/os-release && echo "$PRETTY_NAME")"
  echo "- binary: $bin ($("$bin" --version)), $built_from"
  echo "- stand-in throttle ${limit} per ${window} s per key; cron every ${cron} s"
  echo "- load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo
} | tee "$out/storm.md"

# --- a and b: a storm queued while iLert is down, then cron-like sends ----------------------------------------
storm() { # storm NAME PLAN-FILE (lines: host type sequence)
  local name=$1 plan=$2 dir="$out/$1" spool="$work/$1-spool" port t0 k=0 start left
  mkdir -p "$dir"
  port=$(free_port)
  export NOTIFY_PARAMETER_ENDPOINT="http://127.0.0.1:$port"
  SAVE_LOG="$dir/saves.log"
  : >"$dir/saves.tsv"
  printf '  $ (%s saves, one after another, NOTIFY_* as above, endpoint %s with nothing listening) %s %s\n' \
    "$(wc -l <"$plan")" "$NOTIFY_PARAMETER_ENDPOINT" "$bin" "${rate_args[*]}" >>"$out/commands.txt"
  while read -r host type seq; do
    read -r code us < <(save "$spool" "$host" "$type" "$host#$seq")
    printf '%s\t%s\t%s\t%s\t%s\n' "$host" "$type" "$seq" "$code" "$us" >>"$dir/saves.tsv"
  done <"$plan"
  local saved; saved=$(queued "$spool")

  start_sink "$port" "$dir/requests.tsv" --throttle "$limit" --window "$window"
  warm_up "$port"
  t0=$(now_us)
  : >"$dir/runs.tsv"
  run_pids=()
  while :; do
    start=$((t0 + k * cron * 1000000))
    left=$((start - $(now_us)))
    [ "$left" -gt 0 ] && sleep "$(awk -v u="$left" 'BEGIN { printf "%.6f", u / 1e6 }')"
    if [ "$(queued "$spool")" -eq 0 ] || [ "$k" -ge 60 ]; then
      break
    fi
    printf '%s\t%s\n' "$k" "$(cut -d' ' -f1 /proc/loadavg)" >>"$dir/load.tsv"
    (
      s=$(now_us); code=0
      "$bin" send -d "$spool" >"$dir/send-$k.log" 2>&1 || code=$?
      printf '%s\t%s\t%s\t%s\t%s\n' "$k" "$s" "$(now_us)" "$code" "$(queued "$spool")" >>"$dir/runs.tsv"
    ) &
    run_pids+=($!)
    k=$((k + 1))
  done
  printf '  $ (every %s s from the first, in the background) %s send -d %s\n' "$cron" "$bin" "$spool" >>"$out/commands.txt"
  for pid in "${run_pids[@]}"; do wait "$pid" || true; done
  run_pids=()
  local end_queued; end_queued=$(queued "$spool")
  curl -sf "http://127.0.0.1:$port/keys" >"$dir/keys.txt"
  curl -sf "http://127.0.0.1:$port/accepted" >"$dir/accepted.tsv"
  curl -sf "http://127.0.0.1:$port/stats" >"$dir/stats.txt"
  stop_sink
  cp "$spool/.delivery-state" "$dir/delivery-state" 2>/dev/null || true
  local failed; failed=$(find "$spool" -path '*failed*' -name '*.event' 2>/dev/null | wc -l)

  python3 - "$name" "$plan" "$dir" "$t0" "$window" "$limit" "$saved" "$end_queued" "$failed" >>"$dir/summary.md" <<'PY'
import collections, statistics, sys
name, plan, d, t0, window, limit, saved, left, failed = sys.argv[1:]
t0, window, limit = int(t0), float(window), int(limit)
planned = [tuple(l.split()) for l in open(plan) if l.strip()]
markers = [f"{h}#{s}" for h, t, s in planned]
key = "il1stormbenchkey0000000000000001"
rows = [r for r in (l.rstrip("\n").split("\t") for l in open(f"{d}/requests.tsv") if l.strip()) if r[1] == key]
acc = [r for r in (l.rstrip("\n").split("\t") for l in open(f"{d}/accepted.tsv") if l.strip()) if r[1] == key]
runs = sorted((l.strip().split("\t") for l in open(f"{d}/runs.tsv") if l.strip()), key=lambda r: int(r[0]))
saves = [l.rstrip("\n").split("\t") for l in open(f"{d}/saves.tsv") if l.strip()]

requests = len(rows)
throttled = [int(r[0]) for r in rows if r[2] == "429"]
accepted_markers = [a[5] for a in acc]
count = collections.Counter(accepted_markers)
lost = sum(1 for m in markers if count[m] == 0)
dups = sum(c - 1 for c in count.values() if c > 1)
unknown = sum(1 for m in count if m not in set(markers))
# Per incident: the accepted order must be the saved order (sequence numbers never go back).
reordered = 0
last = {}
for m in accepted_markers:
    host, seq = m.rsplit("#", 1)
    if host in last and int(seq) < last[host]:
        reordered += 1
    last[host] = max(int(seq), last.get(host, -1))
saved_types = collections.defaultdict(list)
for h, t, s in planned:
    saved_types[h].append(t)
got_types = collections.defaultdict(list)
for a in acc:
    got_types[a[3]].append(a[4])
order_ok = sum(1 for h in saved_types if got_types[h] == saved_types[h])
recoveries = [h for h in saved_types if "RECOVERY" in saved_types[h]]
pr_ok = sum(1 for h in recoveries if got_types[h] == saved_types[h])

last_acc = max((int(a[0]) for a in acc), default=t0)
drain = (last_acc - t0) / 1e6
per_run = collections.Counter()
starts = [(int(r[1]), int(r[0])) for r in runs]
def run_of(us):
    k = None
    for s, i in starts:
        if s <= us:
            k = i
    return k
for a in acc:
    per_run[run_of(int(a[0]))] += 1
t429 = collections.Counter(run_of(t) for t in throttled)
gaps = [(b - a) / 1e6 for a, b in zip(throttled, throttled[1:])]
save_ms = [int(s[4]) / 1000 for s in saves]
save_bad = sum(1 for s in saves if s[3] != "0")
empty_after = next((int(r[0]) for r in runs if int(r[4]) == 0), None)

print(f"### {name}: {len(planned)} events, {len(saved_types)} incidents, one key")
print(f"- saves with iLert down: {len(saves)}, exit code other than 0: {save_bad}, queued afterwards: {saved}; "
      f"save wall time median {statistics.median(save_ms):.1f} ms, max {max(save_ms):.1f} ms")
print(f"- requests the stand-in got: {requests}; answered 429: {len(throttled)}; accepted: {len(acc)}")
print(f"- cron runs started: {len(runs)}; the spool was empty after run {empty_after} "
      f"(= {'' if empty_after is None else empty_after + 1} runs); left queued at the end: {left}; in failed/: {failed}")
windows = -(-len(planned) // limit)
print(f"- drain: last accepted request {drain:.1f} s after the first send started ({drain / 60:.2f} min); "
      f"the throttle alone needs {windows} windows, i.e. the last request >= {(windows - 1) * window:g} s after the first")
print(f"- lost: {lost}; duplicated: {dups}; unknown: {unknown}; reordered within an incident: {reordered}; "
      f"incidents whose accepted sequence is exactly the saved one: {order_ok}/{len(saved_types)}; "
      f"PROBLEM before RECOVERY: {pr_ok}/{len(recoveries)}")
print("- per run (start offset s, wall s, exit code, queued after, accepted during it, 429s during it):")
for r in runs:
    k, s, e, code, q = int(r[0]), int(r[1]), int(r[2]), r[3], r[4]
    print(f"  - run {k}: +{(s - t0) / 1e6:.1f} s, {(e - s) / 1e6:.1f} s, exit {code}, queued after {q}, accepted {per_run[k]}, 429 {t429[k]}")
if throttled:
    print(f"- 429s at (s after the first send): {', '.join(f'{(t - t0) / 1e6:.1f}' for t in throttled)}; "
          f"shortest gap between two 429s: {min(gaps) if gaps else float('nan'):.1f} s (window {window:g} s)")
print()
ok = lost == 0 and dups == 0 and reordered == 0 and int(left) == 0 and int(failed) == 0 and save_bad == 0
sys.exit(0 if ok else 3)
PY
  local verdict=$?
  cat "$dir/summary.md" | tee -a "$out/storm.md"
  if [ "$verdict" -ne 0 ]; then log "CHECK FAILED in $name (lost/duplicated/reordered or spool not empty)"; failures=$((failures + 1)); fi
}

if [[ ",$only," == *",a,"* ]]; then
  plan="$work/plan-a"
  : >"$plan"
  for i in $(seq 0 109); do printf 'host%03d PROBLEM 0\n' "$i" >>"$plan"; done
  for i in $(seq 0 9); do printf 'host%03d RECOVERY 1\n' "$i" >>"$plan"; done
  set +e; storm a "$plan"; set -e
fi
if [[ ",$only," == *",b,"* ]]; then
  plan="$work/plan-b"
  : >"$plan"
  types=(PROBLEM ACKNOWLEDGEMENT RECOVERY)
  for r in $(seq 0 9); do
    for i in $(seq 0 99); do printf 'host%03d %s %d\n' "$i" "${types[$((r % 3))]}" "$r" >>"$plan"; done
  done
  set +e; storm b "$plan"; set -e
fi

# --- c: iLert accepts the connection and never answers ---------------------------------------------------------
hang() { # hang TIMEOUT
  local timeout=$1 dir="$out/c-timeout-$1" spool="$work/c-$1-spool" port t0 t1 code=0
  mkdir -p "$dir"
  port=$(free_port)
  start_sink "$port" "$dir/requests.tsv"
  warm_up "$port"
  curl -sf -X POST "http://127.0.0.1:$port/hang" >/dev/null
  export NOTIFY_PARAMETER_ENDPOINT="http://127.0.0.1:$port" NOTIFY_PARAMETER_TIMEOUT=$timeout
  SAVE_LOG="$dir/saves.log"
  : >"$dir/saves.tsv"
  printf '  $ (20 saves, one after another, NOTIFY_PARAMETER_TIMEOUT=%s, the stand-in hanging) %s\n' "$timeout" "$bin" >>"$out/commands.txt"
  for i in $(seq 0 19); do
    read -r code us < <(save "$spool" "$(printf 'host%03d' "$i")" PROBLEM "$(printf 'host%03d' "$i")#0")
    printf '%s\t%s\t%s\n' "$i" "$code" "$us" >>"$dir/saves.tsv"
  done
  local before; before=$(queued "$spool")
  curl -sf "http://127.0.0.1:$port/keys" >"$dir/keys-hanging.txt"
  curl -sf -X POST "http://127.0.0.1:$port/answer" >/dev/null
  printf '  $ %s send -d %s\n' "$bin" "$spool" >>"$out/commands.txt"
  t0=$(now_us); code=0
  "$bin" send -d "$spool" >"$dir/send.log" 2>&1 || code=$?
  t1=$(now_us)
  curl -sf "http://127.0.0.1:$port/accepted" >"$dir/accepted.tsv"
  stop_sink
  python3 - "$timeout" "$dir" "$before" "$code" "$((t1 - t0))" "$(queued "$spool")" >"$dir/summary.md" <<'PY'
import statistics, sys
timeout, d, before, code, send_us, left = sys.argv[1:]
saves = [l.split("\t") for l in open(f"{d}/saves.tsv") if l.strip()]
s = [int(x[2]) / 1e6 for x in saves]
hung = sum(1 for l in open(f"{d}/requests.tsv") if l.split("\t")[2] == "0" and l.split("\t")[1] != "warm-up")
acc = [l.split("\t")[3] for l in open(f"{d}/accepted.tsv") if l.strip() and l.split("\t")[1] != "warm-up"]
expected = [f"host{i:03d}" for i in range(20)]
print(f"### c: hanging iLert, rule timeout {timeout} s")
print(f"- 20 saves one after another: median {statistics.median(s):.3f} s, max {max(s):.3f} s "
      f"(targets 0.5 s / 3 s); exit codes other than 0: {sum(1 for x in saves if x[1] != '0')}; queued: {before}; "
      f"requests that reached the hanging stand-in: {hung}")
print(f"- each save (s): {', '.join(f'{x:.3f}' for x in s)}")
print(f"- then the stand-in answers; one send: {int(send_us) / 1e6:.2f} s, exit {code}, accepted {len(acc)}, "
      f"in save order: {'yes' if acc == expected else 'no'}, left queued: {left}")
print()
ok = max(s) <= 3 and statistics.median(s) <= 0.5 and acc == expected and int(left) == 0
sys.exit(0 if ok else 3)
PY
  local verdict=$?
  cat "$dir/summary.md" | tee -a "$out/storm.md"
  if [ "$verdict" -ne 0 ]; then log "TARGET MISSED in c (timeout $timeout)"; failures=$((failures + 1)); fi
}
if [[ ",$only," == *",c,"* ]]; then
  set +e; hang 10; hang 45; set -e
  export NOTIFY_PARAMETER_TIMEOUT=10
fi

log "- load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
log "Commands: commands.txt; per scenario: requests.tsv (every request), accepted.tsv, runs.tsv, send-K.log."
if [ "$failures" -gt 0 ]; then
  log "$failures CHECK(S) FAILED"
  exit 1
fi
log "All checks passed."
