#!/usr/bin/python3
"""Explore in the real window against the fixture Prometheus (issue 15): opened by keyboard (Ctrl+Shift+E),
a query typed with real keys, its metric name picked from the completion list, run with Shift+Enter; the
result table read through AT-SPI equals what Prometheus answers for the same query at the range's end; a
bad query shows the parser's words while typing and the server's after a run; the query history has the
runs, newest first; a starred run comes first and stays starred after a restart; a panel's `e` opens its
queries (variables written in) at its range.

  session.sh --display 1600x1000 --atspi -- explore.py [SCREENSHOT_DIR]"""
import json
import os
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request

import pyatspi

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from desktop import Steps, App, Failure, check, screenshot, wait_for  # noqa: E402

FROM, TO = "2026-01-05T12:00:00Z", "2026-01-05T18:00:00Z"
QUERY = "sum by (status) (rate(http_requests_total[5m]))"
BAD = "sum(rate(http_requests_total[5m])"
PANEL = "Requests by status class"
prometheus = open(os.environ["PROMDECK_TEST_PROMETHEUS_URL_FILE"]).read().strip().rstrip("/")
shots = sys.argv[1] if len(sys.argv) > 1 else tempfile.mkdtemp(prefix="promdeck-shots-")
os.makedirs(shots, exist_ok=True)


def ask(path, **params):
    try:
        with urllib.request.urlopen(f"{prometheus}{path}?" + urllib.parse.urlencode(params)) as r:
            return json.load(r)
    except urllib.error.HTTPError as e:  # 400 for a bad query: the answer still says why
        return json.load(e)


def table_rows(app, table):
    """The table as shown: a dict per row, column header -> cell text."""
    t = table.queryTable()
    headers = [t.getColumnDescription(c) or t.getColumnHeader(c).name for c in range(t.nColumns)]
    return [{headers[c]: t.getAccessibleAt(r, c).name for c in range(t.nColumns)} for r in range(t.nRows)]


def described(app, where, name):
    """The words a message label shows (its accessible description), or "" while it is hidden."""
    label = app.find(where, name, showing=False)
    return label.description if app.is_showing(label) else ""


def editor_text(app, explore, row="A"):
    return app.text_of(app.find(explore, f"Query {row}", pyatspi.ROLE_TEXT))


def open_by_keyboard(app, main):
    app.click(app.find(main, f"Panel: {PANEL}"), at=(0.5, 0.05))
    app.key("ctrl+shift+e")
    explore = app.window("Explore · Promdeck")
    wait_for("the range shown", lambda: f"{FROM} to {TO}" in (app.find(explore, "Time range").description or ""))
    return explore


def completes_and_runs(app, explore):
    editor = app.find(explore, "Query A", pyatspi.ROLE_TEXT)
    wait_for("Query A has the keyboard", lambda: editor.getState().contains(pyatspi.STATE_FOCUSED))
    app.type("sum by (status) (rate(http_requests_to")
    # The completion list offers the metric name from the server (asked once, then cached); Enter picks it.
    time.sleep(2.0)
    screenshot(f"{shots}/explore-completion.png")
    app.key("Return")
    typed = wait_for("the completed name", lambda: editor_text(app, explore) if "total" in editor_text(app, explore) else None)
    check(typed == "sum by (status) (rate(http_requests_total", f"completion picked http_requests_total: {typed!r}")
    app.type("[5m]))")
    check(described(app, explore, "Query A syntax") == "", "a valid query shows no problem")
    app.key("shift+Return")
    table = app.find(explore, "Result table", pyatspi.ROLE_TABLE)
    rows = wait_for("the result table", lambda: table_rows(app, table) or None, timeout=60)
    check(editor_text(app, explore) == QUERY, f"Shift+Enter ran without a new line: {editor_text(app, explore)!r}")

    answer = ask("/api/v1/query", query=QUERY, time=TO)
    check(answer["status"] == "success", answer)
    expected = {s["metric"]["status"]: float(s["value"][1]) for s in answer["data"]["result"]}
    check(len(expected) >= 2, f"the fixture answers several status classes: {expected}")
    shown = {r["status"]: float(r["Value"]) for r in rows}
    check(shown == expected, f"the table equals Prometheus' answer at {TO}: {shown} vs {expected}")
    check(all(r["Time"].startswith("2026-01-05T18:00:00") for r in rows), f"at the range's end: {rows}")
    summary = app.find(explore, "Result summary").description
    check(f"A: {len(expected)} series" in summary, f"the summary counts them: {summary}")
    screenshot(f"{shots}/explore-table.png")
    app.key("alt+g")  # the Graph tab, by its mnemonic
    graph = app.find(explore, "Result graph")
    wait_for("the graph shown", lambda: app.is_showing(graph))
    time.sleep(0.5)
    screenshot(f"{shots}/explore-graph.png")
    app.key("alt+t")


