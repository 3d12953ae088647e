#!/usr/bin/python3
"""Time as an operator types it (issue 15), in the real window against the fixture Prometheus, in
Berlin's time zone: `now/d` .. `now` typed into the picker's custom range shows "Today so far" and the
panel's request (Inspect > Query) starts at Berlin's midnight; a typo is refused in the dialog with its
column and nothing typed is lost; `promdeck data --from now/d --to now/d` gives the whole Berlin day.

  session.sh --display 1600x1000 --atspi -- time_links.py [SCREENSHOT_DIR]"""
import datetime
import json
import os
import subprocess
import sys
import tempfile
import time
import traceback
import urllib.parse
import zoneinfo

import pyatspi

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from desktop import App, check, screenshot, wait_for  # noqa: E402

ZONE = "Europe/Berlin"
PANEL = "Requests by status class"
prometheus = open(os.environ["PROMDECK_TEST_PROMETHEUS_URL_FILE"]).read().strip().rstrip("/")
shots = sys.argv[1] if len(sys.argv) > 1 else tempfile.mkdtemp(prefix="promdeck-shots-")
os.makedirs(shots, exist_ok=True)
work = tempfile.mkdtemp(prefix="promdeck-time-")
# Every promdeck started here lives in Berlin, whatever the machine's zone.
os.environ["TZ"] = ZONE


def berlin_midnight_ms(days_ahead=0):
    now = datetime.datetime.now(zoneinfo.ZoneInfo(ZONE))
    day = now.date() + datetime.timedelta(days=days_ahead)
    midnight = datetime.datetime(day.year, day.month, day.day, tzinfo=zoneinfo.ZoneInfo(ZONE))
    return int(midnight.timestamp() * 1000)


def picker(app, main):
    """The time picker: the combo box whose accessible description is the range it shows."""
    return app.find(main, lambda n: True, pyatspi.ROLE_COMBO_BOX,
                    where=lambda a: a.description in ("Last 6h", "Today so far") or " to " in (a.description or ""))


def type_into(app, field, text):
    app.click(field)
    app.key("ctrl+a")
    app.type(text)


def typed_range_is_today_so_far(app, main):
    combo = picker(app, main)
    check(combo.description == "Last 6h", f"opens on the dashboard's range: {combo.description}")
    # The last entry, Custom range…, by keyboard: the combo has the focus once clicked and closed.
    app.click(combo)
    time.sleep(0.3)
    app.key("End", "Return")
    dialog = app.window("Custom time range")
    from_field = app.find(dialog, "From", pyatspi.ROLE_TEXT)
    to_field = app.find(dialog, "To", pyatspi.ROLE_TEXT)
    # A typo first: refused where it is, the dialog stays with what was typed.
    type_into(app, from_field, "now-1x/d")
    type_into(app, to_field, "now")
    app.key("Return")
    problem = app.find(dialog, "Time range problem", pyatspi.ROLE_LABEL)
    text = wait_for("the problem shown", lambda: problem.description or None)
    screenshot(f"{shots}/time-typo.png")
    check(text == "From: now-1x/d: unknown unit 'x' (units: y M w d h m s) at column 6", f"the problem: {text!r}")
    check(app.text_of(from_field) == "now-1x/d", f"what was typed is kept: {app.text_of(from_field)!r}")
    type_into(app, from_field, "now/d")
    app.key("Return")
    wait_for("the dialog closed", lambda: "Custom time range" not in app.titles())
    wait_for("Today so far shown", lambda: picker(app, main).description == "Today so far")
    screenshot(f"{shots}/time-today-so-far.png")

    # The request the panel sent for it (Inspect > Query) starts at midnight in Berlin.
    midnight = berlin_midnight_ms()

    def request():
        panel = app.find(main, f"Panel: {PANEL}")
        app.click(panel, button=3, at=(0.5, 0.6))
        time.sleep(0.5)
        app.key("i")
        dialog = app.window(f"Inspect: {PANEL}")
        app.click(app.find(dialog, "Query", pyatspi.ROLE_PAGE_TAB))
        text = app.text_of(app.find(dialog, "Requests", pyatspi.ROLE_TEXT))
        app.key("Escape")
        wait_for("the inspector closed", lambda: not any(t.startswith("Inspect:") for t in app.titles()))
        urls = [line.split(" ", 2)[2] for line in text.splitlines() if line.startswith("Request: GET ")]
        if len(urls) == 1 and "HTTP status: 200" in text:
            return urllib.parse.parse_qs(urllib.parse.urlsplit(urls[0]).query)
        return None
    asked = wait_for("the panel's request for today", request, timeout=60)
    start, end, step = (float(asked[k][0]) * 1000 for k in ("start", "end", "step"))
    # The planner may align the start down to its step; never more.
    check(midnight - step < start <= midnight, f"asked from Berlin's midnight {midnight}: start {start}, step {step}")
    check(abs(end - time.time() * 1000) < 120_000 + step, f"asked up to now: end {end}")


def data_gives_the_berlin_day():
    out = f"{work}/today.json"
    subprocess.run([os.environ["PROMDECK_BINARY"], "data", "--prometheus", prometheus, "--dashboard", "api",
                    "--from", "now/d", "--to", "now/d", "-o", out], check=True, timeout=120)
    panels = json.load(open(out))["panels"]
    ranges = {(p["range"]["from"], p["range"]["to"]) for p in panels if "range" in p}
    check(ranges == {(berlin_midnight_ms(), berlin_midnight_ms(1) - 1)},
          f"every panel over Berlin's whole day {berlin_midnight_ms()}..{berlin_midnight_ms(1) - 1}: {ranges}")
    bad = subprocess.run([os.environ["PROMDECK_BINARY"], "data", "--prometheus", prometheus, "--dashboard", "api",
                          "--from", "now-1d/x", "-o", f"{work}/bad.json"], capture_output=True, text=True, timeout=60)
    check(bad.returncode != 0 and "--from: now-1d/x: unknown unit 'x' (units: y M w d h m s) at column 8" in bad.stderr,
          f"a bad --from is refused with its column: {bad.returncode} {bad.stderr!r}")


def main():
    passed = failed = 0

    def run(name, fn, *args):
        nonlocal passed, failed
        try:
            fn(*args)
            passed += 1
            print(f"PASS {name}")
        except Exception:
            failed += 1
            print(f"FAIL {name}")
            traceback.print_exc()
            screenshot(f"{shots}/failed-{name}.png")

    run("data_gives_the_berlin_day", data_gives_the_berlin_day)
    app = App("--prometheus", prometheus, "--dashboard", "api", "--from", "now-6h", "--to", "now", "--refresh", "off")
    try:
        main_window = app.window("FastAPI API · Promdeck")
        run("typed_range_is_today_so_far", typed_range_is_today_so_far, app, main_window)
    finally:
        app.close()
        if failed:
            print(open(app.log.name).read()[-3000:])
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
