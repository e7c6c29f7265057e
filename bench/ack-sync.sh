#!/usr/bin/env bash
# What the two-way sync costs a cron run: N problems remembered as open (as iLert took them), A of them accepted
# in iLert; then `send` runs, and again. Reports the requests to iLert's REST API per run and each run's wall time
# and peak RSS, beside a `send` with the sync off. iLert's REST API (GET /api/alerts, OpenAPI paging and filters) and
# livestatus (unix socket, fixed16 + JSON, COMMAND) are small python3 stand-ins.
#
#   bench/ack-sync.sh --bin PATH/ilert-notify [--open 1000] [--accepted 100] [--out FILE]
set -euo pipefail
cd "$(dirname "$0")/.."
bin=""
open=1000
accepted=100
out=""
while [ $# -gt 0 ]; do
  case "$1" in
    --bin) bin=$(realpath "$2"); shift 2 ;;
    --open) open=$2; shift 2 ;;
    --accepted) accepted=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    *) echo "usage: bench/ack-sync.sh --bin PATH [--open N] [--accepted N] [--out FILE]" >&2; exit 2 ;;
  esac
done
[ -x "$bin" ] || { echo "--bin PATH/ilert-notify is required" >&2; exit 2; }
work=$(mktemp -d /tmp/ilert-acksync.XXXXXX)
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"' EXIT
site="$work/site"
spool="$site/var/ilert_notify/spool"
mkdir -p "$site/local/lib/ilert_notify" "$site/tmp/run" "$site/etc" "$work/fakebin" "$spool"
chmod 700 "$spool"
echo '* * * * * $OMD_ROOT/local/bin/ilert-notify send' > "$site/local/lib/ilert_notify/ilert_notify.cron"
printf '#!/bin/sh\nexit 0\n' > "$work/fakebin/omd"; chmod 755 "$work/fakebin/omd"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
user_key=usr0123456789abcdefBENCHUSER
source_key=il1api0123456789abcdefBENCH