def completion_shows_help(app, explore):
    """A metric's TYPE and HELP beside its name in the completion list, as /api/v1/metadata gives them (the
    fixture Prometheus scrapes itself: its own metrics have metadata)."""
    name = "prometheus_http_requests_total"
    metadata = ask("/api/v1/metadata", metric=name)
    check(metadata["status"] == "success" and metadata["data"].get(name), f"the server has metadata: {metadata}")
    expected = metadata["data"][name][0]
    editor = app.find(explore, "Query A", pyatspi.ROLE_TEXT)
    app.click(editor)
    app.key("ctrl+a", "BackSpace")
    app.type("prometheus_http_requests_to")
    # The list is a popup, which Qt leaves out of the accessibility tree: the editor describes the
    # candidate under the list's cursor, as a combo box's text field does.
    # While the name is typed, the list (and the description) follows each prefix, and a name's TYPE and
    # HELP come once the metadata has been asked: wait for the whole name's.
    want = f"{name}: {expected['type']}\n{expected['help']}"
    try:
        wait_for("the whole name's TYPE and HELP", lambda: editor.description == want or None)
    except Failure:
        check(False, f"TYPE and HELP as the server says: {editor.description!r} vs {want!r}")
    time.sleep(0.3)
    screenshot(f"{shots}/explore-completion-help.png")
    app.key("Escape")
    wait_for("no description once the list is closed", lambda: editor.description == "")
    app.key("ctrl+a", "BackSpace")


def bad_query_says_why(app, explore):
    editor = app.find(explore, "Query A", pyatspi.ROLE_TEXT)
    app.click(editor)
    app.key("ctrl+a")
    app.type(BAD)
    app.key("Escape")  # no completion list in the way
    answer = ask("/api/v1/query", query=BAD, time=TO)
    check(answer["status"] == "error", answer)
    # The words shown after a run are the range query's (the graph's), as query_range answers them.
    ranged = ask("/api/v1/query_range", query=BAD, start=FROM, end=TO, step="60")
    check(ranged["status"] == "error", ranged)
    syntax = wait_for("the parser's words", lambda: described(app, explore, "Query A syntax"))
    check(syntax.startswith("Syntax: ") and answer["error"].endswith(syntax[len("Syntax: "):]) and "parse error" in syntax,
          f"the parser's words are Prometheus': {syntax!r} vs {answer['error']!r}")
    app.key("shift+Return")
    error = wait_for("the server's words", lambda: described(app, explore, "Query A error"), timeout=60)
    check(ranged["error"] in error, f"the server's words shown: {error!r} vs {ranged['error']!r}")
    check(editor_text(app, explore) == BAD, "the query is kept as typed")
    screenshot(f"{shots}/explore-error.png")


def history_has_the_runs(app, explore):
    history = app.find(explore, "Query history", pyatspi.ROLE_LIST)
    names = [history.getChildAtIndex(i).name for i in range(history.childCount)]
    check(names[:2] == [BAD, QUERY], f"newest first: {names}")
    app.click(app.find(explore, "Search history", pyatspi.ROLE_TEXT))
    app.type("by (status")
    wait_for("only the matching run", lambda: [history.getChildAtIndex(i).name for i in range(history.childCount)] == [QUERY])
    # Starred: the entry says so, and comes before the newer run once the search is cleared.
    app.click(history.getChildAtIndex(0))
    app.click(app.find(explore, "Star query", pyatspi.ROLE_PUSH_BUTTON))
    app.find(explore, "Unstar query", pyatspi.ROLE_PUSH_BUTTON)
    wait_for("the entry starred", lambda: history.getChildAtIndex(0).description == "starred")
    app.click(app.find(explore, "Search history", pyatspi.ROLE_TEXT))
    app.key("ctrl+a", "BackSpace")
    wait_for("starred first, then the newest", lambda: history_names(history)[:2] == [QUERY, BAD])
    check(history.getChildAtIndex(1).description == "", "the other entry is not starred")
    screenshot(f"{shots}/explore-starred.png")


