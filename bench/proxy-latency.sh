#!/usr/bin/env bash
# Proxy load script: what the proxy adds to a call, measured side by side with a direct call.
#
# Starts a local OpenAI-compatible stand-in for Open WebUI (python3 stdlib) and the real proxy
# (java -jar target/agent.jar serve) in front of it, both on 127.0.0.1, then measures with one
# keep-alive client:
#   - N sequential non-streaming calls straight to the stand-in and N through the proxy
#     (alternating, after a warm-up): median / p90 / p99 and the added median latency
#     (DESIGN target: <= 1 ms at the median). The proxy gets the recorded Claude Code request
#     src/test/resources/fixtures/03_write_tool_result_request.json (~50 KB); the direct call gets
#     exactly the body the proxy sent upstream for it.
#   - streaming calls, direct and through the proxy: when the response headers, the first event
#     (time to first byte) and each text chunk arrive. The stand-in sends text chunks on a schedule
#     (a burst 2 ms apart; then one paced 5, 10, 20, 50 ms apart), so a chunk the proxy holds
#     back shows as lag behind the direct call beyond the proxy's fixed cost (DESIGN: every
#     upstream chunk forwarded as it arrives).
#   - serve's start-to-ready time: from launching `java -jar target/agent.jar serve` until
#     GET /observe/health answers (DESIGN target: <= 1 s), for the first start and STARTS restarts.
#
# Builds nothing: run `./build -q package -DskipTests` first. Needs bash and python3.
# Settings (environment): N=1000 WARMUP=300 STREAMS=20 STREAM_WARMUP=50 STARTS=4 JAVA=java
#   SCHEDULES="0,2,2,2,2,2;0,5,10,20,50" (streams: ms before each text chunk; one table per schedule)
# Every process it starts is stopped on exit (also on Ctrl-C or failure).
set -euo pipefail
cd "$(dirname "$0")/.."

N=${N:-1000}
WARMUP=${WARMUP:-300}
STREAMS=${STREAMS:-20}
STREAM_WARMUP=${STREAM_WARMUP:-50}
SCHEDULES=${SCHEDULES:-0,2,2,2,2,2;0,5,10,20,50}
STARTS=${STARTS:-4}
JAR=target/agent.jar
JAVA=${JAVA:-java}   # the java that runs `-jar target/agent.jar serve`, as a user would
FIXTURE=src/test/resources/fixtures/03_write_tool_result_request.json

[ -s "$JAR" ] || { echo "proxy-latency: $JAR not found: build it first with ./build -q package -DskipTests" >&2; exit 1; }
command -v python3 >/dev/null 2>&1 || { echo "proxy-latency: python3 is needed" >&2; exit 1; }
command -v setsid >/dev/null 2>&1 || { echo "proxy-latency: setsid (util-linux) is needed" >&2; exit 1; }

TMP=$(mktemp -d "${TMPDIR:-/tmp}/proxy-latency.XXXXXX")
UPSTREAM_PID=""
SERVE_PID=""

