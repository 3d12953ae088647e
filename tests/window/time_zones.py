#!/usr/bin/python3
"""Time zones (issue 15) in the real window against the fixture Prometheus, with the machine in Kolkata
(TZ=Asia/Kolkata, UTC+05:30). celery-exporter's published overview (tests/testdata, MIT) says
`"timezone": "utc"`: its time axis, the picker's range, the status line and Inspect > Data's first time
are UTC, as Grafana shows them. The same dashboard with `"timezone": ""` leaves it to the user: local
(Kolkata) times at first, UTC once View > Time zone > UTC is chosen, and Kolkata again with Local
(browser). `promdeck data --timezone Asia/Tokyo` gives Tokyo's day for now/d over the same utc file, and an
unknown zone is refused in words. Every expected text is computed here from the range and from what
Prometheus answers.

  session.sh --display 1600x1000 --atspi -- time_zones.py [SCREENSHOT_DIR]"""
import datetime
import json
import os
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
import zoneinfo

import pyatspi

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from desktop import App, Steps, check, screenshot, seconds, wait_for  # noqa: E402

LOCAL = "Asia/Kolkata"
FROM, TO = "2026-01-05T12:00:00Z", "2026-01-05T18:00:00Z"
PANEL = "Queue Length"
SOURCE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "testdata", "grafana-dashboards",
                      "celery-exporter-celery-tasks-overview.json")
prometheus = open(os.environ["PROMDECK_TEST_PROMETHEUS_URL_FILE"]).read().strip().rstrip("/")
shots = sys.argv[1] if len(sys.argv) > 1 else tempfile.mkdtemp(prefix="promdeck-shots-")
os.makedirs(shots, exist_ok=True)
work = tempfile.mkdtemp(prefix="promdeck-zones-")
# Every promdeck started here lives in Kolkata, whatever the machine's zone.
os.environ["TZ"] = LOCAL


def dashboard_with_zone(zone):
    """The published dashboard as it is, or with its `timezone` changed (a copy in the work directory)."""
    with open(SOURCE) as f:
        dashboard = json.load(f)
    check(dashboard["timezone"] == "utc", f"the published file says utc: {dashboard['timezone']!r}")
    if zone == "utc":
        return os.path.abspath(SOURCE)
    dashboard["timezone"] = zone
    path = f"{work}/celery-overview-zone-{zone or 'default'}.json"
    with open(path, "w") as f:
        json.dump(dashboard, f)
    return path


def in_zone(zone):
    return datetime.timezone.utc if zone == "UTC" else zoneinfo.ZoneInfo(zone)


def axis_labels(app, main):
    """The time axis' labels of the panel's chart, as its accessible description lists them."""
    chart = app.find(main, f"Chart of {PANEL}")
    text = wait_for("the time axis labelled", lambda: (chart.description or "").startswith("Time axis: ")
                    and chart.description, timeout=60)
    return text[len("Time axis: "):].split(", ")


def expected_axis(labels, zone):
    """The round times of the range in `zone` at the step the labels show, as HH:mm: what the axis must
    read (the last may be left out: a label at the right edge would be cut)."""
    tz = in_zone(zone)
    first = datetime.datetime.strptime(labels[0], "%H:%M")
    second = datetime.datetime.strptime(labels[1], "%H:%M")
    step = int((second - first).total_seconds())
    check(step > 0 and 3600 % step == 0 or step % 3600 == 0, f"a round step: {labels}")
    start, end = int(seconds(FROM)), int(seconds(TO))
    times = []
    for t in range(start, end + 1, 60):
        local = datetime.datetime.fromtimestamp(t, tz)
        if (local.hour * 3600 + local.minute * 60) % step == 0:
            times.append(local.strftime("%H:%M"))
    return times


def check_axis(app, main, zone):
    def matches():
        labels = axis_labels(app, main)
        if len(labels) < 2:
            return None
        want = expected_axis(labels, zone)
        return labels if labels == want[:len(labels)] and len(labels) >= len(want) - 1 else None
    try:
        return wait_for(f"the axis in {zone}", matches, timeout=30)
    except Exception:
        labels = axis_labels(app, main)
        raise AssertionError(f"axis labels {labels} are not the round times of {FROM}..{TO} in {zone}: "
                             f"{expected_axis(labels, zone) if len(labels) > 1 else '?'}")