def history_names(history):
    return [history.getChildAtIndex(i).name for i in range(history.childCount)]


def star_survives_restart(app):
    """A new promdeck on the same settings and data: the star is in the history file."""
    app.close()
    again = App("--prometheus", prometheus, "--dashboard", "api", "--from", FROM, "--to", TO, "--refresh", "off",
                home=app.home)
    try:
        explore = open_by_keyboard(again, again.window("FastAPI API · Promdeck"))
        history = again.find(explore, "Query history", pyatspi.ROLE_LIST)
        names = wait_for("the history read back", lambda: history_names(history) or None)
        check(names[0] == QUERY and history.getChildAtIndex(0).description == "starred",
              f"still starred and first after a restart: {names}")
        check(BAD in names, f"the other runs kept: {names}")
        again.click(again.find(explore, "Starred only", pyatspi.ROLE_CHECK_BOX))
        wait_for("only the starred entry", lambda: history_names(history) == [QUERY])
        again.click(history.getChildAtIndex(0))
        again.click(again.find(explore, "Unstar query", pyatspi.ROLE_PUSH_BUTTON))
        wait_for("unstarred: gone from the starred list", lambda: history_names(history) == [])
    finally:
        again.close()


def pane_table(app, pane):
    return table_rows(app, app.find(pane, "Result table", pyatspi.ROLE_TABLE))


def run_in_pane(app, pane, query):
    editor = app.find(pane, "Query A", pyatspi.ROLE_TEXT)
    app.click(editor)
    app.key("ctrl+a", "BackSpace")
    app.type(query)
    app.key("Escape")
    wait_for("the query typed", lambda: app.text_of(editor) == query)
    app.key("shift+Return")


def equals_prometheus(app, pane, query, label, at):
    """The pane's table, once it is at `at`, equals Prometheus' answer for `query` at `at`."""
    rows = wait_for(f"{query} answered at {at}", lambda: (r := pane_table(app, pane)) and
                    all(x["Time"].startswith(at.rstrip("Z")) for x in r) and r or None, timeout=60)
    answer = ask("/api/v1/query", query=query, time=at)
    check(answer["status"] == "success", answer)
    expected = {s["metric"].get(label, ""): float(s["value"][1]) for s in answer["data"]["result"]}
    shown = {r[label]: float(r["Value"]) for r in rows}
    check(len(expected) >= 2 and shown == expected, f"{query} at {at}: shown {shown}, Prometheus {expected}")


def split_shares_the_range(app, explore):
    """Split: a second pane beside the first, each with its own query and answers; Zoom out (one range for
    both) runs both again, and both answers equal Prometheus' at the new end; Close split leaves one."""
    app.click(app.find(explore, "Split", pyatspi.ROLE_PUSH_BUTTON))
    left = app.find(explore, "Explore pane 1")
    right = app.find(explore, "Explore pane 2")
    check(app.extents(right)[0] >= app.extents(left)[0] + app.extents(left)[2] - 5, "the second pane is beside the first")
    by_status = QUERY
    by_handler = "sum by (handler) (rate(http_requests_total[5m]))"
    run_in_pane(app, left, by_status)
    run_in_pane(app, right, by_handler)
    equals_prometheus(app, left, by_status, "status", TO)
    equals_prometheus(app, right, by_handler, "handler", TO)
    check(app.text_of(app.find(left, "Query A", pyatspi.ROLE_TEXT)) == by_status, "each pane keeps its own query")
    time.sleep(0.5)
    screenshot(f"{shots}/explore-split.png")

    app.click(app.find(explore, "Zoom out", pyatspi.ROLE_PUSH_BUTTON))
    zoomed_from, zoomed_to = "2026-01-05T09:00:00Z", "2026-01-05T21:00:00Z"
    wait_for("the doubled range", lambda: f"{zoomed_from} to {zoomed_to}" in (app.find(explore, "Time range").description or ""))
    equals_prometheus(app, left, by_status, "status", zoomed_to)
    equals_prometheus(app, right, by_handler, "handler", zoomed_to)
    time.sleep(0.5)
    screenshot(f"{shots}/explore-split-zoomed.png")

    app.click(app.find(explore, "Close split", pyatspi.ROLE_PUSH_BUTTON))
    app.find(explore, "Split", pyatspi.ROLE_PUSH_BUTTON)
    wait_for("one pane left", lambda: pyatspi.findDescendant(explore, lambda a: a is not None and a.name == "Explore pane 2"
                                                            and app.is_showing(a)) is None)
    check(app.text_of(app.find(left, "Query A", pyatspi.ROLE_TEXT)) == by_status, "the first pane is as it was")


