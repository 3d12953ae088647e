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
import sys
import tempfile
import time
import traceback
import urllib.error
import urllib.parse
import urllib.request

import pyatspi

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from desktop import App, check, screenshot, wait_for  # noqa: E402

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
    described = wait_for("the candidate described", lambda: editor.description or None)
    check(described == f"{name}: {expected['type']}\n{expected['help']}",
          f"TYPE and HELP as the server says: {described!r} vs {expected}")
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
    passed = failed = 0

    def run(name, fn, *args):
        nonlocal passed, failed
        try:
            fn(*args)
            passed += 1
            print(f"PASS {name}", flush=True)
        except Exception:
            failed += 1
            print(f"FAIL {name}\n{traceback.format_exc()}", flush=True)
            screenshot(f"{shots}/failed-explore-{name}.png")

    app = App("--prometheus", prometheus, "--dashboard", "api", "--from", FROM, "--to", TO, "--refresh", "off")
    try:
        main_window = app.window("FastAPI API · Promdeck")
        explore = open_by_keyboard(app, main_window)
        run("completes_and_runs", completes_and_runs, app, explore)
        run("completion_shows_help", completion_shows_help, app, explore)
        run("bad_query_says_why", bad_query_says_why, app, explore)
        run("history_has_the_runs", history_has_the_runs, app, explore)
        run("panel_opens_its_queries", panel_opens_its_queries, app, main_window, explore)
        run("star_survives_restart", star_survives_restart, app)
    except Exception:
        failed += 1
        print(f"FAIL explore\n{traceback.format_exc()}", flush=True)
        screenshot(f"{shots}/failed-explore.png")
    finally:
        app.close()
        if failed:
            print(open(app.log.name).read()[-3000:])
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
