#!/usr/bin/python3
"""The dashboard's shared crosshair (graphTooltip 1) and its annotations, in the real window against the
fixture Prometheus: tests/testdata/annotations-dashboard.json opened at 1600x1000; its two annotations
(node-2's scrape outage from 06:00, celery@worker-1 down from 10:00, times as `promdeck data` reports
them) are drawn as lines in their colours on both time series panels, which gives each panel's time
scale on the screenshot. The mouse (XTest) hovers the first panel at 08:20: the second panel draws a
line at 08:20 too, and none before. The annotation's switch, found by its accessible name and clicked,
takes its lines away from both panels.

  session.sh --display 1600x1000 --atspi -- shared_crosshair.py [SCREENSHOT_DIR]"""
import json
import os
import subprocess
import sys
import tempfile
import time
import traceback

import pyatspi

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from desktop import App, Failure, Image, check, screenshot, wait_for, xdotool  # noqa: E402

prometheus = open(os.environ["PROMDECK_TEST_PROMETHEUS_URL_FILE"]).read().strip().rstrip("/")
dashboard = os.path.join(os.environ["PROMDECK_TESTDATA"], "annotations-dashboard.json")
shots = sys.argv[1] if len(sys.argv) > 1 else tempfile.mkdtemp(prefix="promdeck-shots-")
os.makedirs(shots, exist_ok=True)
work = tempfile.mkdtemp(prefix="promdeck-crosshair-")

RED, MAGENTA = (255, 0, 0), (255, 0, 255)
# The crosshair: white at 90/255 over the panel's background (#181b1f).
CROSSHAIR = tuple(round(c + (255 - c) * 90 / 255) for c in (0x18, 0x1B, 0x1F))


def event_starts():
    """The first event's start (ms) of the two annotations, as `promdeck data` reports them."""
    out = f"{work}/data.json"
    subprocess.run([os.environ["PROMDECK_BINARY"], "data", "--dashboard", dashboard, "--prometheus", prometheus,
                    "-o", out], check=True, env=dict(os.environ, HOME=work, XDG_CONFIG_HOME=f"{work}/.config",
                                                     XDG_DATA_HOME=f"{work}/.local"))
    annotations = {a["name"]: a for a in json.load(open(out))["annotations"]}
    return annotations["Targets down"]["events"][0]["time"], annotations["Celery workers down"]["events"][0]["time"]


def lines_in(image, box, colour):
    """The columns of a box where a vertical line of that colour runs down most of it."""
    x, y, w, h = box
    return sorted(c for c, n in image.columns_of(colour, x, x + w, y + 40, y + h - 60).items() if n > (h - 100) * 0.8)


class TimeScale:
    """A panel's time axis on the screen, from where its two annotations' lines are drawn."""

    def __init__(self, image, box, red_ms, magenta_ms):
        red, magenta = lines_in(image, box, RED), lines_in(image, box, MAGENTA)
        check(red and magenta, f"both annotations drawn in the panel at {box}: red {red}, magenta {magenta}")
        self.x0, self.x1, self.t0, self.t1 = red[0], magenta[0], red_ms, magenta_ms

    def x(self, ms):
        return self.x0 + (self.x1 - self.x0) * (ms - self.t0) / (self.t1 - self.t0)

    def ms(self, x):
        return self.t0 + (self.t1 - self.t0) * (x - self.x0) / (self.x1 - self.x0)


def main():
    red_ms, magenta_ms = event_starts()
    app = App("--prometheus", prometheus, "--dashboard", dashboard, "--refresh", "off")
    try:
        main_window = app.window("Annotations over the incidents · Promdeck")
        first = app.find(main_window, "Panel: Node targets up")
        second = app.find(main_window, "Panel: Celery workers up")
        boxes = [app.extents(first), app.extents(second)]

        def drawn():
            shot = Image(screenshot(f"{shots}/crosshair-before.png"))
            return shot if all(lines_in(shot, b, RED) and lines_in(shot, b, MAGENTA) for b in boxes) else None
        before = wait_for("the annotations drawn on both panels", drawn, timeout=60)
        scales = [TimeScale(before, b, red_ms, magenta_ms) for b in boxes]

        # 08:20 on the first panel (two hours twenty after the outage began); a second move of one pixel
        # is the event the chart acts on, so the time is where the mouse ends.
        x_hover = round(scales[0].x(red_ms + (2 * 60 + 20) * 60_000))
        _, y, _, h = boxes[0]
        xdotool("mousemove", x_hover - 1, y + h // 2)
        time.sleep(0.3)
        xdotool("mousemove", x_hover, y + h // 2)
        hovered_ms = scales[0].ms(x_hover)
        expected = scales[1].x(hovered_ms)
        sx, sy, sw, sh = boxes[1]

        def crosshair():
            shot = Image(screenshot(f"{shots}/crosshair-hover.png"))
            columns = shot.columns_of(CROSSHAIR, sx, sx + sw, sy + 40, sy + sh - 60, tolerance=24)
            tall = [c for c, n in columns.items() if n > (sh - 100) * 0.4]
            return tall or None
        found = wait_for("a crosshair line on the second panel", crosshair, timeout=15)
        check(any(abs(c - expected) <= 3 for c in found),
              f"the second panel's line is at 08:20 (x {expected:.0f}): found at {found}")
        quiet = before.columns_of(CROSSHAIR, sx, sx + sw, sy + 40, sy + sh - 60, tolerance=24)
        check(not [c for c, n in quiet.items() if n > (sh - 100) * 0.4], "no line there before the hover")
        print(f"crosshair: hovered x {x_hover} on the first panel, line at {found} on the "
              f"second (expected {expected:.0f})", flush=True)

        # The annotation's switch, by its accessible name: its lines leave both panels.
        xdotool("mousemove", 5, 5)
        toggle = app.find(main_window, "Show annotation Targets down", pyatspi.ROLE_CHECK_BOX)
        check(toggle.getState().contains(pyatspi.STATE_CHECKED), "the annotation starts switched on")
        app.click(toggle)

        def gone():
            shot = Image(screenshot(f"{shots}/crosshair-annotation-off.png"))
            return all(not lines_in(shot, b, RED) and lines_in(shot, b, MAGENTA) for b in boxes)
        wait_for("the red lines gone, the magenta ones kept", gone, timeout=15)
        print("annotation switched off: its lines are gone from both panels", flush=True)
    finally:
        app.close()


if __name__ == "__main__":
    try:
        main()
    except Failure as e:
        traceback.print_exc()
        print(f"FAIL: {e}", file=sys.stderr)
        sys.exit(1)