# iLert: the alerts of one alert source (id 1243), one per open problem, every (open/accepted)-th ACCEPTED.
python3 - "$port" "$open" "$accepted" "$user_key" "$source_key" "$work/requests" <<'PY' &
import http.server, json, sys, urllib.parse
port, n, accepted, user_key, source_key, log = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], sys.argv[5], sys.argv[6]
step = max(1, n // max(1, accepted))
alerts = [{"id": 1000 + i, "summary": "host%06d/load is CRITICAL" % i, "status": "ACCEPTED" if i % step == 0 and i // step < accepted else "PENDING",
           "alertKey": "ik-%06d" % i, "reportTime": "2026-11-29T12:00:00.000Z",
           "alertSource": {"id": 1243, "integrationKey": source_key, "integrationType": "CHECKMK"},
           "responders": [{"user": {"id": 7, "firstName": "Jane", "lastName": "Doe"}, "status": "ACCEPTED"}]} for i in range(n)]
class Api(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def do_GET(self):
        url = urllib.parse.urlparse(self.path)
        q = urllib.parse.parse_qs(url.query)
        open(log, "a").write(url.query + "\n")
        if self.headers.get("Authorization") != "Bearer " + user_key:
            return self.answer(401, {"status": 401, "message": "Unauthorized"})
        states = set(q.get("states", []) + q.get("state", []))
        sources = set(int(s) for s in q.get("sources", []) + q.get("alert-source", []))
        start, maximum = int(q.get("start-index", ["0"])[0]), min(100, int(q.get("max-results", ["50"])[0]))
        page = [a for a in alerts if (not states or a["status"] in states) and (not sources or a["alertSource"]["id"] in sources)][start:start + maximum]
        self.answer(200, page)
    def answer(self, status, data):
        body = json.dumps(data).encode()
        self.send_response(status); self.send_header("Content-Type", "application/json"); self.send_header("Content-Length", str(len(body))); self.end_headers(); self.wfile.write(body)
    def log_message(self, *args): pass
http.server.ThreadingHTTPServer(("127.0.0.1", port), Api).serve_forever()
PY
pids+=($!)

# Livestatus: every host's service "load" CRITICAL; acknowledgements applied as a core applies them.
python3 - "$site/tmp/run/live" "$open" "$work/commands" <<'PY' &
import json, socketserver, sys
path, n, log = sys.argv[1], int(sys.argv[2]), sys.argv[3]
acked = set()
class Live(socketserver.StreamRequestHandler):
    def handle(self):
        lines = []
        for raw in self.rfile:
            line = raw.decode().rstrip("\n")
            if not line: break
            lines.append(line)
        if not lines: return
        if lines[0].startswith("COMMAND "):
            open(log, "a").write(lines[0] + "\n")
            f = lines[0].split("] ", 1)[1].split(";")
            acked.add((f[1], f[2] if f[0] == "ACKNOWLEDGE_SVC_PROBLEM" else ""))
            return
        filters = dict(l[len("Filter: "):].split(" = ", 1) for l in lines if l.startswith("Filter: "))
        host, service = filters.get("host_name", filters.get("name")), filters.get("description", "")
        rows = [[2, 1 if (host, service) in acked else 0]] if host and host.startswith("host") else []
        body = (json.dumps(rows) + "\n").encode()
        self.wfile.write(("200 %11d\n" % len(body)).encode() + body)
socketserver.ThreadingUnixStreamServer(path, Live).serve_forever()
PY
pids+=($!)
sleep 1

export OMD_ROOT="$site" OMD_SITE=bench PATH="$work/fakebin:$PATH"
measure() { /usr/bin/time -f "%e %M" -o "$work/time" "$@" > "$work/out" 2>&1; cat "$work/time"; }
report() { printf '%s\n' "$*"; [ -z "$out" ] || printf '%s\n' "$*" >> "$out"; }
requests() { [ -f "$work/requests" ] && wc -l < "$work/requests" || echo 0; }
commands() { [ -f "$work/commands" ] && wc -l < "$work/commands" || echo 0; }

read -r off_s off_kb < <(measure "$bin" send)
echo "$user_key" | "$bin" setup --ack-sync - -e "http://127.0.0.1:$port" > "$work/setup.out" 2>&1 || { cat "$work/setup.out"; exit 1; }

# The open problems as a flush remembers them (the alert source named as the notifier names it: FNV-1a of endpoint + key).
python3 - "$spool/.incidents" "$open" "http://127.0.0.1:$port" "$source_key" <<'PY'
import sys, time, urllib.parse
path, n, endpoint, key = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
h = 14695981039346656037
for b in (endpoint + "\n" + key).encode():
    h = ((h ^ b) * 1099511628211) % (1 << 64)
now = int(time.time() * 1000)
with open(path, "w") as f:
    f.write("ilert-notify-incidents 1\n")
    for i in range(n):
        f.write("incident\t%016x\t%d\t0\t%s\tik-%06d\t%s\n" % (h, now, urllib.parse.quote(endpoint, safe=""), i, urllib.parse.quote("host%06d/load" % i, safe="")))
PY
chmod 600 "$spool/.incidents"

report "| send | requests to iLert | acknowledged | wall s | peak RSS MB |"
report "| --- | ---: | ---: | ---: | ---: |"
report "| sync off (empty spool) | 0 | 0 | $off_s | $((off_kb / 1024)) |"
for run in 1 2 3; do
  before_r=$(requests); before_c=$(commands)
  read -r s kb < <(measure "$bin" send)
  grep -q "Ack sync" "$work/out" || { cat "$work/out"; echo "no ack sync line in the send's output" >&2; exit 1; }
  report "| sync on, run $run ($open remembered, $accepted accepted) | $(( $(requests) - before_r )) | $(( $(commands) - before_c )) | $s | $((kb / 1024)) |"
done
grep "Ack sync: [0-9]" "$work/out" | tail -1
