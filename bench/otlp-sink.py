#!/usr/bin/env python3
"""An OTLP/HTTP collector stand-in for benchmarks: answers every POST 200 and counts what it got.
Usage: otlp-sink.py PORT. Prints requests and bytes received when stopped."""
import http.server, signal, sys

received = {"requests": 0, "bytes": 0}

class Sink(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        length = int(self.headers.get("Content-Length", 0))
        self.rfile.read(length)
        received["requests"] += 1
        received["bytes"] += length
        self.send_response(200)
        self.send_header("Content-Type", "application/x-protobuf")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass

def stop(*_):
    print(f"otlp sink: {received['requests']} export(s), {received['bytes']} bytes", flush=True)
    sys.exit(0)

signal.signal(signal.SIGTERM, stop)
http.server.ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Sink).serve_forever()
