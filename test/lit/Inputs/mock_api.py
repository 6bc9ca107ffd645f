#!/usr/bin/env python3
"""A scripted loopback HTTP API for testing tools/post-review.

  mock_api.py --script SCRIPT.json --log LOG.jsonl -- COMMAND ARGS...

Serves on 127.0.0.1 at a free port, runs COMMAND with GITHUB_API_URL and
CI_API_V4_URL pointing at it, and answers the requests in the order SCRIPT
lists them: [{"method": "GET", "path": "/repos/o/r/pulls/1/comments",
"status": 200, "json": [...], "headers": {...}}, ...]. A request that does
not match the next entry gets a 418 and "mock: unexpected request" on
stderr. Every request goes to LOG as one pretty-printed JSON object (method, path,
query, headers, body; the keys of headers and body sorted). Afterwards prints "mock: exit N" (COMMAND's
exit code) and "mock: N of M scripted requests unused" if any were, then
exits with COMMAND's code. Bounded: 50 requests, 60 seconds.
"""

import argparse
import http.server
import json
import os
import subprocess
import sys
import threading
import urllib.parse

MAX_REQUESTS = 50
TIMEOUT = 60


def ordered(value):
    """The value with every object's keys sorted, for a stable log."""
    if isinstance(value, dict):
        return {k: ordered(value[k]) for k in sorted(value)}
    if isinstance(value, list):
        return [ordered(v) for v in value]
    return value


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def handle_any(self):
        state = self.server.state
        url = urllib.parse.urlsplit(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        try:
            body = json.loads(raw) if raw else None
        except ValueError:
            body = raw.decode("utf-8", "replace")
        entry = {"method": self.command, "path": url.path, "query": url.query,
                 "headers": ordered({k.lower(): v for k, v in self.headers.items()}),
                 "body": ordered(body)}
        with state["lock"]:
            state["log"].write(json.dumps(entry, indent=2) + "\n")
            state["log"].flush()
            state["count"] += 1
            script = state["script"]
            expected = script[0] if script else None
            if (state["count"] <= MAX_REQUESTS and expected
                    and expected.get("method") == self.command
                    and expected.get("path") == url.path
                    and expected.get("query", url.query) == url.query):
                script.pop(0)
                status = expected.get("status", 200)
                payload = expected.get("json")
                headers = expected.get("headers", {})
            else:
                print("mock: unexpected request %s %s (expected %s)"
                      % (self.command, self.path,
                         "%s %s" % (expected["method"], expected["path"]) if expected else "none"),
                      file=sys.stderr)
                status, payload, headers = 418, {"message": "mock: unexpected request"}, {}
        data = b"" if payload is None else json.dumps(payload).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for k, v in headers.items():
            self.send_header(k, v.replace("{base}", self.server.base))
        self.end_headers()
        self.wfile.write(data)

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = handle_any


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--script", required=True)
    parser.add_argument("--log", required=True)
    parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args()
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    with open(args.script, encoding="utf-8") as f:
        script = json.load(f)
    total = len(script)
    with open(args.log, "w", encoding="utf-8") as log:
        server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
        server.base = "http://127.0.0.1:%d" % server.server_address[1]
        server.state = {"lock": threading.Lock(), "log": log, "script": script, "count": 0}
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        env = dict(os.environ, GITHUB_API_URL=server.base,
                   CI_API_V4_URL=server.base + "/api/v4")
        try:
            code = subprocess.run(command, env=env, timeout=TIMEOUT).returncode
        except subprocess.TimeoutExpired:
            print("mock: command timed out", file=sys.stderr)
            code = 124
        server.shutdown()
        server.server_close()
    sys.stdout.flush()
    print("mock: exit %d" % code, file=sys.stderr)
    if script:
        print("mock: %d of %d scripted requests unused" % (len(script), total), file=sys.stderr)
    return code


if __name__ == "__main__":
    sys.exit(main())
