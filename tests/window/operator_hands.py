#!/usr/bin/python3
"""What an operator does with their hands (issue 15), in the real window against the fixture Prometheus:
a panel's menu by right-click, Inspect > Data > Save CSV equal to what Prometheus answers for the
request the Query tab shows; View alone and back; Ctrl+Z doubles the range and Back restores it;
Ctrl+K finds "celery" and opens it at the same range; kiosk hides the chrome; a playlist turns.

  session.sh --display 1600x1000 --atspi -- operator_hands.py [SCREENSHOT_DIR]"""
import csv
import re
import time
import json
import os
import sys
import tempfile
import urllib.parse
import urllib.request

import pyatspi

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from desktop import Steps, App, check, differing_pixels, pixel, screenshot, seconds, wait_for  # noqa: E402

FROM, TO = "2026-01-05T12:00:00Z", "2026-01-05T18:00:00Z"
PANEL = "Requests by status class"
prometheus = open(os.environ["PROMDECK_TEST_PROMETHEUS_URL_FILE"]).read().strip().rstrip("/")
shots = sys.argv[1] if len(sys.argv) > 1 else tempfile.mkdtemp(prefix="promdeck-shots-")
os.makedirs(shots, exist_ok=True)
work = tempfile.mkdtemp(prefix="promdeck-hands-")


def time_range(app, main):
    """The range the time picker shows (its accessible description; a combo box's name is its text)."""
    picker = app.find(main, lambda n: True, pyatspi.ROLE_COMBO_BOX,
                      where=lambda a: re.match(r"^(\d{4}-|Last |now)", a.description or ""))
    return picker.description


def open_panel_menu_item(app, main, item):
    panel = app.find(main, f"Panel: {PANEL}")
    app.click(panel, button=3, at=(0.5, 0.6))
    # Qt leaves pop-up menus out of the accessibility tree's windows: the item is chosen by its
    # mnemonic, as a keyboard user does, once the menu holds the keyboard.
    time.sleep(0.5)
    app.key(item[0].lower())


def inspect_saves_what_prometheus_answers(app, main):
    # The request as sent: the Query tab, once the panel has its answer.
    def requests():
        open_panel_menu_item(app, main, "Inspect")
        dialog = app.window(f"Inspect: {PANEL}")
        app.click(app.find(dialog, "Query", pyatspi.ROLE_PAGE_TAB))
        text = app.text_of(app.find(dialog, "Requests", pyatspi.ROLE_TEXT))
        if "HTTP status: 200" in text:
            return dialog, text
        app.key("Escape")
        return None
    dialog, text = wait_for("the panel's answer in Inspect > Query", requests, timeout=60)
    screenshot(f"{shots}/inspect-query.png")
    urls = [line.split(" ", 2)[2] for line in text.splitlines() if line.startswith("Request: GET ")]
    check(len(urls) == 1, f"one request expected in the Query tab, found {urls}")
    asked = urllib.parse.parse_qs(urllib.parse.urlsplit(urls[0]).query)
    check(urllib.parse.urlsplit(urls[0]).path.endswith("/api/v1/query_range"), urls[0])
    check("sum by (status)" in asked["query"][0] and "$" not in asked["query"][0],
          f"the expression as sent, variables substituted: {asked['query'][0]}")
    check(float(asked["start"][0]) <= seconds(FROM) and float(asked["end"][0]) >= seconds(TO) - float(asked["step"][0]),
          f"the request covers {FROM} to {TO}: {asked}")

    # Data > Save CSV, through the file dialog.
    app.click(app.find(dialog, "Data", pyatspi.ROLE_PAGE_TAB))
    screenshot(f"{shots}/inspect-data.png")
    app.click(app.find(dialog, "Save CSV", pyatspi.ROLE_PUSH_BUTTON))
    app.window("Save CSV")
    path = f"{work}/panel.csv"
    app.key("ctrl+a")  # the file name field has the focus
    app.type(path)
    app.key("Return")
    wait_for(f"{path} written", lambda: os.path.exists(path) and os.path.getsize(path) > 0)
    with open(path, newline="") as f:
        rows = list(csv.reader(f))
    header, body = rows[0], rows[1:]
    check(header[0] == "Time" and len(header) > 1, f"joined by time: {header}")
    saved = {}
    for column, name in enumerate(header[1:], start=1):
        saved[name] = [(round(seconds(r[0]), 3), float(r[column])) for r in body if r[column] != ""]

    # Prometheus, asked directly with the same parameters.
    params = {k: asked[k][0] for k in ("query", "start", "end", "step")}
    with urllib.request.urlopen(f"{prometheus}/api/v1/query_range?" + urllib.parse.urlencode(params)) as r:
        answer = json.load(r)
    check(answer["status"] == "success", answer)
    expected = sorted(sorted((round(float(t), 3), float(v)) for t, v in s["values"]) for s in answer["data"]["result"])
    check(len(expected) >= 2, f"the fixture answers several series: {len(expected)}")
    got = sorted(sorted(v) for v in saved.values())
    check(got == expected, f"CSV differs from Prometheus: {len(got)} series vs {len(expected)}; "
          f"first CSV {got[0][:3] if got else None} vs {expected[0][:3]}")
    check(sum(len(s) for s in expected) > 100, "enough samples to mean something")
    app.key("Escape")
    wait_for("the inspector closed", lambda: not any(t.startswith("Inspect:") for t in app.titles()))


