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


def title_of(main):
    return main.name or ""


def make_and_run_a_playlist():
    app = start("celery")
    try:
        main = app.window("Celery")
        app.click(app.find(main, lambda n: n.startswith("Panel: ")), at=(0.5, 0.05))
        app.key("alt+v", "y")  # View > Playlists…, by its mnemonic (Qt keeps menus out of AT-SPI)
        dialog = app.window("Playlists")
        app.click(app.find(dialog, "Playlist name", pyatspi.ROLE_TEXT))
        app.type("wall")
        interval = app.find(dialog, "Interval", pyatspi.ROLE_TEXT)
        app.click(interval)
        app.key("ctrl+a")
        app.type("5x")

        find = app.find(dialog, "Find a dashboard", pyatspi.ROLE_TEXT)
        available = app.find(dialog, "Dashboards to add", pyatspi.ROLE_LIST)
        chosen = app.find(dialog, "Dashboards in the playlist", pyatspi.ROLE_LIST)
        for title in ("Redis", "FastAPI API"):
            app.click(find)
            app.key("ctrl+a")
            app.type(title)
            item = wait_for(f"{title} found", lambda: next(
                (available.getChildAtIndex(i) for i in range(available.childCount)
                 if f"{title}  [" in available.getChildAtIndex(i).name), None))
            app.click(item)
            app.click(app.find(dialog, "Add dashboard", pyatspi.ROLE_PUSH_BUTTON))
        in_order = lambda: [chosen.getChildAtIndex(i).name for i in range(chosen.childCount)]  # noqa: E731
        wait_for("two dashboards in the playlist", lambda: in_order() == ["Redis", "FastAPI API"])
        # Reordered: FastAPI API (added last, the current row) moved up.
        app.click(app.find(dialog, "Move up", pyatspi.ROLE_PUSH_BUTTON))
        wait_for("FastAPI API moved up", lambda: in_order() == ["FastAPI API", "Redis"])

        save = app.find(dialog, "Save playlist", pyatspi.ROLE_PUSH_BUTTON)
        app.click(save)
        problem = app.find(dialog, "Playlist problem", pyatspi.ROLE_LABEL)
        wait_for("the interval refused, with the position",
                 lambda: 'interval "5x": at character 2, "x" where a unit' in (problem.description or ""))
        saved = app.find(dialog, "Saved playlists", pyatspi.ROLE_LIST)
        check(saved.childCount == 0, "nothing saved with a bad interval")
        app.click(interval)
        app.key("ctrl+a")
        app.type("5s")
        app.click(save)
        wait_for("the playlist saved", lambda: saved.childCount == 1 and saved.getChildAtIndex(0).name == "wall")
        screenshot(f"{shots}/playlist-dialog.png")

        app.click(app.find(dialog, "Start playlist", pyatspi.ROLE_PUSH_BUTTON))
        wait_for("the playlist's first dashboard", lambda: "FastAPI API" in title_of(main), timeout=15)
        indicator = app.find(main, "Playlist", pyatspi.ROLE_LABEL)
        wait_for("the indicator names it", lambda: "“wall” · 1 of 2: FastAPI API" in (indicator.description or ""))
        screenshot(f"{shots}/playlist-running.png")
        wait_for("the second dashboard", lambda: "Redis" in title_of(main), timeout=15)
        turned = time.monotonic()
        wait_for("back to the first", lambda: "FastAPI API" in title_of(main), timeout=15)
        shown = time.monotonic() - turned
        check(3.5 < shown < 9, f"the second dashboard stayed about the 5 s interval: {shown:.1f} s")
        app.click(app.find(main, "Stop playlist", pyatspi.ROLE_PUSH_BUTTON))
        wait_for("the indicator gone", lambda: not app.is_showing(app.find(main, "Playlist", pyatspi.ROLE_LABEL, showing=False)))
        time.sleep(7)
        check("FastAPI API" in title_of(main), f"stopped: still on FastAPI API after 7 s: {title_of(main)}")
    finally:
        app.close()


def saved_playlist_after_restart():
    # `--playlist NAME` starts a saved playlist; Esc stops it; the dialog still lists it.
    app = App("--prometheus", prometheus, "--playlist", "wall", "--from", FROM, "--to", TO, "--refresh", "off",
              home=home)
    try:
        main = app.window("FastAPI API")
        wait_for("the saved playlist turns", lambda: "Redis" in title_of(main), timeout=15)
        app.click(app.find(main, lambda n: n.startswith("Panel: ")), at=(0.5, 0.05))
        app.key("Escape")
        wait_for("Esc stopped it", lambda: not app.is_showing(app.find(main, "Playlist", pyatspi.ROLE_LABEL, showing=False)))
        time.sleep(7)
        check("Redis" in title_of(main), f"stopped: still on Redis after 7 s: {title_of(main)}")
        app.key("alt+v", "y")
        dialog = app.window("Playlists")
        saved = app.find(dialog, "Saved playlists", pyatspi.ROLE_LIST)
        wait_for("wall listed", lambda: saved.childCount == 1 and saved.getChildAtIndex(0).name == "wall")
        chosen = app.find(dialog, "Dashboards in the playlist", pyatspi.ROLE_LIST)
        wait_for("its dashboards, in order", lambda: [chosen.getChildAtIndex(i).name for i in range(chosen.childCount)]
                 == ["FastAPI API", "Redis"])
        check(app.text_of(app.find(dialog, "Interval", pyatspi.ROLE_TEXT)) == "5s", "its interval")
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
    run("make_and_run_a_playlist", make_and_run_a_playlist)
    run("saved_playlist_after_restart", saved_playlist_after_restart)
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
