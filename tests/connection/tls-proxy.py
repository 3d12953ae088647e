#!/usr/bin/python3
"""A TLS front for the fixture Prometheus, for the TLS tests only (as a TLS-terminating proxy or
ingress would be): makes a throw-away CA, a server certificate for 127.0.0.1 and a client
certificate, listens with TLS on a free port, requires a client certificate signed by the CA, and
forwards plain HTTP to the upstream.
  tls-proxy.py WORKDIR UPSTREAM_HOST:PORT    writes WORKDIR/{ca.pem,client.pem,client-key.pem,url}
"""
import os
import socket
import ssl
import subprocess
import sys
import threading

work, upstream = sys.argv[1], sys.argv[2]
os.makedirs(work, exist_ok=True)


def run(*args):
    subprocess.run(args, check=True, cwd=work, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


run("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=Promdeck test CA",
    "-keyout", "ca-key.pem", "-out", "ca.pem")
for name, subject, ext in (("server", "/CN=127.0.0.1", "subjectAltName=IP:127.0.0.1"),
                           ("client", "/CN=promdeck", "extendedKeyUsage=clientAuth")):
    run("openssl", "req", "-newkey", "rsa:2048", "-nodes", "-subj", subject, "-keyout", f"{name}-key.pem",
        "-out", f"{name}.csr")
    with open(os.path.join(work, f"{name}.ext"), "w") as f:
        f.write(ext + "\n")
    run("openssl", "x509", "-req", "-in", f"{name}.csr", "-CA", "ca.pem", "-CAkey", "ca-key.pem",
        "-CAcreateserial", "-days", "2", "-extfile", f"{name}.ext", "-out", f"{name}.pem")

context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
context.load_cert_chain(os.path.join(work, "server.pem"), os.path.join(work, "server-key.pem"))
context.load_verify_locations(os.path.join(work, "ca.pem"))
context.verify_mode = ssl.CERT_REQUIRED  # mutual TLS: no client certificate, no answer

host, port = upstream.rsplit(":", 1)
server = socket.socket()
server.bind(("127.0.0.1", 0))
server.listen(16)


def pipe(src, dst):
    try:
        while data := src.recv(65536):
            dst.sendall(data)
    except OSError:
        pass
    finally:
        for s in (src, dst):
            try:
                s.close()
            except OSError:
                pass


def serve(raw):
    try:
        client = context.wrap_socket(raw, server_side=True)
    except (ssl.SSLError, OSError):
        raw.close()
        return
    up = socket.create_connection((host, int(port)))
    threading.Thread(target=pipe, args=(client, up), daemon=True).start()
    pipe(up, client)


with open(os.path.join(work, "url"), "w") as f:
    f.write(f"https://127.0.0.1:{server.getsockname()[1]}\n")
print("ready", flush=True)
while True:
    conn, _ = server.accept()
    threading.Thread(target=serve, args=(conn,), daemon=True).start()