def picker_text(app, main):
    """What the time picker shows: a combo box's name is its text (its description is the range as
    RFC 3339, the same whatever the zone)."""
    combo = app.find(main, lambda n: True, pyatspi.ROLE_COMBO_BOX,
                     where=lambda a: (a.description or "") == f"{FROM} to {TO}")
    return combo.name


def expected_picker(zone):
    tz = in_zone(zone)
    text = lambda iso: datetime.datetime.fromtimestamp(seconds(iso), tz).strftime("%Y-%m-%d %H:%M:%S")  # noqa: E731
    return f"{text(FROM)} to {text(TO)}"


def status_zone(app, main):
    """The status line's zone, as its label reads (its accessible description)."""
    return app.find(main, "Time zone", pyatspi.ROLE_LABEL).description


def shows_zone(app, main, zone, status):
    labels = check_axis(app, main, zone)
    wait_for(f"the picker in {zone}", lambda: picker_text(app, main) == expected_picker(zone), timeout=10)
    got = wait_for("the status line's zone", lambda: status_zone(app, main))
    check(got == f"times in {status}", f"status line: {got!r}, expected 'times in {status}'")
    print(f"{zone}: axis {', '.join(labels)}; picker {picker_text(app, main)!r}; status {got!r}", flush=True)


def inspect_first_time(app, main, zone):
    """Inspect > Data's first time equals the first sample Prometheus answers for the panel's request,
    written in `zone` (RFC 3339 with its offset)."""
    panel = app.find(main, f"Panel: {PANEL}")

    def requests():
        app.click(panel, button=3, at=(0.5, 0.6))
        time.sleep(0.5)
        app.key("i")
        dialog = app.window(f"Inspect: {PANEL}")
        app.click(app.find(dialog, "Query", pyatspi.ROLE_PAGE_TAB))
        text = app.text_of(app.find(dialog, "Requests", pyatspi.ROLE_TEXT))
        if "HTTP status: 200" in text:
            return dialog, text
        app.key("Escape")
        return None
    dialog, text = wait_for(f"{PANEL}'s answer in Inspect > Query", requests, timeout=60)
    urls = [line.split(" ", 2)[2] for line in text.splitlines() if line.startswith("Request: GET ")]
    check(len(urls) == 1, f"one request: {urls}")
    asked = {k: v[0] for k, v in urllib.parse.parse_qs(urllib.parse.urlsplit(urls[0]).query).items()}
    params = {k: asked[k] for k in ("query", "start", "end", "step")}
    with urllib.request.urlopen(f"{prometheus}/api/v1/query_range?" + urllib.parse.urlencode(params)) as r:
        answer = json.load(r)
    check(answer["status"] == "success" and answer["data"]["result"], f"Prometheus answers the panel: {answer}")
    first = min(float(t) for s in answer["data"]["result"] for t, _ in s["values"])
    app.click(app.find(dialog, "Data", pyatspi.ROLE_PAGE_TAB))
    table = app.find(dialog, lambda n: True, pyatspi.ROLE_TABLE)
    cell = wait_for("the first row", lambda: table.queryTable().nRows > 0 and table.queryTable().getAccessibleAt(0, 0).name)
    when = datetime.datetime.fromtimestamp(first, in_zone(zone))
    want = when.isoformat(timespec="milliseconds").replace("+00:00", "Z")
    screenshot(f"{shots}/zones-inspect-{zone.replace('/', '-')}.png")
    app.key("Escape")
    wait_for("the inspector closed", lambda: not any(t.startswith("Inspect:") for t in app.titles()))
    check(cell == want, f"Inspect > Data's first time: {cell!r}, Prometheus' first sample in {zone}: {want!r}")
    print(f"{zone}: Inspect > Data's first time {cell!r} = Prometheus' first sample {first}", flush=True)


def choose_setting(app, main, label):
    """View > Time zone > `label`, with the mouse: the menu bar's View, the submenu, the item."""
    menu_bar = app.find(main, lambda n: True, pyatspi.ROLE_MENU_BAR)
    view = app.find(menu_bar, "View", where=lambda a: a.getRole() in (pyatspi.ROLE_MENU, pyatspi.ROLE_MENU_ITEM))
    app.click(view)
    submenu = app.find(app.root, "Time zone", where=lambda a: a.getRole() in (pyatspi.ROLE_MENU, pyatspi.ROLE_MENU_ITEM))
    app.click(submenu)
    item = app.find(app.root, label, where=lambda a: a.getRole() in (pyatspi.ROLE_MENU_ITEM, pyatspi.ROLE_CHECK_MENU_ITEM,
                                                                     pyatspi.ROLE_RADIO_MENU_ITEM))
    app.click(item)
    wait_for("the menu closed", lambda: not app.is_showing(item), timeout=5)