def format_and_add_to_dashboard(app, explore):
    """Format lays a messy query out as the PromQL library's formatter does (`promdeck promql format`:
    Debian's promtool 2.42 has no `promql format`); Add to dashboard appends it to a dashboard file, which
    `promdeck validate` accepts, `promdeck data` answers as Prometheus does, and a new window shows."""
    messy = 'sum   by(handler)(rate(http_requests_total{status="5xx"}[5m]))/ sum by (handler)(rate(http_requests_total[5m]))'
    promdeck = os.environ["PROMDECK_BINARY"]
    formatted = subprocess.run([promdeck, "promql", "format", messy], check=True, capture_output=True,
                               text=True).stdout.rstrip("\n")
    check(formatted != messy and formatted.strip(), f"the formatter changes the messy query: {formatted!r}")
    pane = app.find(explore, "Explore pane 1")
    editor = app.find(pane, "Query A", pyatspi.ROLE_TEXT)
    app.click(editor)
    app.key("ctrl+a", "BackSpace")
    app.type(messy)
    app.key("Escape")
    wait_for("the messy query typed", lambda: app.text_of(editor) == messy)
    app.click(app.find(pane, "Format queries", pyatspi.ROLE_PUSH_BUTTON))
    wait_for("the query formatted", lambda: app.text_of(editor) == formatted)

    work = tempfile.mkdtemp(prefix="promdeck-add-")
    path = f"{work}/scratch.json"
    with open(path, "w") as f:
        json.dump({"title": "Scratch", "uid": "scratch", "schemaVersion": 39, "time": {"from": FROM, "to": TO},
                   "panels": [{"id": 1, "type": "text", "title": "Notes", "gridPos": {"x": 0, "y": 0, "w": 24, "h": 3},
                               "options": {"mode": "markdown", "content": "scratch"}}]}, f, indent=2)
    app.click(app.find(pane, "Add to dashboard", pyatspi.ROLE_PUSH_BUTTON))
    dialog = app.window("Add to dashboard")
    time.sleep(0.5)
    screenshot(f"{shots}/explore-add-to-dashboard-dialog.png")
    app.type(path)
    app.key("Return")
    summary = wait_for("the panel added", lambda: (d := app.find(pane, "Result summary").description or "")
                       and "Added panel" in d and d or None)
    check(path in summary, summary)
    del dialog

    saved = json.load(open(path))  # valid JSON, or this raises
    panels = saved["panels"]
    check(len(panels) == 2 and panels[0]["title"] == "Notes", f"the old panel kept, one added: {panels}")
    added = panels[1]
    # Prometheus' layout indents a binary expression's operands; the file keeps the query without the
    # leading blanks.
    check(added["type"] == "timeseries" and [t["expr"] for t in added["targets"]] == [formatted.strip()],
          f"a time series panel with the formatted query: {added}")
    check(added["gridPos"]["y"] >= 3, f"below the other panels: {added['gridPos']}")
    validated = subprocess.run([promdeck, "validate", path], capture_output=True, text=True)
    check(validated.returncode == 0 and "error" not in validated.stdout + validated.stderr,
          f"promdeck validate accepts it: {validated.returncode} {validated.stdout} {validated.stderr}")

    out = f"{work}/data.json"
    subprocess.run([promdeck, "data", "--dashboard", path, "--prometheus", prometheus, "--from", FROM, "--to", TO,
                    "-o", out], check=True, env=dict(os.environ, HOME=work, XDG_CONFIG_HOME=f"{work}/.config",
                                                     XDG_DATA_HOME=f"{work}/.local"))
    data = [p for p in json.load(open(out))["panels"] if p["title"] == added["title"]]
    check(len(data) == 1 and data[0]["state"] == "ok", f"the new panel answered: {data}")
    query = data[0]["queries"][0]
    answer = ask("/api/v1/query_range", query=query["expr"], start=query["start_ms"] / 1000,
                 end=query["end_ms"] / 1000, step=query["step_ms"] / 1000)
    check(answer["status"] == "success", answer)
    expected = {s["metric"]["handler"]: [(round(float(t) * 1000), float(v)) for t, v in s["values"]]
                for s in answer["data"]["result"]}
    shown = {s["labels"]["handler"]: [(t, v) for t, v in s["points"]] for s in query["series"]}
    check(expected and shown.keys() == expected.keys(), f"the same series: {sorted(shown)} vs {sorted(expected)}")
    for handler, points in expected.items():
        check(len(shown[handler]) == len(points) and all(
            t == u and abs(v - w) <= 1e-9 * max(1.0, abs(w)) for (t, v), (u, w) in zip(shown[handler], points)),
              f"{handler}: the panel's points are Prometheus' answer")

    # Opened in the window, the new panel is there beside the old one.
    viewer = App("--prometheus", prometheus, "--dashboard", path, "--from", FROM, "--to", TO, "--refresh", "off")
    try:
        main = viewer.window("Scratch · Promdeck")
        viewer.find(main, f"Panel: {added['title']}")
        viewer.find(main, "Panel: Notes")
        time.sleep(1.0)
        screenshot(f"{shots}/explore-added-panel.png")
    finally:
        viewer.close()
    app.click(editor)  # the keyboard back in Explore (no window manager gives it back)


