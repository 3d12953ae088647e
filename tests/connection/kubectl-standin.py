#!/usr/bin/python3
"""A STAND-IN for `kubectl port-forward` and `kubectl get configmaps`, for tests only: Kubernetes
cannot run here.

Accepts kubectl's arguments (`port-forward [-n NS] TARGET LOCAL:REMOTE`), listens on 127.0.0.1:LOCAL
and forwards every connection to $PROMDECK_STANDIN_UPSTREAM (host:port, the fixture Prometheus),
printing what kubectl prints. The test steers it through the file $PROMDECK_STANDIN_CONTROL:
  exit   the process exits, as kubectl does when the pod goes away ("lost connection to pod")
  hang   the process lives on, accepts connections and never answers (a half-dead tunnel)
  reset  every open connection is reset, the process keeps forwarding new ones
Each command is acted on once; the file is then emptied.

`[--context NAME] get configmaps [-n NS] [-l KEY=VALUE] -o json` answers a List of ConfigMaps in the
shape kube-prometheus ships them (manifests/grafana-dashboardDefinitions.yaml: a List of ConfigMaps,
each `data` holding dashboard JSON under KEY.json, metadata with name, namespace and labels), with
kube-prometheus-stack's sidecar label grafana_dashboard: "1". They are made from the directory
$PROMDECK_STANDIN_DASHBOARDS: each file NAME.json is a ConfigMap grafana-dashboard-NAME with one key,
each subdirectory DIR one ConfigMap grafana-dashboards-DIR with every file in it as a key. They live in
the namespace $PROMDECK_STANDIN_NAMESPACE (default monitoring); the contexts that exist are
$PROMDECK_STANDIN_CONTEXTS (comma-separated; default: any), and an unknown one fails as kubectl does.
"""
import os
import socket
import struct
import sys
import threading
import time

args = sys.argv[1:]


def take_option(names):
    """Removes `NAME VALUE` or `NAME=VALUE` from args and returns VALUE (None when absent)."""
    for i, a in enumerate(args):
        for name in names:
            if a == name and i + 1 < len(args):
                value = args[i + 1]
                del args[i : i + 2]
                return value
            if a.startswith(name + "="):
                del args[i]
                return a.split("=", 1)[1]
    return None


def get_configmaps():
    import json

    context = take_option(["--context"])
    known = os.environ.get("PROMDECK_STANDIN_CONTEXTS", "")
    if context is not None and known and context not in known.split(","):
        print(f'error: context "{context}" does not exist', file=sys.stderr)
        sys.exit(1)
    namespace = take_option(["-n", "--namespace"]) or "default"
    selector = take_option(["-l", "--selector"]) or ""
    output = take_option(["-o", "--output"])
    if output != "json":
        print("kubectl stand-in: get configmaps answers -o json only", file=sys.stderr)
        sys.exit(2)
    labels = {
        "app.kubernetes.io/component": "grafana",
        "app.kubernetes.io/name": "grafana",
        "app.kubernetes.io/part-of": "kube-prometheus",
        "grafana_dashboard": "1",
    }
    wanted = dict(term.split("=", 1) for term in selector.split(",") if "=" in term)
    items = []
    root = os.environ.get("PROMDECK_STANDIN_DASHBOARDS", "")
    home = os.environ.get("PROMDECK_STANDIN_NAMESPACE", "monitoring")
    if root and namespace == home and all(labels.get(k) == v for k, v in wanted.items()):
        for entry in sorted(os.listdir(root)):
            path = os.path.join(root, entry)
            if os.path.isdir(path):
                name = "grafana-dashboards-" + entry.replace("_", "-").lower()
                files = [os.path.join(path, f) for f in sorted(os.listdir(path))]
            else:
                name = "grafana-dashboard-" + entry.rsplit(".", 1)[0].replace("_", "-").lower()
                files = [path]
            data = {}
            for f in files:
                with open(f, encoding="utf-8") as fh:
                    data[os.path.basename(f)] = fh.read()
            items.append(
                {
                    "apiVersion": "v1",
                    "data": data,
                    "kind": "ConfigMap",
                    "metadata": {
                        "creationTimestamp": "2026-01-05T00:00:00Z",
                        "labels": labels,
                        "name": name,
                        "namespace": namespace,
                        "resourceVersion": str(1000 + len(items)),
                        "uid": f"00000000-0000-0000-0000-{len(items):012d}",
                    },
                }
            )
    json.dump({"apiVersion": "v1", "items": items, "kind": "List", "metadata": {"resourceVersion": ""}},
              sys.stdout, indent=4)
    sys.stdout.write("\n")
    sys.exit(0)


if "get" in args and "configmaps" in args:
    args.remove("get")
    args.remove("configmaps")
    get_configmaps()
if not args or args[0] != "port-forward":
    print("kubectl stand-in: only port-forward and get configmaps are supported", file=sys.stderr)
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