def data_takes_the_zone():
    """`promdeck data --timezone Asia/Tokyo` over the utc dashboard: Tokyo's day for now/d (the option wins
    over the file's zone), said in "timezone"; without it, the file's UTC day; an unknown zone refused."""
    def day(zone, option):
        out = f"{work}/day-{zone.replace('/', '-')}.json"
        subprocess.run([os.environ["PROMDECK_BINARY"], "data", "--prometheus", prometheus, "--dashboard",
                        dashboard_with_zone("utc"), "--from", "now/d", "--to", "now/d", *option, "-o", out],
                       check=True, timeout=120, capture_output=True)
        written = json.load(open(out))
        today = datetime.datetime.now(in_zone(zone)).date()
        midnight = datetime.datetime(today.year, today.month, today.day, tzinfo=in_zone(zone))
        want = (int(midnight.timestamp() * 1000), int((midnight + datetime.timedelta(days=1)).timestamp() * 1000) - 1)
        check((written["from"], written["to"]) == want and written["timezone"] == zone,
              f"{zone}'s day {want}: {written['from']}..{written['to']} in {written['timezone']!r}")
        print(f"data {' '.join(option) or '(no --timezone)'}: {written['from']}..{written['to']} in {written['timezone']}",
              flush=True)
    day("Asia/Tokyo", ["--timezone", "Asia/Tokyo"])
    day("UTC", [])
    bad = subprocess.run([os.environ["PROMDECK_BINARY"], "data", "--prometheus", prometheus, "--dashboard", "api",
                          "--timezone", "Mars/Olympus", "-o", f"{work}/bad.json"], capture_output=True, text=True,
                         timeout=60)
    check(bad.returncode != 0 and '--timezone: unknown time zone "Mars/Olympus": use browser, utc or an IANA name '
          'such as Europe/Berlin' in bad.stderr, f"an unknown zone refused: {bad.returncode} {bad.stderr[:300]!r}")


def main():
    steps = Steps(shots, "zones-")
    run = steps.run
    check(datetime.datetime.fromtimestamp(seconds(FROM), zoneinfo.ZoneInfo(LOCAL)).utcoffset()
          == datetime.timedelta(hours=5, minutes=30), "Kolkata is UTC+05:30")

    # The published dashboard says utc: UTC, though the machine is in Kolkata.
    app = App("--prometheus", prometheus, "--dashboard", dashboard_with_zone("utc"), "--from", FROM, "--to", TO,
              "--refresh", "off")
    try:
        main_window = app.window("Celery / Tasks / Overview")
        run("dashboard_utc_shown_in_utc", shows_zone, app, main_window, "UTC", "UTC")
        screenshot(f"{shots}/zones-dashboard-utc.png")
        run("inspect_data_in_utc", inspect_first_time, app, main_window, "UTC")
    except Exception:
        steps.fail("dashboard_utc")
    finally:
        app.close()
        if steps.failed:
            print(open(app.log.name).read()[-3000:])

    # The same dashboard leaving it to the user: local time, then the setting chosen in the View menu.
    app = App("--prometheus", prometheus, "--dashboard", dashboard_with_zone(""), "--from", FROM, "--to", TO,
              "--refresh", "off")
    try:
        main_window = app.window("Celery / Tasks / Overview")
        run("default_is_local", shows_zone, app, main_window, LOCAL, f"local ({LOCAL})")
        screenshot(f"{shots}/zones-default-local.png")
        run("view_menu_utc", lambda: (choose_setting(app, main_window, "UTC"),
                                      shows_zone(app, main_window, "UTC", "UTC")))
        screenshot(f"{shots}/zones-setting-utc.png")
        run("view_menu_local", lambda: (choose_setting(app, main_window, "Local (browser)"),
                                        shows_zone(app, main_window, LOCAL, f"local ({LOCAL})")))
        run("inspect_data_local", inspect_first_time, app, main_window, LOCAL)
    except Exception:
        steps.fail("setting")
    finally:
        app.close()
        if steps.failed:
            print(open(app.log.name).read()[-3000:])
    steps.run("data_takes_the_zone", data_takes_the_zone)
    return steps.summary()


if __name__ == "__main__":
    sys.exit(main())