def panel_opens_its_queries(app, main, explore):
    app.key("ctrl+w")  # Explore closes (it lies over the dashboard: there is no window manager)
    wait_for("Explore closed", lambda: not app.is_showing(app.find(explore, "Query A", showing=False)))
    app.click(app.find(main, f"Panel: {PANEL}"), at=(0.5, 0.05))
    app.key("e")
    wait_for("the panel's query in row A", lambda: "sum by (status)" in editor_text(app, explore)
             and editor_text(app, explore) != QUERY)
    text = editor_text(app, explore)
    check("$" not in text, f"variables written in: {text}")
    check("the panel's range" in app.find(explore, "Time range").description, app.find(explore, "Time range").description)
    table = app.find(explore, "Result table", pyatspi.ROLE_TABLE)
    wait_for("its answer in the table", lambda: table_rows(app, table) or None, timeout=60)
    answer = ask("/api/v1/query", query=text, time=TO)
    check(answer["status"] == "success", answer)
    check(len(table_rows(app, table)) == len(answer["data"]["result"]), "as many rows as Prometheus' series")
    screenshot(f"{shots}/explore-panel.png")


def main():
    steps = Steps(shots, "explore-")
    run = steps.run

    app = App("--prometheus", prometheus, "--dashboard", "api", "--from", FROM, "--to", TO, "--refresh", "off")
    try:
        main_window = app.window("FastAPI API · Promdeck")
        explore = open_by_keyboard(app, main_window)
        run("completes_and_runs", completes_and_runs, app, explore)
        run("completion_shows_help", completion_shows_help, app, explore)
        run("bad_query_says_why", bad_query_says_why, app, explore)
        run("history_has_the_runs", history_has_the_runs, app, explore)
        run("split_shares_the_range", split_shares_the_range, app, explore)
        run("format_and_add_to_dashboard", format_and_add_to_dashboard, app, explore)
        run("panel_opens_its_queries", panel_opens_its_queries, app, main_window, explore)
        run("star_survives_restart", star_survives_restart, app)
    except Exception:
        steps.fail("explore")
    finally:
        app.close()
        if steps.failed:
            print(open(app.log.name).read()[-3000:])
    return steps.summary()


if __name__ == "__main__":
    sys.exit(main())
