#!/usr/bin/python3
"""File > Import dashboard and File > Cluster dashboards as a person uses them: a real promdeck window on the virtual display of
tests/support/session.sh --display 1600x1000 --atspi, every control found by its accessible name in the accessibility tree
and driven with real input (xdotool). Dashboard 763 comes from the grafana.com STAND-IN
(tests/importing/grafana-com-standin.py); its input DS_PROM is given the profile "fixture" in the
dialog's chooser; the test ends with the dashboard on screen, read from the fixture Prometheus, and the
file saved as the download plus the mapping.
    import_dialog.py PROMDECK SOURCE_DIR PROMETHEUS_URL_FILE
"""
import atexit
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

import pyatspi

promdeck, source_dir, url_file = sys.argv[1:4]
testdata = os.path.join(source_dir, "tests", "testdata")
work = tempfile.mkdtemp(prefix="promdeck-import-dialog.")
prometheus = open(url_file).read().strip()
children = []


@atexit.register
def clean_up():
    # Whatever ended the test (a failure, an exception): nothing it started outlives it.
    for p in children:
        p.kill()
        p.wait()
    shutil.rmtree(work, ignore_errors=True)



def fail(text):
    print("FAIL: " + text, file=sys.stderr)
    try:  # what the accessibility tree held at the top, to see why
        for node in walk(application(), 1):
            print(f"  {node.getRoleName()} {node.name!r}", file=sys.stderr)
    except Exception as e:
        print(f"  (no tree: {e})", file=sys.stderr)
    sys.exit(1)


