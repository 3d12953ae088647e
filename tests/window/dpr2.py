#!/usr/bin/python3
"""The window at device pixel ratio 2 (QT_SCALE_FACTOR=2, a 3200x2000 virtual screen), against the fixture
Prometheus: tests/testdata/annotations-dashboard.json, whose annotations are 1-pixel lines in pure red and
magenta. On the screenshot each such line is exactly 2 device pixels wide, in the pure colour, with
nothing smeared into the columns beside it; the panel's words are drawn at the native resolution (an
image drawn at ratio 1 and scaled up is made of uniform 2x2 blocks: here many blocks are not). Save image
(the panel's menu, the file dialog typed into) writes a PNG of the panel at the screen's ratio: twice the
panel's size in logical pixels, the size it has on the screen in device pixels, and itself not scaled up.

  session.sh --display 3200x2000 --atspi -- dpr2.py [SCREENSHOT_DIR]"""
import os
import subprocess
import sys
import tempfile
import time
import traceback

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from desktop import App, Failure, Image, check, screenshot, wait_for, xdotool  # noqa: E402

prometheus = open(os.environ["PROMDECK_TEST_PROMETHEUS_URL_FILE"]).read().strip().rstrip("/")
dashboard = os.path.join(os.environ["PROMDECK_TESTDATA"], "annotations-dashboard.json")
shots = sys.argv[1] if len(sys.argv) > 1 else tempfile.mkdtemp(prefix="promdeck-shots-")
os.makedirs(shots, exist_ok=True)
work = tempfile.mkdtemp(prefix="promdeck-dpr2-")
RATIO = 2
RED = (255, 0, 0)


def red_runs(image, box):
    """The runs of adjacent columns of the box where pure red runs down most of the plot, and for each the
    columns either side: how many of their pixels are tinted red (a smeared line)."""
    x, y, w, h = box
    y0, y1 = y + 80, y + h - 120
    tall = sorted(c for c, n in image.columns_of(RED, x, x + w, y0, y1, tolerance=0).items() if n > (y1 - y0) * 0.8)
    runs = []
    for c in tall:
        if runs and c == runs[-1][-1] + 1:
            runs[-1].append(c)
        else:
            runs.append([c])

    def tinted(column):
        return sum(1 for row in range(y0, y1)
                   if (lambda p: p[0] > p[1] + 40 and p[0] > p[2] + 40)(image.rgb(column, row)))
    return [(run, tinted(run[0] - 1), tinted(run[-1] + 1)) for run in runs]


def native_blocks(image, box):
    """Of the 2x2 blocks (aligned on even device pixels) of a box that are not one flat colour, the share
    whose four pixels differ: an image drawn at ratio 1 and scaled up has none (every block is uniform)."""
    x, y, w, h = box
    x -= x % 2
    y -= y % 2
    busy = mixed = 0
    background = image.rgb(x + 4, y + 4)
    for by in range(y, y + h - 1, 2):
        for bx in range(x, x + w - 1, 2):
            block = {image.rgb(bx, by), image.rgb(bx + 1, by), image.rgb(bx, by + 1), image.rgb(bx + 1, by + 1)}
            if block == {background}:
                continue
            busy += 1
            mixed += len(block) > 1
    return mixed, busy


def png_size(path):
    out = subprocess.run(["/usr/bin/identify", "-format", "%w %h", path], check=True, capture_output=True, text=True)
    return tuple(int(v) for v in out.stdout.split())


def main():
    os.environ["QT_SCALE_FACTOR"] = str(RATIO)
    app = App("--prometheus", prometheus, "--dashboard", dashboard, "--refresh", "off")
    try:
        main_window = app.window("Annotations over the incidents · Promdeck")
        panel = app.find(main_window, "Panel: Node targets up")
        # Qt 6.4's AT-SPI bridge gives places in logical pixels; the screen (and XTest) has device pixels.
        first = Image(screenshot(f"{shots}/dpr2-start.png"))
        window_width = app.extents(main_window)[2]
        scale = round(first.width / window_width) if window_width else 1
        check(scale in (1, RATIO), f"the window is {window_width} wide on a {first.width} pixel screen")
        box = tuple(v * scale for v in app.extents(panel))
        shot_path = f"{shots}/dpr2.png"

        def drawn():
            image = Image(screenshot(shot_path))
            return image if red_runs(image, box) else None
        image = wait_for("the red annotation line drawn", drawn, timeout=60)
        check((image.width, image.height) == (3200, 2000), f"the screen is 3200x2000: {image.width}x{image.height}")
        for run, left, right in red_runs(image, box):
            check(len(run) == RATIO, f"a 1-pixel line is {RATIO} device pixels wide: columns {run}")
            check(left == 0 and right == 0,
                  f"nothing smeared beside the line at {run}: {left} and {right} reddish pixels either side")
        print(f"dpr2: red annotation lines at {[r for r, _, _ in red_runs(image, box)]}, 2 device pixels, sharp",
              flush=True)
        title_box = (box[0], box[1], box[2] // 2, 40)
        mixed, busy = native_blocks(image, title_box)
        check(busy > 50 and mixed > busy * 0.3,
              f"the title's words at the native resolution: {mixed} of {busy} 2x2 blocks not uniform")
        print(f"dpr2: title words: {mixed} of {busy} 2x2 blocks are not uniform (drawn at ratio 2)", flush=True)

        # Save image: the panel's menu by right-click, its mnemonic, then the file dialog.
        xdotool("mousemove", box[0] + box[2] // 2, box[1] + box[3] * 6 // 10)
        time.sleep(0.1)
        xdotool("click", 3)
        time.sleep(0.5)
        app.key("s")
        app.window("Save image")
        path = f"{work}/panel.png"
        app.key("ctrl+a")
        app.type(path)
        app.key("Return")
        wait_for(f"{path} written", lambda: os.path.exists(path) and os.path.getsize(path) > 0)
        time.sleep(0.3)
        width, height = png_size(path)
        check((width, height) == (box[2], box[3]),
              f"the PNG has the panel's size in device pixels: {width}x{height}, on screen {box[2]}x{box[3]}")
        check(width % RATIO == 0 and height % RATIO == 0, f"twice a logical size: {width}x{height}")
        saved = Image(path)
        mixed, busy = native_blocks(saved, (0, 0, width, height))
        check(busy > 200 and mixed > busy * 0.3,
              f"the saved PNG drawn at ratio 2, not scaled up: {mixed} of {busy} 2x2 blocks not uniform")
        print(f"dpr2: Save image wrote {width}x{height} (the panel is {width // RATIO}x{height // RATIO} logical "
              f"pixels); {mixed} of {busy} 2x2 blocks not uniform", flush=True)
    finally:
        app.close()


if __name__ == "__main__":
    try:
        main()
    except Failure as e:
        traceback.print_exc()
        print(f"FAIL: {e}", file=sys.stderr)
        sys.exit(1)
