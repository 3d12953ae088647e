#!/usr/bin/python3
"""Dark and light themes and "follow the system", in the real window against the fixture Prometheus.
tests/testdata/themes-dashboard.json has a time series drawn in Grafana's named colour "super-light-blue"
(8 px wide) and a markdown text panel. The window starts dark; View > Theme > Light (the menu bar's View
found through AT-SPI, the rest by mnemonic with real keys) turns the panels white with dark text and
draws the series in the light theme's super-light-blue, with no pixel of the dark theme's left. Then a
stand-in for the desktop's settings portal (portal_stand_in.py, a python3-dbus service on the session
bus) answers "prefer light" when asked: from Dark, View > Theme > Follow the system turns the window light;
the portal then announces "prefer dark" and "prefer light" again (SettingChanged), and the window follows
each while it runs (without a portal, Promdeck falls back to dark: the light steps prove it heard).

  session.sh --display 1600x1000 --atspi -- themes.py [SCREENSHOT_DIR]"""
import collections
import os
import subprocess
import sys
import tempfile
import time
import traceback

import pyatspi

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from desktop import App, Failure, Image, check, screenshot, wait_for  # noqa: E402

prometheus = open(os.environ["PROMDECK_TEST_PROMETHEUS_URL_FILE"]).read().strip().rstrip("/")
dashboard = os.path.join(os.environ["PROMDECK_TESTDATA"], "themes-dashboard.json")
shots = sys.argv[1] if len(sys.argv) > 1 else tempfile.mkdtemp(prefix="promdeck-shots-")
os.makedirs(shots, exist_ok=True)


def hex_rgb(text):
    return tuple(int(text[i:i + 2], 16) for i in (1, 3, 5))


# Grafana's "super-light-blue" in each theme (createVisualizationColors.ts: the light theme names every
# shade one step darker) and its panel backgrounds (theme.colors.background.primary).
SERIES = {"dark": hex_rgb("#C0D8FF"), "light": hex_rgb("#8AB8FF")}
PANEL = {"dark": hex_rgb("#181B1F"), "light": hex_rgb("#FFFFFF")}


def luminance(rgb):
    """WCAG 2 relative luminance."""
    def channel(c):
        c /= 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a, b):
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def near(a, b, tolerance):
    return sum(abs(x - y) for x, y in zip(a, b)) <= tolerance


def count_of(image, colour, box, tolerance=12):
    x, y, w, h = box
    return sum(image.columns_of(colour, x, x + w, y, y + h, tolerance).values())


def text_and_background(image, box):
    """A panel's background (its most common colour) and its text (the pixel that differs most in
    luminance from it), over every pixel of the panel inside its border."""
    x, y, w, h = box
    pixels = [image.rgb(px, py) for py in range(y + 3, y + h - 3) for px in range(x + 3, x + w - 3)]
    background = collections.Counter(pixels).most_common(1)[0][0]
    text = max(pixels, key=lambda p: abs(luminance(p) - luminance(background)))
    return background, text


class Look:
    """What the screen shows of the two panels in one theme."""

    def __init__(self, app, main, name):
        self.chart = app.extents(app.find(main, "Panel: Node targets up"))
        self.text = app.extents(app.find(main, "Panel: Runbook"))
        self.path = screenshot(f"{shots}/themes-{name}.png")
        self.image = Image(self.path)
        self.series = {theme: count_of(self.image, c, self.chart) for theme, c in SERIES.items()}
        self.background, self.words = text_and_background(self.image, self.text)
        x, y, w, h = self.chart
        # The dashboard's own background, below the panels.
        self.canvas = self.image.rgb(x + 40, y + h + 60)

    def shows(self, theme):
        other = "light" if theme == "dark" else "dark"
        return (near(self.background, PANEL[theme], 6) and self.series[theme] > 500
                and self.series[other] < self.series[theme] // 50)


def look_like(app, main, theme, name, timeout=30):
    def find():
        look = Look(app, main, name)
        return look if look.shows(theme) else None
    try:
        return wait_for(f"the {theme} theme on screen", find, timeout)
    except Failure:
        last = Look(app, main, name)
        raise Failure(f"the {theme} theme on screen: text panel background {last.background}, series pixels "
                      f"{last.series} ({last.path})")


def choose_theme(app, main, mnemonic):
    """View > Theme > the item with that mnemonic: the menu bar's View clicked, then keys."""
    menu_bar = app.find(main, lambda n: True, pyatspi.ROLE_MENU_BAR)
    view = app.find(menu_bar, "View", where=lambda a: a.getRole() in (pyatspi.ROLE_MENU, pyatspi.ROLE_MENU_ITEM))
    app.click(view)
    time.sleep(0.5)
    app.key("t")
    time.sleep(0.3)
    app.key(mnemonic)


def check_readable(look, theme):
    check(near(look.background, PANEL[theme], 6), f"{theme}: the text panel's background is {look.background}, "
          f"Grafana's {theme} panel background is {PANEL[theme]}")
    ratio = contrast(look.background, look.words)
    check(ratio >= 7, f"{theme}: its words {look.words} on {look.background} have a contrast of {ratio:.1f}:1 "
          f"(at least 7:1 wanted)")
    dark_words = luminance(look.words) < luminance(look.background)
    check(dark_words == (theme == "light"), f"{theme}: words {look.words} on {look.background}")
    check(contrast(look.canvas, look.background) < 1.3 and near(look.canvas, look.background, 60),
          f"{theme}: the dashboard's background {look.canvas} goes with its panels' {look.background}")
    print(f"{theme}: text panel {look.background} with words {look.words} ({ratio:.1f}:1), canvas {look.canvas}, "
          f"super-light-blue pixels {look.series}", flush=True)


def main():
    portal = subprocess.Popen(["/usr/bin/python3", os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                                                "portal_stand_in.py"), "2"],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    app = None
    try:
        check(portal.stdout.readline().strip() == "ready", "the portal stand-in owns its name")
        app = App("--prometheus", prometheus, "--dashboard", dashboard, "--refresh", "off")
        main_window = app.window("Themes over the incidents · Promdeck")

        check_readable(look_like(app, main_window, "dark", "dark"), "dark")
        choose_theme(app, main_window, "l")
        check_readable(look_like(app, main_window, "light", "light"), "light")

        choose_theme(app, main_window, "d")
        check_readable(look_like(app, main_window, "dark", "dark-again"), "dark")

        # Follow the system: the portal stand-in prefers light.
        choose_theme(app, main_window, "f")
        check_readable(look_like(app, main_window, "light", "system-light"), "light")
        # The desktop turns dark, then light again, while the window runs.
        for scheme, theme in ((1, "dark"), (2, "light")):
            portal.stdin.write(f"{scheme}\n")
            portal.stdin.flush()
            check(portal.stdout.readline().strip() == f"color-scheme {scheme}", "the portal stand-in announced it")
            check_readable(look_like(app, main_window, theme, f"system-{theme}-changed"), theme)
        print("follow the system: light from the portal's Read, dark then light on its SettingChanged", flush=True)
    finally:
        if app:
            app.close()
        portal.stdin.close()
        portal.wait(10)


if __name__ == "__main__":
    try:
        main()
    except Failure as e:
        traceback.print_exc()
        print(f"FAIL: {e}", file=sys.stderr)
        sys.exit(1)