stop_serve() { # stops the serve process group this script started (the launcher and its JVM)
  if [ -n "$SERVE_PID" ]; then
    kill -TERM -- "-$SERVE_PID" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 -- "-$SERVE_PID" 2>/dev/null || break; sleep 0.05; done
    kill -KILL -- "-$SERVE_PID" 2>/dev/null || true
    wait "$SERVE_PID" 2>/dev/null || true
    SERVE_PID=""
  fi
}
cleanup() {
  stop_serve
  if [ -n "$UPSTREAM_PID" ]; then
    kill -TERM "$UPSTREAM_PID" 2>/dev/null || true
    wait "$UPSTREAM_PID" 2>/dev/null || true
  fi
  rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# ---------------------------------------------------------------------------------------------
# The stand-in upstream: Open WebUI's POST /api/chat/completions (a fixed chat.completion, or an
# SSE stream for "stream": true) and GET /api/models. GET /_last_request gives back the last body
# it was sent; POST /_schedule sets the gaps between a stream's text chunks. TCP_NODELAY on every
# accepted socket: without it Nagle's algorithm and the client's delayed ACK hold a response's body
# back ~40 ms and the measurement means nothing.
cat > "$TMP/upstream.py" <<'PY'
import http.server, json, socket, sys, time

GAPS = [0.0]  # seconds before each text chunk of a stream; set by POST /_schedule
MODELS = ["claude-sonnet-4.5", "claude-sonnet-4", "claude-3.7-sonnet", "claude-3.5-sonnet"]
COMPLETION = json.dumps({
    "id": "chatcmpl-54ef6dd7aace4e99b5c2ec2d", "object": "chat.completion", "created": 1795479806,
    "model": "claude-sonnet-4.5",
    "choices": [{"index": 0, "finish_reason": "stop", "logprobs": None,
                 "message": {"role": "assistant", "content": "Created hello.txt with the text 'hi from proxy test'."}}],
    "usage": {"prompt_tokens": 12480, "completion_tokens": 17, "total_tokens": 12497},
}).encode()
MODEL_LIST = json.dumps({"data": [{"id": m, "name": m} for m in MODELS]}).encode()

def chunk(delta, finish=None):
    return {"id": "chatcmpl-54ef6dd7aace4e99b5c2ec2d", "object": "chat.completion.chunk", "created": 1795479806,
            "model": "claude-sonnet-4.5",
            "choices": [{"index": 0, "delta": delta, "logprobs": None, "finish_reason": finish}]}

last_request = b""

class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def setup(self):
        super().setup()
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def log_message(self, *args):
        pass

    def answer(self, status, ctype, body):
        self.wfile.write(("HTTP/1.1 %d OK\r\nContent-Type: %s\r\nContent-Length: %d\r\n\r\n"
                          % (status, ctype, len(body))).encode() + body)

    def do_GET(self):
        if self.path.startswith("/api/models"):
            self.answer(200, "application/json", MODEL_LIST)
        elif self.path == "/_last_request":
            self.answer(200, "application/json", last_request)
        else:
            self.answer(404, "application/json", b'{"detail":"Not Found"}')

    def do_POST(self):
        global last_request, GAPS
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        if self.path == "/_schedule":
            GAPS = [float(g) / 1000.0 for g in body.decode().split(",")]
            self.answer(200, "text/plain", b"ok")
            return
        last_request = body
        if not self.path.startswith("/api/chat/completions"):
            self.answer(404, "application/json", b'{"detail":"Not Found"}')
        elif b'"stream":true' in body.replace(b" ", b""):
            self.stream()
        else:
            self.answer(200, "application/json", COMPLETION)

    def stream(self):
        self.wfile.write(b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream; charset=utf-8\r\n"
                         b"Cache-Control: no-cache\r\nTransfer-Encoding: chunked\r\n\r\n")
        def send(obj, pause=0.0):
            if pause:
                time.sleep(pause)
            data = (obj if isinstance(obj, bytes) else b"data: " + json.dumps(obj).encode() + b"\n\n")
            self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))
        send(chunk({"role": "assistant", "content": ""}))
        for i, gap in enumerate(GAPS):
            send(chunk({"content": "chunk %d of the answer. " % (i + 1)}), gap)
        send(chunk({}, "stop"))
        usage = chunk({}); usage["choices"] = []
        usage["usage"] = {"prompt_tokens": 12480, "completion_tokens": 17, "total_tokens": 12497}
        send(usage)
        send(b"data: [DONE]\n\n")
        self.wfile.write(b"0\r\n\r\n")

server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
server.daemon_threads = True
with open(sys.argv[1], "w") as f:
    f.write(str(server.server_address[1]))
server.serve_forever()
PY

