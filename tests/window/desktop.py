"""Drives the real promdeck window as a person does: finds controls in the accessibility tree (AT-SPI,
where Qt publishes its widgets with QT_LINUX_ACCESSIBILITY_ALWAYS_ON=1) and acts with real input
events (XTest, through xdotool). Run under tests/support/session.sh --display WxH --atspi."""
import datetime
import os
import subprocess
import tempfile
import time
import traceback

import pyatspi


class Failure(AssertionError):
    pass


def check(condition, message):
    if not condition:
        raise Failure(message)


def seconds(iso):
    """An ISO 8601 time (UTC, with Z) as Unix seconds."""
    return datetime.datetime.fromisoformat(iso.replace("Z", "+00:00")).timestamp()


def wait_for(what, predicate, timeout=20.0):
    """Polls `predicate` until it returns something true; fails saying `what` after `timeout` s."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            value = predicate()
        except Exception as exc:  # a widget going away mid-query: ask again
            value, last = None, exc
        else:
            last = None
        if value:
            return value
        if time.monotonic() > deadline:
            raise Failure(f"timed out after {timeout:.0f} s waiting for {what}" + (f" ({last})" if last else ""))
        time.sleep(0.1)


def xdotool(*args):
    subprocess.run(["xdotool", *map(str, args)], check=True)


# ImageMagick by the path Debian's imagemagick package gives it: a `convert` earlier on PATH (a machine's own
# wrapper in /usr/local/bin) is not what a fresh machine has.
def screenshot(path):
    """The whole virtual screen as a PNG (ImageMagick's import)."""
    subprocess.run(["/usr/bin/import", "-window", "root", path], check=True)
    return path


class Steps:
    """A window test's steps, run one after another: each passes or fails on its own (failing, with the
    screen saved as failed-PREFIXNAME.png in `shots`), and the summary gives the exit status."""

    def __init__(self, shots, prefix=""):
        self.shots, self.prefix = shots, prefix
        self.passed = self.failed = 0

    def run(self, name, fn, *args):
        try:
            fn(*args)
            self.passed += 1
            print(f"PASS {name}", flush=True)
        except Exception:
            self.fail(name)

    def fail(self, name):
        """Counts a failure that happened outside run() (while the window was being set up), with its trace."""
        self.failed += 1
        print(f"FAIL {name}\n{traceback.format_exc()}", flush=True)
        screenshot(f"{self.shots}/failed-{self.prefix}{name}.png")

    def summary(self):
        print(f"{self.passed} passed, {self.failed} failed")
        return 1 if self.failed else 0


def pixel(path, x, y):
    """The colour of one pixel of a PNG as (r, g, b), 8 bits each."""
    out = subprocess.run(["/usr/bin/convert", path, "-format", f"%[fx:int(255*p{{{x},{y}}}.r)],%[fx:int(255*p{{{x},{y}}}.g)],"
                          f"%[fx:int(255*p{{{x},{y}}}.b)]", "info:"], check=True, capture_output=True, text=True)
    return tuple(int(v) for v in out.stdout.split(","))


class Image:
    """A PNG's pixels, read once (ImageMagick to raw RGB): for scanning many pixels, which `pixel` is too
    slow for."""

    def __init__(self, path):
        size = subprocess.run(["/usr/bin/identify", "-format", "%w %h", path], check=True, capture_output=True,
                              text=True).stdout.split()
        self.width, self.height = int(size[0]), int(size[1])
        self.data = subprocess.run(["/usr/bin/convert", path, "-depth", "8", "rgb:-"], check=True,
                                   capture_output=True).stdout

    def rgb(self, x, y):
        i = 3 * (y * self.width + x)
        return self.data[i], self.data[i + 1], self.data[i + 2]

    def columns_of(self, colour, x0, x1, y0, y1, tolerance=30):
        """Per column of the box, how many of its pixels are within `tolerance` (summed over r, g, b) of
        `colour`: {x: count} for the columns that have any."""
        counts = {}
        for x in range(max(0, x0), min(self.width, x1)):
            n = sum(1 for y in range(max(0, y0), min(self.height, y1))
                    if sum(abs(a - b) for a, b in zip(self.rgb(x, y), colour)) <= tolerance)
            if n:
                counts[x] = n
        return counts


def differing_pixels(a, b, crop):
    """How many pixels of the region `crop` (WxH+X+Y) differ between two PNGs (ImageMagick's compare)."""
    out = subprocess.run(["/usr/bin/compare", "-metric", "AE", "-extract", crop, a, b, "null:"], capture_output=True, text=True)
    return int(float(out.stderr.split()[0]))


class App:
    """One promdeck process and its accessibility tree. Settings go to a throw-away HOME."""

    def __init__(self, *args, home=None):
        self.home = home or tempfile.mkdtemp(prefix="promdeck-window-")
        env = dict(os.environ)
        env.update(HOME=self.home, XDG_CONFIG_HOME=f"{self.home}/.config", XDG_DATA_HOME=f"{self.home}/.local/share",
                   XDG_CACHE_HOME=f"{self.home}/.cache", QT_LINUX_ACCESSIBILITY_ALWAYS_ON="1",
                   QT_ACCESSIBILITY="1", QT_QPA_PLATFORM="xcb")
        self.log = open(f"{self.home}/promdeck.log", "w")
        self.process = subprocess.Popen([os.environ["PROMDECK_BINARY"], *args], env=env, stdout=self.log,
                                        stderr=subprocess.STDOUT)
        self.root = wait_for("promdeck in the accessibility tree", self._find_app, timeout=60)

    def _find_app(self):
        if self.process.poll() is not None:
            raise Failure(f"promdeck exited with {self.process.returncode}: {open(self.log.name).read()[-2000:]}")
        desktop = pyatspi.Registry.getDesktop(0)
        for i in range(desktop.childCount):
            app = desktop.getChildAtIndex(i)
            if app is not None and app.get_process_id() == self.process.pid and app.childCount > 0:
                return app
        return None

    def close(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()

    # --- Finding ---
    def window(self, title_part):
        """A top-level window (frame or dialog) whose title contains `title_part`."""
        def find():
            for i in range(self.root.childCount):
                w = self.root.getChildAtIndex(i)
                if w is not None and title_part in (w.name or ""):
                    return w
            return None
        return wait_for(f'a window titled "…{title_part}…"', find)

    def titles(self):
        return [self.root.getChildAtIndex(i).name for i in range(self.root.childCount)]

    def find(self, root, name, role=None, timeout=20.0, showing=True, where=None):
        """The first descendant of `root` called `name` (a str, or a predicate on the name) with `role`
        (and for which `where`, a predicate on the accessible, holds)."""
        match = name if callable(name) else (lambda n: n == name)

        def test(a):
            if a is None or not match(a.name or ""):
                return False
            if role is not None and a.getRole() != role:
                return False
            if where is not None and not where(a):
                return False
            return not showing or a.getState().contains(pyatspi.STATE_SHOWING)

        return wait_for(f'"{name}" ({role})', lambda: pyatspi.findDescendant(root, test), timeout)

    def find_all(self, where, predicate):
        return pyatspi.findAllDescendants(where, predicate)

    # --- Acting ---
    @staticmethod
    def extents(acc):
        e = acc.queryComponent().getExtents(pyatspi.DESKTOP_COORDS)
        return e.x, e.y, e.width, e.height

    def click(self, acc, button=1, at=(0.5, 0.5)):
        x, y, w, h = self.extents(acc)
        xdotool("mousemove", int(x + w * at[0]), int(y + h * at[1]))
        time.sleep(0.05)
        xdotool("click", button)

    @staticmethod
    def key(*keys):
        xdotool("key", "--delay", "60", *keys)

    @staticmethod
    def type(text):
        xdotool("type", "--delay", "20", text)

    @staticmethod
    def text_of(acc):
        t = acc.queryText()
        return t.getText(0, t.characterCount)

    @staticmethod
    def is_showing(acc):
        return acc.getState().contains(pyatspi.STATE_SHOWING)