def wait_for(what, probe, timeout=20.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = probe()
        if found:
            return found
        time.sleep(0.1)
    fail("not found in time: " + what)


def walk(node, max_depth=8):
    """Breadth first, so what is near the top is found without reading a whole dashboard's tree."""
    level = [node] if node is not None else []
    for _ in range(max_depth + 1):
        below = []
        for n in level:
            yield n
            try:
                below.extend(n.getChildAtIndex(i) for i in range(n.childCount))
            except Exception:
                continue
        level = [n for n in below if n is not None]
        if not level:
            return


def application():
    for app in pyatspi.Registry.getDesktop(0):
        if app is not None and app.name == "promdeck":
            return app
    return None


def find(name, role=None, within=None, max_depth=8):
    """The first accessible named `name` (any name when None) and of `role` that is showing."""

    def probe():
        for node in walk(within or application(), max_depth):
            try:
                if (name is None or node.name == name) and (role is None or node.getRole() == role):
                    if node.getState().contains(pyatspi.STATE_SHOWING):
                        return node
            except Exception:
                continue
        return None

    return wait_for(f'"{name}"', probe)


def click(node):
    x, y, w, h = node.queryComponent().getExtents(pyatspi.DESKTOP_COORDS)
    subprocess.run(["xdotool", "mousemove", "--sync", str(x + w // 2), str(y + h // 2), "click", "1"], check=True)


# The user's settings: two profiles, the current one where nothing listens; grafana.com is the stand-in.
os.environ.update(XDG_CONFIG_HOME=f"{work}/config", XDG_DATA_HOME=f"{work}/data", HOME=f"{work}/home")
os.makedirs(f"{work}/config/promdeck")
os.makedirs(f"{work}/home")
port_file = f"{work}/port"
children.append(subprocess.Popen(["/usr/bin/python3", f"{source_dir}/tests/importing/grafana-com-standin.py",
                                  f"{testdata}/grafana-com/catalogue.json", f"{testdata}/grafana-dashboards",
                                  port_file], stderr=subprocess.DEVNULL))
wait_for("the grafana.com stand-in", lambda: os.path.exists(port_file))
api = f"http://127.0.0.1:{open(port_file).read()}/api"
with open(f"{work}/config/promdeck/promdeck.conf", "w") as f:
    f.write(f"""[connection]
currentProfile=nowhere

[import]
grafanaComUrl={api}

[profiles]
1\\name=nowhere
1\\url=http://127.0.0.1:9
2\\name=fixture
2\\url={prometheus}
size=2
""")

# The cluster: the stand-in kubectl on PATH, answering with kube-prometheus' dashboards (one ConfigMap
# with one key, one with two).
os.makedirs(f"{work}/bin")
os.symlink(f"{source_dir}/tests/connection/kubectl-standin.py", f"{work}/bin/kubectl")
os.makedirs(f"{work}/cluster/kubernetes-mixin")
for source, target in (("kp_apiserver.json", "apiserver.json"), ("kp_kubelet.json", "kubernetes-mixin/kubelet.json"),
                       ("kp_prometheus.json", "kubernetes-mixin/prometheus.json")):
    with open(f"{testdata}/grafana-dashboards/{source}", "rb") as f, open(f"{work}/cluster/{target}", "wb") as out:
        out.write(f.read())
env = dict(os.environ, QT_LINUX_ACCESSIBILITY_ALWAYS_ON="1", QT_QPA_PLATFORM="xcb", QT_ACCESSIBILITY="1",
           PATH=f"{work}/bin:" + os.environ["PATH"], PROMDECK_STANDIN_DASHBOARDS=f"{work}/cluster")
window_process = subprocess.Popen([promdeck, "--dashboard", "api"], env=env, stdout=subprocess.DEVNULL,
                                  stderr=open(f"{work}/promdeck.log", "w"))
children.append(window_process)
window = wait_for("the window", lambda: next(
    (n for n in walk(application(), 1) if n.getRole() == pyatspi.ROLE_FRAME and n.name.endswith("Promdeck")), None),
    timeout=60)
time.sleep(1.0)  # the window is mapped and placed

click(find("File", pyatspi.ROLE_MENU_ITEM, within=window, max_depth=2))
click(find("Import dashboard…", pyatspi.ROLE_MENU_ITEM, within=window, max_depth=4))
dialog = find("Import dashboard", pyatspi.ROLE_DIALOG, max_depth=1)
click(find("grafana.com ID or dashboard URL", within=dialog))
subprocess.run(["xdotool", "type", "--delay", "50", "763"], check=True)
click(find("Load dashboard", pyatspi.ROLE_PUSH_BUTTON, within=dialog))

# The labels that show the dashboard read as what they show; their description says what that is.
def described(description):
    return wait_for(description, lambda: next((n for n in walk(dialog) if n.getRole() == pyatspi.ROLE_LABEL
                                               and n.description == description), None))


name = described("Dashboard name")
wait_for("the dashboard's name", lambda: name.name == "Redis Dashboard for Prometheus Redis Exporter 1.x")
revision = described("Revision")
if revision.name != "2":
    fail(f'revision shown: "{revision.name}"')
# The input's chooser (a combo box's accessible name is the profile it shows) proposes the current
# profile; the person picks the fixture's.
chooser = find(None, pyatspi.ROLE_COMBO_BOX, within=dialog)
if chooser.name != "nowhere":
    fail(f'the chooser proposed "{chooser.name}", not the current profile')
click(chooser)
click(find("fixture", pyatspi.ROLE_LIST_ITEM, within=chooser))
wait_for("the chooser on fixture", lambda: chooser.name == "fixture")
click(find("Import", pyatspi.ROLE_PUSH_BUTTON, within=dialog))

# The dashboard is on screen, on the profile chosen.
wait_for("the imported dashboard in the window's title",
         lambda: window.name == "Redis Dashboard for Prometheus Redis Exporter 1.x · Promdeck")
saved = f"{work}/data/promdeck/promdeck/dashboards/redis-dashboard-for-prometheus-redis-exporter-1-x.json"
if not os.path.exists(saved):
    fail("nothing saved at " + saved)
record = json.loads(open(saved, "rb").read())["__promdeck"]
if record["inputs"] != {"DS_PROM": "fixture"} or record["origin"]["grafanaComId"] != 763:
    fail(f"the saved record: {record}")
original = json.load(open(f"{testdata}/grafana-dashboards/redis-exporter.json"))
doc = json.load(open(saved))
del doc["__promdeck"]
if doc != original:
    fail("the saved file is not the download plus the mapping")
# The window now reads the fixture: the toolbar's profile picker shows the profile the input was given.
toolbar = find("Dashboard", pyatspi.ROLE_TOOL_BAR, within=window, max_depth=1)
picker = wait_for("the profile picker", lambda: next(
    (n for n in walk(toolbar, 1) if n.getRole() == pyatspi.ROLE_COMBO_BOX
     and "fixture" in [c.name for c in walk(n) if c.getRole() == pyatspi.ROLE_LIST_ITEM]), None))
wait_for("the fixture profile in use", lambda: picker.name == "fixture")

# File > Cluster dashboards: every dashboard of the labelled ConfigMaps listed; the kubelet's opened.
# Opening it again refreshes the same file from the cluster.
kubelet = "Kubernetes / Kubelet (ConfigMap grafana-dashboards-kubernetes-mixin, key kubelet.json)"
cluster_file = f"{work}/data/promdeck/promdeck/dashboards/kubernetes-kubelet.json"
for attempt in (1, 2):
    click(find("File", pyatspi.ROLE_MENU_ITEM, within=window, max_depth=2))
    click(find("Cluster dashboards…", pyatspi.ROLE_MENU_ITEM, within=window, max_depth=4))
    cluster = find("Cluster dashboards", pyatspi.ROLE_DIALOG, max_depth=1)
    listed = find("Dashboards in the cluster", within=cluster)
    click(find(kubelet, within=listed, max_depth=2))
    names = sorted(n.name for n in walk(listed, 2) if n.getRole() == pyatspi.ROLE_LIST_ITEM)
    expected = sorted(["Kubernetes / API server (ConfigMap grafana-dashboard-apiserver, key apiserver.json)", kubelet,
                       "Prometheus / Overview (ConfigMap grafana-dashboards-kubernetes-mixin, key prometheus.json)"])
    if names != expected:
        fail(f"the cluster's dashboards listed: {names}")
    if attempt == 2:
        os.remove(cluster_file)  # gone here, still in the cluster: opening brings it back
    click(find("Open", pyatspi.ROLE_PUSH_BUTTON, within=cluster))
    wait_for("the kubelet dashboard on screen", lambda: window.name == "Kubernetes / Kubelet · Promdeck")
    if not os.path.exists(cluster_file):
        fail("nothing saved at " + cluster_file)
    with open(cluster_file, "rb") as f:
        record = json.loads(f.read())["__promdeck"]["origin"]
    if record != {"from": "ConfigMap monitoring/grafana-dashboards-kubernetes-mixin, key kubelet.json",
                  "namespace": "monitoring", "configMap": "grafana-dashboards-kubernetes-mixin", "key": "kubelet.json"}:
        fail(f"the cluster dashboard's record: {record}")
    click(find("Dashboard", pyatspi.ROLE_TOOL_BAR, within=window, max_depth=1))  # focus back on the window
saved_names = sorted(os.listdir(f"{work}/data/promdeck/promdeck/dashboards"))
if saved_names != ["kubernetes-kubelet.json", "redis-dashboard-for-prometheus-redis-exporter-1-x.json"]:
    fail(f"the dashboards folder holds {saved_names}")
print("import dialog: all checks passed")
