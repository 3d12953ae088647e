#!/usr/bin/python3
"""A STAND-IN for `kubectl port-forward`, for tests only: Kubernetes cannot run here.

Accepts kubectl's arguments (`port-forward [-n NS] TARGET LOCAL:REMOTE`), listens on 127.0.0.1:LOCAL
and forwards every connection to $PROMDECK_STANDIN_UPSTREAM (host:port, the fixture Prometheus),
printing what kubectl prints. The test steers it through the file $PROMDECK_STANDIN_CONTROL:
  exit   the process exits, as kubectl does when the pod goes away ("lost connection to pod")
  hang   the process lives on, accepts connections and never answers (a half-dead tunnel)
  reset  every open connection is reset, the process keeps forwarding new ones
Each command is acted on once; the file is then emptied.
"""
import os
import socket
import struct
import sys
import threading
import time

args = sys.argv[1:]
if not args or args[0] != "port-forward":
    print("kubectl stand-in: only port-forward is supported", file=sys.stderr)
    sys.exit(2)
mapping = next(a for a in args[1:] if ":" in a or a.isdigit())
local = int(mapping.split(":")[0] or 0)
host, port = os.environ["PROMDECK_STANDIN_UPSTREAM"].rsplit(":", 1)
control = os.environ.get("PROMDECK_STANDIN_CONTROL", "")

hung = threading.Event()
open_sockets = set()
lock = threading.Lock()


def pipe(src, dst):
    try:
        while True:
            data = src.recv(65536)
            if not data:
                break
            if hung.is_set():
                continue  # half-dead: open connections stall too, nothing passes any more
            dst.sendall(data)
    except OSError:
        pass
    finally:
        for s in (src, dst):
            try:
                s.close()
            except OSError:
                pass


def serve(client):
    if hung.is_set():
        with lock:
            open_sockets.add(client)
        return  # accepted, never answered
    upstream = socket.create_connection((host, int(port)))
    with lock:
        open_sockets.update({client, upstream})
    threading.Thread(target=pipe, args=(client, upstream), daemon=True).start()
    threading.Thread(target=pipe, args=(upstream, client), daemon=True).start()


def watch_control():
    while True:
        time.sleep(0.1)
        if not control or not os.path.exists(control):
            continue
        with open(control) as f:
            command = f.read().strip()
        if not command:
            continue
        open(control, "w").close()
        if command == "exit":
            print("E1129 portforward.go:400] lost connection to pod", flush=True)
            os._exit(1)
        elif command == "hang":
            hung.set()
        elif command == "reset":
            with lock:
                for s in list(open_sockets):
                    try:
                        s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                        s.close()
                    except OSError:
                        pass
                open_sockets.clear()


server = socket.socket()
server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
server.bind(("127.0.0.1", local))
server.listen(64)
local = server.getsockname()[1]
print(f"Forwarding from 127.0.0.1:{local} -> {port}", flush=True)
threading.Thread(target=watch_control, daemon=True).start()
while True:
    conn, _ = server.accept()
    print(f"Handling connection for {local}", flush=True)
    threading.Thread(target=serve, args=(conn,), daemon=True).start()
