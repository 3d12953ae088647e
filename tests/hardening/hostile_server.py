#!/usr/bin/env python3
"""A hostile stand-in for a Prometheus server, on loopback, for tests/hardening/hostile_test.py.

It is not Prometheus: it answers every query with one class of bad answer, chosen by MODE, so that
promdeck's handling of servers it does not control can be measured (time, memory, the words said).

    hostile_server.py MODE PORT_FILE

writes the port it listens on into PORT_FILE, then serves until killed. Modes: see ANSWERS below.
"""
import http.server
import json
import socketserver
import struct
import sys
import time
import zlib

START = 1_700_000_000


def envelope(result, result_type="matrix"):
    return json.dumps({"status": "success", "data": {"resultType": result_type, "result": result}})


def many_series(_):
    # 50,000 series of three samples each: about 9 MB.
    parts = []
    for i in range(50_000):
        parts.append('{"metric":{"__name__":"up","job":"job-%d","instance":"host-%d:9100"},'
                     '"values":[[%d,"1"],[%d,"1"],[%d,"1"]]}' % (i, i, START, START + 60, START + 120))
    return 200, {}, ('{"status":"success","data":{"resultType":"matrix","result":[' + ",".join(parts) + "]}}").encode()


def long_series(_):
    # One series of 2,000,000 samples: about 45 MB.
    samples = ",".join('[%d,"%d"]' % (START + i, i % 97) for i in range(2_000_000))
    return 200, {}, ('{"status":"success","data":{"resultType":"matrix","result":[{"metric":{"job":"long"},"values":['
                     + samples + "]}]}}").encode()


def deep_nesting(_):
    # 100,000 levels in a member the reader skips (as it skips every member it does not know).
    depth = 100_000
    return 200, {}, ('{"status":"success","stats":' + "[" * depth + "]" * depth
                     + ',"data":{"resultType":"matrix","result":[]}}').encode()


def odd_numbers(_):
    # What Go's strconv can write: overflow to infinity, signed infinities, NaN, negative zero,
    # denormals; timestamps with fractions, before 1970, and out of order.
    values = [[START, "1e999"], [START + 60, "-Inf"], [START + 120, "NaN"], [START + 180, "+Inf"],
              [START + 300, "-0"], [-5.5, "2"], [START + 360, "1e-320"], [START + 240.123, "1.7976931348623157e308"]]
    return 200, {}, envelope([{"metric": {"job": "odd"}, "values": values}]).encode()


def bad_sample(_):
    # One sample no Prometheus writes, in an otherwise valid answer.
    values = [[START, "1"], [START + 60, "0x10"], [START + 120, "3"]]
    return 200, {}, envelope([{"metric": {"job": "bad"}, "values": values}]).encode()


def markup_labels(_):
    tables = "<table><tr><td>" * 2000 + "x" + "</td></tr></table>" * 2000
    labels = [{"job": "<b>bold</b>"}, {"job": '<img src="http://127.0.0.1:1/x.png">'}, {"job": tables},
              {"job": "nul\u0000byte"}]
    result = [{"metric": m, "values": [[START, "1"], [START + 60, "2"]]} for m in labels]
    body = envelope(result).encode()
    # Invalid UTF-8 inside a label value, which JSON cannot express: written as raw bytes.
    bad = b'{"metric":{"job":"bad-\xff\xfe-utf8"},"values":[[%d,"3"]]}' % START
    return 200, {}, body.replace(b'"result": [', b'"result": [' + bad + b",", 1)


def long_label(_):
    return 200, {}, envelope([{"metric": {"job": "x" * 100_000}, "values": [[START, "1"], [START + 60, "2"]]}]).encode()


def huge_error(_):
    return 422, {}, json.dumps({"status": "error", "errorType": "execution", "error": "E" * 10_000_000}).encode()


