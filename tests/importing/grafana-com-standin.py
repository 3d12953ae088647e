#!/usr/bin/python3
"""A STAND-IN for grafana.com's public dashboards API, for tests only: grafana.com cannot be reached here.

Serves, on 127.0.0.1, the two calls Grafana's own "Import dashboard -> ID" makes, with the API's real
response shapes (the metadata object of GET /api/dashboards/ID: id, slug, name, revision, revisionId,
orgSlug, downloads, datasource, links ... and `json`, the latest revision; and
GET /api/dashboards/ID/revisions/REV/download: the revision's dashboard JSON, byte for byte as stored):
    grafana-com-standin.py CATALOGUE DASHBOARD_DIR PORT_FILE
CATALOGUE (JSON) maps each ID to its name and its revisions, each a file of DASHBOARD_DIR (real
published dashboards) or a fault: {"fault": "500"} (an error answer), "cut" (the body stops halfway
and the connection closes), "not-a-dashboard" (a JSON object that is no dashboard). An ID the
catalogue lacks is a 404 with grafana.com's {"code": "NotFound", "message": ...}. GET /files/NAME
serves DASHBOARD_DIR/NAME as it is, for imports by URL. The port chosen is written to PORT_FILE.
"""
import json
import os
import re
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

catalogue_path, dashboard_dir, port_file = sys.argv[1:4]
with open(catalogue_path) as f:
    catalogue = json.load(f)


def revision_body(entry, revision):
    spec = entry["revisions"].get(str(revision))
    if spec is None:
        return None
    if isinstance(spec, dict):
        return spec
    with open(os.path.join(dashboard_dir, spec), "rb") as f:
        return f.read()


def metadata(dashboard_id, entry):
    latest = max(int(r) for r in entry["revisions"])
    base = f"/dashboards/{dashboard_id}"
    body = revision_body(entry, latest)
    meta = {
        "id": int(dashboard_id),
        "status": 1,
        "statusCode": "active",
        "orgId": 1000 + int(dashboard_id),
        "orgSlug": entry.get("orgSlug", "standin"),
        "orgName": entry.get("orgName", "stand-in"),
        "slug": re.sub(r"[^a-z0-9]+", "-", entry["name"].lower()).strip("-"),
        "downloads": 1000,
        "revisionId": 50000 + latest,
        "revision": latest,
        "name": entry["name"],
        "description": "",
        "readme": entry.get("readme", ""),
        "collectorType": "nodeExporter",
        "collectorConfig": None,
        "collectorPluginList": "",
        "datasource": "Prometheus",
        "privacy": "public",
        "createdAt": "2017-04-04T10:21:52.000Z",
        "updatedAt": "2024-03-06T06:33:51.000Z",
        "isEditor": False,
        "hasLogo": False,
        "reviewsCount": 0,
        "reviewsAvgRating": 0,
        "links": [
            {"rel": "self", "href": base},
            {"rel": "revisions", "href": f"{base}/revisions"},
            {"rel": "revision", "href": f"{base}/revisions/{latest}"},
            {"rel": "download", "href": f"{base}/revisions/{latest}/download"},
            {"rel": "org", "href": "/orgs/" + entry.get("orgSlug", "standin")},
        ],
        "datasourceSlugs": ["prometheus"],
    }
    if isinstance(body, bytes):
        meta["json"] = json.loads(body)
    return meta


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):
        sys.stderr.write("grafana.com stand-in: " + (fmt % args) + "\n")

    def answer(self, status, body, content_type="application/json"):
        if not isinstance(body, bytes):
            body = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def not_found(self, what):
        self.answer(404, {"code": "NotFound", "message": what})

    def fault(self, spec, dashboard_id):
        kind = spec["fault"]
        if kind == "cut":
            body = json.dumps({"title": "cut", "panels": [{"id": n} for n in range(200)]}).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body[: len(body) // 2])
            self.wfile.flush()
            self.close_connection = True
            self.connection.shutdown(2)
        elif kind == "not-a-dashboard":
            # What the metadata call answers: JSON, but no dashboard in it at the top.
            self.answer(200, {"id": int(dashboard_id), "name": "not a dashboard", "revision": 1, "links": []})
        else:
            self.answer(int(kind), {"code": "InternalError", "message": "the stand-in was told to fail"})

    def do_GET(self):
        path = self.path.split("?")[0]
        m = re.fullmatch(r"/api/dashboards/(\d+)(?:/revisions/(\d+)/download)?", path)
        if m:
            dashboard_id, revision = m.group(1), m.group(2)
            entry = catalogue.get(dashboard_id)
            if entry is None:
                return self.not_found("Dashboard not found")
            if revision is None:
                faulty = entry.get("metadataFault")
                if faulty:
                    return self.fault({"fault": faulty}, dashboard_id)
                return self.answer(200, metadata(dashboard_id, entry))
            body = revision_body(entry, revision)
            if body is None:
                return self.not_found("Revision not found")
            if isinstance(body, dict):
                return self.fault(body, dashboard_id)
            return self.answer(200, body)
        m = re.fullmatch(r"/files/([\w.-]+)", path)
        if m and os.path.isfile(os.path.join(dashboard_dir, m.group(1))):
            with open(os.path.join(dashboard_dir, m.group(1)), "rb") as f:
                return self.answer(200, f.read())
        return self.not_found("Not found")


server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
with open(port_file + ".tmp", "w") as f:
    f.write(str(server.server_address[1]))
os.rename(port_file + ".tmp", port_file)
server.serve_forever()
