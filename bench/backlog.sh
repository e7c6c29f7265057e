#!/usr/bin/env bash
# What a backlog costs one cron run and one save: N events queued (as after a long outage, each its own
# incident, one alert source), then a `send` that may send its 50 (iLert's budget a minute), a save, and
# `status`, each timed with its peak RSS. iLert is a tiny loopback stand-in answering 202 (python3).
#
#   bench/backlog.sh --bin PATH/ilert-notify [--sizes "1000 10000 100000"] [--out FILE]
#
# The queue is made by one real save, copied under the names the notifier would give (sequence, time, pid,
# alert source), so filling 100,000 takes seconds instead of an hour of saves.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=""
sizes="1000 10000 100000"
out=""
while [ $# -gt 0 ]; do
  case "$1" in
    --bin) bin=$(realpath "$2"); shift 2 ;;
    --sizes) sizes=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    *) echo "usage: bench/backlog.sh --bin PATH [--sizes \"1000 10000 100000\"] [--out FILE]" >&2; exit 2 ;;
  esac
done
[ -x "$bin" ] || { echo "--bin PATH/ilert-notify is required" >&2; exit 2; }
work=$(mktemp -d /tmp/ilert-backlog.XXXXXX)
sink_pid=""
trap '[ -n "$sink_pid" ] && kill "$sink_pid" 2>/dev/null; rm -rf "$work"' EXIT
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
python3 - "$port" <<'PY' &
import http.server, sys
class Sink(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        body = b'{"status":"accepted"}'
        self.send_response(202); self.send_header("Content-Length", str(len(body))); self.end_headers(); self.wfile.write(body)
    def log_message(self, *args): pass
http.server.ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Sink).serve_forever()
PY
sink_pid=$!
sleep 1
export NOTIFY_WHAT=SERVICE NOTIFY_NOTIFICATIONTYPE=PROBLEM NOTIFY_SERVICEDESC=load NOTIFY_PARAMETER_API_KEY=il1api0123456789abcdefBENCH \
  NOTIFY_PARAMETER_ENDPOINT="http://127.0.0.1:$port" NOTIFY_PARAMETER_TIMEOUT=5
measure() { /usr/bin/time -f "%e %M" -o "$work/time" "$@" > "$work/out" 2>&1; cat "$work/time"; }
report() { printf '%s\n' "$*"; [ -z "$out" ] || printf '%s\n' "$*" >> "$out"; }
report "| queued | send: s, MB (delivered) | save: s, MB | status: s, MB |"
report "| ---: | ---: | ---: | ---: |"
for n in $sizes; do
  spool="$work/spool-$n"
  # One real event, saved while the stand-in is unreachable from this spool's point of view (port 9), then copied.
  NOTIFY_HOSTNAME=template NOTIFY_PARAMETER_SPOOL_DIR="$spool" NOTIFY_PARAMETER_ENDPOINT=http://127.0.0.1:9 "$bin" >/dev/null
  python3 - "$spool" "$n" "$port" <<'PY'
import os, sys
spool, n, port = sys.argv[1], int(sys.argv[2]), sys.argv[3]
template = next(f for f in os.listdir(spool) if f.endswith(".event"))
data = open(os.path.join(spool, template), "rb").read().replace(b"127.0.0.1:9/", ("127.0.0.1:%s/" % port).encode())
stem = template.split(".")[0].split("-")
os.remove(os.path.join(spool, template))
for i in range(1, n + 1):
    host = b"host%06d" % i
    body = data.replace(b">template<", b">" + host + b"<").replace(b"incident: template/", b"incident: " + host + b"/")
    name = "s%016d-%s-%s%s.event" % (i, stem[1], stem[2], "-" + stem[3] if len(stem) == 4 else "")
    with open(os.path.join(spool, name), "wb") as f:
        f.write(body)
with open(os.path.join(spool, ".sequence"), "w") as f:
    f.write("%019d\n" % n)
PY
  read -r send_s send_kb < <(measure "$bin" send -d "$spool")
  delivered=$(grep -o 'delivered [0-9]*' "$work/out" | head -1 | cut -d' ' -f2)
  read -r save_s save_kb < <(NOTIFY_HOSTNAME=fresh NOTIFY_PARAMETER_SPOOL_DIR="$spool" measure "$bin")
  read -r status_s status_kb < <(measure "$bin" status -d "$spool")
  report "| $n | $send_s, $((send_kb / 1024)) ($delivered) | $save_s, $((save_kb / 1024)) | $status_s, $((status_kb / 1024)) |"
  rm -rf "$spool"
done