# ---------------------------------------------------------------------------------------------
# Waits for GET /observe/health, printing the milliseconds since the launch (argument 2, epoch ns).
cat > "$TMP/ready.py" <<'PY'
import http.client, sys, time
port, launched = int(sys.argv[1]), int(sys.argv[2])
deadline = time.time() + 60
while time.time() < deadline:
    try:
        c = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
        c.request("GET", "/observe/health")
        if c.getresponse().status == 200:
            print("%.0f" % ((time.time_ns() - launched) / 1e6))
            sys.exit(0)
    except OSError:
        pass
    time.sleep(0.005)
print("serve did not answer /observe/health within 60 s", file=sys.stderr)
sys.exit(1)
PY

# ---------------------------------------------------------------------------------------------
# The client: one keep-alive connection to each side, TCP_NODELAY, sequential calls.
cat > "$TMP/measure.py" <<'PY'
import http.client, json, socket, statistics, sys, time

up_port, proxy_port, key, fixture = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4]
N, WARMUP, STREAMS, STREAM_WARMUP = (int(a) for a in sys.argv[5:9])
SCHEDULES = [[int(g) for g in s.split(",")] for s in sys.argv[9].split(";") if s.strip()]

def connect(port):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    c.connect()
    c.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return c

anthropic = json.load(open(fixture))["body"]
anthropic["stream"] = False
proxy_body = json.dumps(anthropic, separators=(",", ":")).encode()
anthropic["stream"] = True
proxy_stream_body = json.dumps(anthropic, separators=(",", ":")).encode()
PROXY_HEADERS = {"Content-Type": "application/json", "x-api-key": key, "anthropic-version": "2023-06-01"}
DIRECT_HEADERS = {"Content-Type": "application/json", "Authorization": "Bearer bench-token",
                  "Accept": "application/json"}
PATH_PROXY, PATH_DIRECT = "/v1/messages?beta=true", "/api/chat/completions"

direct, proxy = connect(up_port), connect(proxy_port)

def call(conn, path, body, headers):
    t0 = time.perf_counter_ns()
    conn.request("POST", path, body=body, headers=headers)
    resp = conn.getresponse()
    data = resp.read()
    t1 = time.perf_counter_ns()
    if resp.status != 200:
        sys.exit("HTTP %d from %s: %s" % (resp.status, path, data[:300]))
    return (t1 - t0) / 1e6, data

# What the proxy sends upstream for this request is what the direct call sends.
_, answer = call(proxy, PATH_PROXY, proxy_body, PROXY_HEADERS)
message = json.loads(answer)
assert message["type"] == "message" and message["content"][0]["type"] == "text", answer[:300]
meta = connect(up_port)
meta.request("GET", "/_last_request")
direct_body = meta.getresponse().read()
meta.close()
direct_stream_body = direct_body.replace(b'"stream":false', b'"stream":true,"stream_options":{"include_usage":true}', 1)

for _ in range(WARMUP):
    call(proxy, PATH_PROXY, proxy_body, PROXY_HEADERS)
    call(direct, PATH_DIRECT, direct_body, DIRECT_HEADERS)

d, p = [], []
for _ in range(N):  # alternating, so both sides see the same machine
    d.append(call(direct, PATH_DIRECT, direct_body, DIRECT_HEADERS)[0])
    p.append(call(proxy, PATH_PROXY, proxy_body, PROXY_HEADERS)[0])

def pct(xs, q):
    s = sorted(xs)
    return s[min(len(s) - 1, int(round(q / 100.0 * (len(s) - 1))))]

def row(name, xs):
    print("  %-22s median %7.3f   p90 %7.3f   p99 %7.3f   mean %7.3f   min %7.3f" % (
        name, statistics.median(xs), pct(xs, 90), pct(xs, 99), statistics.fmean(xs), min(xs)))