def cut_body(_):
    body = envelope([{"metric": {"job": "cut"}, "values": [[START + i, "1"] for i in range(1000)]}]).encode()
    return 200, {}, body[: len(body) // 2]


def gzip_bomb(_):
    # 2 GB of spaces after a valid start, compressed to about 2 MB. Each megabyte is compressed once,
    # after a full flush (which forgets the history), so its bytes are the same every time and are
    # repeated: compressing all 2 GB took a minute under load, past the client's --timeout.
    head = b'{"status":"success","data":{"resultType":"matrix","result":[]}'
    chunk = b" " * (1 << 20)
    copies = 2048
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)  # raw deflate: the gzip frame is written here
    first = compressor.compress(head) + compressor.flush(zlib.Z_FULL_FLUSH)
    piece = compressor.compress(chunk) + compressor.flush(zlib.Z_FULL_FLUSH)
    last = compressor.compress(b"}") + compressor.flush()
    crc = zlib.crc32(head)
    for _ in range(copies):
        crc = zlib.crc32(chunk, crc)
    crc = zlib.crc32(b"}", crc)
    size = (len(head) + copies * len(chunk) + 1) & 0xFFFFFFFF
    gzip_header = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff"
    body = gzip_header + first + piece * copies + last + struct.pack("<II", crc, size)
    return 200, {"Content-Encoding": "gzip"}, body


ANSWERS = {
    "many-series": many_series,
    "long-series": long_series,
    "deep-nesting": deep_nesting,
    "odd-numbers": odd_numbers,
    "bad-sample": bad_sample,
    "markup-labels": markup_labels,
    "long-label": long_label,
    "huge-error": huge_error,
    "cut-body": cut_body,
    "gzip-bomb": gzip_bomb,
    # Streamed, not built: see Handler.
    "huge-body": None,
    "redirect-loop": None,
    "trickle": None,
}


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    cache = {}

    def log_message(self, *args):
        pass

    def send(self, status, headers, body):
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        for k, v in headers.items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        self.rfile.read(length)
        self.do_GET()

    def do_GET(self):
        mode = self.server.mode
        path = self.path.split("?")[0]
        try:
            if path == "/-/ready":
                return self.send(200, {}, b"Prometheus Server is Ready.\n")
            if path == "/api/v1/status/buildinfo":
                return self.send(200, {}, b'{"status":"success","data":{"version":"hostile"}}')
            if not path.startswith("/api/v1/"):
                return self.send(404, {}, b"not found")
            if mode == "redirect-loop":
                self.send_response(302)
                self.send_header("Location", self.path)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            if mode == "trickle":
                body = envelope([{"metric": {"job": "slow"}, "values": [[START, "1"]]}]).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                for b in body:
                    self.wfile.write(bytes([b]))
                    self.wfile.flush()
                    time.sleep(1)
                return
            if mode == "huge-body":
                # 600 MB of a valid answer, streamed in chunks: one long string value in a label.
                head = b'{"status":"success","data":{"resultType":"matrix","result":[{"metric":{"job":"'
                tail = b'"},"values":[[%d,"1"]]}]}}' % START
                filler = 600 << 20
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(head) + filler + len(tail)))
                self.end_headers()
                self.wfile.write(head)
                chunk = b"y" * (1 << 20)
                for _ in range(filler >> 20):
                    self.wfile.write(chunk)
                self.wfile.write(tail)
                return
            if path.startswith("/api/v1/label/"):
                # Variables get the same class of answer as panels, shaped as a label list where it can be.
                if mode in ("huge-error", "cut-body", "deep-nesting", "gzip-bomb", "bad-sample"):
                    pass
                else:
                    return self.send(200, {}, b'{"status":"success","data":["a","b"]}')
            if mode not in self.cache:
                self.cache[mode] = ANSWERS[mode](self)
            self.send(*self.cache[mode])
        except (BrokenPipeError, ConnectionResetError):
            pass


class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def handle_error(self, request, client_address):
        pass  # promdeck hanging up on an answer it refused is the point, not a server error


def main():
    mode, port_file = sys.argv[1], sys.argv[2]
    if mode not in ANSWERS:
        sys.exit("unknown mode %s (modes: %s)" % (mode, ", ".join(ANSWERS)))
    server = Server(("127.0.0.1", 0), Handler)
    server.mode = mode
    with open(port_file + ".tmp", "w") as f:
        f.write(str(server.server_address[1]))
    import os
    os.rename(port_file + ".tmp", port_file)
    server.serve_forever()


if __name__ == "__main__":
    main()