def view_alone_and_back(app, main):
    other = app.find(main, "Panel: Request rate by handler")
    open_panel_menu_item(app, main, "View")
    panel = app.find(main, f"Panel: {PANEL}")
    wait_for("the other panels hidden", lambda: not app.is_showing(other))
    _, _, width, height = app.extents(panel)
    _, _, main_width, _ = app.extents(main)
    check(width > main_width * 0.9 and height > 500, f"the panel fills the view: {width}x{height} of {main_width}")
    screenshot(f"{shots}/view.png")
    before = time_range(app, main)
    app.click(panel, at=(0.5, 0.05))  # the pointer over the window, on the title
    app.key("Escape")
    wait_for("the dashboard again", lambda: app.is_showing(app.find(main, "Panel: Request rate by handler", showing=False)))
    check(time_range(app, main) == before, "the time range kept")


def zoom_out_doubles(app, main):
    check(time_range(app, main) == f"{FROM} to {TO}", f"starts at the range given: {time_range(app, main)}")
    app.click(app.find(main, f"Panel: {PANEL}"), at=(0.5, 0.05))
    app.key("ctrl+z")
    wait_for("Ctrl+Z doubled the range",
             lambda: time_range(app, main) == "2026-01-05T09:00:00Z to 2026-01-05T21:00:00Z")
    app.key("t", "z")
    wait_for("t z doubled it again", lambda: time_range(app, main) == "2026-01-05T03:00:00Z to 2026-01-06T03:00:00Z")
    app.click(app.find(main, "Previous time range", pyatspi.ROLE_PUSH_BUTTON))
    wait_for("Back", lambda: time_range(app, main) == "2026-01-05T09:00:00Z to 2026-01-05T21:00:00Z")
    app.click(app.find(main, "Previous time range", pyatspi.ROLE_PUSH_BUTTON))
    wait_for("Back again", lambda: time_range(app, main) == f"{FROM} to {TO}")


def search_opens_celery(app, main):
    app.click(app.find(main, f"Panel: {PANEL}"), at=(0.5, 0.05))
    app.key("ctrl+k")
    search = app.window("Search dashboards")
    app.type("celery")
    found = app.find(search, "Dashboards found", pyatspi.ROLE_LIST)
    wait_for("only Celery listed", lambda: found.childCount == 1 and "Celery" in found.getChildAtIndex(0).name)
    screenshot(f"{shots}/search.png")
    app.key("Return")
    wait_for("the Celery dashboard", lambda: "Celery" in (main.name or ""))
    check(time_range(app, main) == f"{FROM} to {TO}", f"the range kept: {time_range(app, main)}")


def kiosk_hides_the_chrome(app, main):
    menu_bar = app.find(main, lambda n: True, pyatspi.ROLE_MENU_BAR)
    before = screenshot(f"{work}/before-kiosk.png")
    app.click(app.find(main, lambda n: n.startswith("Panel: "), showing=True), at=(0.5, 0.05))
    app.key("F11")
    wait_for("the menu bar hidden", lambda: not app.is_showing(menu_bar))
    zoom_out = app.find(main, "Zoom out", pyatspi.ROLE_PUSH_BUTTON, showing=False)
    wait_for("the toolbar hidden", lambda: not app.is_showing(zoom_out))
    after = screenshot(f"{shots}/kiosk.png")
    x, y, w, h = app.extents(main)
    check((x, y) == (0, 0) and w >= 1600 and h >= 1000, f"full screen: {x},{y} {w}x{h}")
    # The top strip was the menu bar and the toolbar; in kiosk it is the dashboard's background, and
    # a good part of its pixels changed.
    check(pixel(after, 3, 3) == (0x11, 0x12, 0x17), f"dashboard background at the top: {pixel(after, 3, 3)}")
    changed = differing_pixels(before, after, "1600x60+0+0")
    check(changed > 2000, f"the top strip changed: {changed} pixels")
    app.key("Escape")
    wait_for("the menu bar back", lambda: app.is_showing(menu_bar))


def playlist_turns():
    app = App("--prometheus", prometheus, "--playlist", "api,redis", "--interval", "3s", "--from", FROM, "--to", TO,
              "--refresh", "off")
    try:
        main = app.window("FastAPI API")
        wait_for("the playlist's second dashboard", lambda: "Redis" in (main.name or ""), timeout=30)
        check(time_range(app, main) == f"{FROM} to {TO}", f"the range kept: {time_range(app, main)}")
        wait_for("back to the first", lambda: "FastAPI API" in (main.name or ""), timeout=30)
    finally:
        app.close()


def main():
    steps = Steps(shots)
    run = steps.run

    app = App("--prometheus", prometheus, "--dashboard", "api", "--from", FROM, "--to", TO, "--refresh", "off")
    try:
        main_window = app.window("FastAPI API · Promdeck")
        run("inspect_saves_what_prometheus_answers", inspect_saves_what_prometheus_answers, app, main_window)
        run("view_alone_and_back", view_alone_and_back, app, main_window)
        run("zoom_out_doubles", zoom_out_doubles, app, main_window)
        run("search_opens_celery", search_opens_celery, app, main_window)
        run("kiosk_hides_the_chrome", kiosk_hides_the_chrome, app, main_window)
    finally:
        app.close()
        if steps.failed:
            print(open(app.log.name).read()[-3000:])
    run("playlist_turns", playlist_turns)
    return steps.summary()


if __name__ == "__main__":
    sys.exit(main())