print()
print("Non-streaming: %d sequential calls each side after %d warm-up calls (ms; keep-alive, TCP_NODELAY)" % (N, WARMUP))
print("  request: %s bytes to the proxy (Anthropic), %s bytes direct (the proxy's own upstream body)"
      % (format(len(proxy_body), ","), format(len(direct_body), ",")))
row("direct to stand-in", d)
row("through the proxy", p)
added = statistics.median(p) - statistics.median(d)
paired = statistics.median([b - a for a, b in zip(d, p)])
print("  added by the proxy:    %.3f ms at the median (median of paired differences %.3f ms); target <= 1 ms: %s"
      % (added, paired, "MET" if added <= 1.0 else "NOT MET"))

def stream(conn, path, body, headers, is_text, GAPS):
    """Milliseconds after sending: headers, first data: line, each text chunk, end."""
    t0 = time.perf_counter_ns()
    conn.request("POST", path, body=body, headers=dict(headers, Accept="text/event-stream"))
    resp = conn.getresponse()
    t_headers = time.perf_counter_ns()
    if resp.status != 200:
        sys.exit("HTTP %d from %s (stream): %s" % (resp.status, path, resp.read()[:300]))
    t_event, texts = None, []
    while True:
        line = resp.readline()
        if not line:
            break
        now = time.perf_counter_ns()
        if line.startswith(b"data:"):
            t_event = t_event or now
            if is_text(line):
                texts.append(now)
    t_end = time.perf_counter_ns()
    if len(texts) != len(GAPS):
        sys.exit("%s streamed %d text chunks, expected %d" % (path, len(texts), len(GAPS)))
    return [(t - t0) / 1e6 for t in [t_headers, t_event] + texts + [t_end]]

def direct_text(line):
    return b'"content": "chunk' in line

def proxy_text(line):
    return b'"text_delta"' in line

def schedule(gaps):
    c = connect(up_port)
    c.request("POST", "/_schedule", body=",".join(map(str, gaps)).encode())
    c.getresponse().read()
    c.close()

for GAPS in SCHEDULES:
    schedule(GAPS)
    for _ in range(STREAM_WARMUP):
        stream(proxy, PATH_PROXY, proxy_stream_body, PROXY_HEADERS, proxy_text, GAPS)
        stream(direct, PATH_DIRECT, direct_stream_body, DIRECT_HEADERS, direct_text, GAPS)
    sd, sp = [], []
    for _ in range(STREAMS):
        sd.append(stream(direct, PATH_DIRECT, direct_stream_body, DIRECT_HEADERS, direct_text, GAPS))
        sp.append(stream(proxy, PATH_PROXY, proxy_stream_body, PROXY_HEADERS, proxy_text, GAPS))
    md = [statistics.median(r[i] for r in sd) for i in range(len(sd[0]))]
    mp = [statistics.median(r[i] for r in sp) for i in range(len(sp[0]))]

    print()
    print("Streaming: %d calls each side after %d warm-up calls; the stand-in sends %d text chunks, %s ms apart"
          % (STREAMS, STREAM_WARMUP, len(GAPS), "/".join(map(str, GAPS))))
    print("(ms after the request was sent, medians)")
    heads = ["headers", "1st event"] + ["text %d" % (k + 1) for k in range(len(GAPS))] + ["complete"]
    print("  %-20s" % "" + "".join("%10s" % h for h in heads))
    print("  %-20s" % "direct to stand-in" + "".join("%10.2f" % x for x in md))
    print("  %-20s" % "through the proxy" + "".join("%10.2f" % x for x in mp))
    lag = [b - a for a, b in zip(md, mp)]
    print("  %-20s" % "proxy lag" + "".join("%10.2f" % x for x in lag))
    print("  time to first byte through the proxy: %.2f ms (message_start; direct: first chunk at %.2f ms)" % (mp[1], md[1]))
    # The proxy's fixed cost is its lag on the headers (request in, translated, sent upstream, upstream
    # headers back). A chunk forwarded as it arrives lags no more than that (plus microseconds).
    held = [x - lag[0] for x in lag[1:2 + len(GAPS)]]  # first event, text 1, text 2, ...
    late = [k for k, h in enumerate(held) if h > 5.0]
    names = ["the first event"] + ["text %d" % (k + 1) for k in range(len(GAPS))]
    print("  every chunk forwarded as it arrives: %s" % (
        "yes (no event lags more than %.2f ms beyond the proxy's lag on the headers)" % max(max(held), 0.0)
        if not late else
        "NO: %d of %d events held back, from %s on, up to %.1f ms beyond the proxy's lag on the headers"
        " (~40 ms is Nagle's algorithm on the proxy's connection to the client meeting the client's delayed ACK)"
        % (len(late), len(held), names[late[0]], max(held))))
PY

# ---------------------------------------------------------------------------------------------
python3 "$TMP/upstream.py" "$TMP/upstream.port" &
UPSTREAM_PID=$!
for _ in $(seq 1 200); do [ -s "$TMP/upstream.port" ] && break; sleep 0.02; done
[ -s "$TMP/upstream.port" ] || { echo "proxy-latency: the stand-in upstream did not start" >&2; exit 1; }
UP_PORT=$(cat "$TMP/upstream.port")
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

printf "export WEBUI_SESSION_TOKEN='bench-token'\n" > "$TMP/auth.env"
chmod 600 "$TMP/auth.env"

start_serve() { # launches serve in its own process group; appends its milliseconds to ready to $TMP/ready
  local launched
  launched=$(date +%s%N)
  env -u CONNECTOR_LOCAL_KEY -u WEBUI_SESSION_TOKEN setsid "$JAVA" -jar "$JAR" serve --host 127.0.0.1 --port "$PORT" \
      --upstream "http://127.0.0.1:$UP_PORT" --auth-file "$TMP/auth.env" --profile "$TMP/profile" \
      >>"$TMP/serve.log" 2>&1 </dev/null &
  SERVE_PID=$!
  python3 "$TMP/ready.py" "$PORT" "$launched" >>"$TMP/ready" \
    || { echo "proxy-latency: serve did not start; its log:" >&2; cat "$TMP/serve.log" >&2; exit 1; }
}

start_serve
KEY=$(sed -n "s/^export CONNECTOR_LOCAL_KEY=['\"]\{0,1\}\([^'\"]*\)['\"]\{0,1\}$/\1/p" "$TMP/auth.env")
[ -n "$KEY" ] || { echo "proxy-latency: serve wrote no CONNECTOR_LOCAL_KEY to $TMP/auth.env" >&2; exit 1; }

echo "proxy-latency: stand-in upstream on 127.0.0.1:$UP_PORT, proxy on 127.0.0.1:$PORT; $(nproc) cores; serve launched with: $("$JAVA" -version 2>&1 | head -n1)"
python3 "$TMP/measure.py" "$UP_PORT" "$PORT" "$KEY" "$FIXTURE" "$N" "$WARMUP" "$STREAMS" "$STREAM_WARMUP" "$SCHEDULES"

for _ in $(seq 1 "$STARTS"); do
  stop_serve
  start_serve
done
stop_serve
mapfile -t ready < "$TMP/ready"
median=$(printf '%s\n' "${ready[@]}" | sort -n | sed -n "$(( (${#ready[@]} + 1) / 2 ))p")
echo
echo "serve start-to-ready ($JAVA -jar $JAR serve until /observe/health answers): ${ready[*]} ms (first start, then $STARTS restarts);" \
     "median ${median} ms; target <= 1000 ms: $([ "$median" -le 1000 ] && echo MET || echo NOT MET)"
echo "(on a java older than 21 the jar's launcher starts the proxy in a second JVM, a JDK 21+, with a class-data archive in"
echo " ~/.cache/claude-connector; JAVA=/path/to/jdk-21+/bin/java $0 measures a start without the launcher)"
