#!/usr/bin/env python3
"""A monkey in front of the real window: random clicks, drags, wheel turns, right-clicks and keys
(through XTest, with xdotool) on a running `promdeck` refreshing every second against the fixture
Prometheus, so that requests are always in flight while dashboards, profiles, ranges, variables,
zooms, dialogs and menus come and go. Passes when the window is still alive and answering after
every action, and neither ASan nor UBSan nor Qt reports anything on the way out.

    monkey_test.py PROMDECK [ACTIONS] [SEED]      (run inside tests/support/session.sh)

The seed is printed first: a failure is repeated with the same seed.
"""
import os
import random
import subprocess
import sys
import tempfile
import time

KEYS = ["Escape", "Escape", "Return", "Tab", "shift+Tab", "space", "F5", "Down", "Up", "Left", "Right",
        "Home", "End", "Page_Down", "Page_Up", "alt+f", "alt+c", "alt+v", "ctrl+o", "F11", "ctrl+z",
        "ctrl+k", "question", "v", "i", "e", "t", "z", "Delete", "BackSpace", "a", "1"]
# Never sent: what closes the window on purpose (ctrl+q, alt+F4); a monkey that quits ends the test early.
BAD_WORDS = ("AddressSanitizer", "runtime error:", "LeakSanitizer", "QObject::connect: invalid nullptr",
             "destroyed while", "ASSERT", "Segmentation fault")


def xdo(*args, check=False):
    return subprocess.run(["xdotool", *args], capture_output=True, text=True, timeout=20, check=check)


def main():
    promdeck = sys.argv[1]
    actions = int(sys.argv[2]) if len(sys.argv) > 2 else 1000
    seed = int(sys.argv[3]) if len(sys.argv) > 3 else int(os.environ.get("PROMDECK_MONKEY_SEED", "20261203"))
    print("monkey: seed %d, %d actions" % (seed, actions), flush=True)
    rng = random.Random(seed)
    with open(os.environ["PROMDECK_TEST_PROMETHEUS_URL_FILE"]) as f:
        url = f.read().strip()
    home = tempfile.mkdtemp(prefix="promdeck-monkey-")
    env = dict(os.environ, XDG_CONFIG_HOME=home + "/config", XDG_DATA_HOME=home + "/data", HOME=home,
               QT_QPA_PLATFORM="xcb", QT_LINUX_ACCESSIBILITY_ALWAYS_ON="1")
    stderr_path = os.path.join(home, "stderr")
    with open(stderr_path, "wb") as err:
        proc = subprocess.Popen([promdeck, "--prometheus", url, "--dashboard", "overview", "--from",
                                 "2026-01-05T00:00:00Z", "--to", "2026-01-05T06:00:00Z", "--refresh", "1s"],
                                stdout=subprocess.DEVNULL, stderr=err, env=env)
    window = None
    deadline = time.time() + 60
    while time.time() < deadline and window is None:
        found = xdo("search", "--onlyvisible", "--name", "Promdeck").stdout.split()
        window = found[0] if found else None
        if proc.poll() is not None:
            break
        time.sleep(0.2)
    failures = []
    if window is None:
        failures.append("the window did not appear")
    done = 0
    started = time.time()
    while not failures and done < actions:
        if proc.poll() is not None:
            failures.append("promdeck exited (code %d) after %d actions" % (proc.returncode, done))
            break
        geometry = xdo("getwindowgeometry", "--shell", window).stdout
        g = dict(line.split("=", 1) for line in geometry.split() if "=" in line)
        w, h = int(g.get("WIDTH", "1280")), int(g.get("HEIGHT", "800"))
        x, y = rng.randrange(5, max(6, w - 5)), rng.randrange(5, max(6, h - 5))
        kind = rng.random()
        if kind < 0.35:
            xdo("mousemove", "--window", window, str(x), str(y), "click", "1")
        elif kind < 0.45:
            x2 = min(w - 5, x + rng.randrange(20, 300))
            xdo("mousemove", "--window", window, str(x), str(y), "mousedown", "1",
                "mousemove", "--window", window, str(x2), str(y), "mouseup", "1")
        elif kind < 0.52:
            xdo("mousemove", "--window", window, str(x), str(y), "click", "3")
        elif kind < 0.60:
            xdo("mousemove", "--window", window, str(x), str(y), "click", rng.choice(["4", "5"]))
        elif kind < 0.63:
            xdo("mousemove", "--window", window, str(x), str(y), "click", "--repeat", "2", "1")
        else:
            # No window manager here: the newest visible window of the process (a dialog the monkey
            # opened, else the main window) gets the focus, and the key goes through XTest.
            mine = xdo("search", "--onlyvisible", "--pid", str(proc.pid)).stdout.split()
            xdo("windowfocus", mine[-1] if mine else window)
            xdo("key", rng.choice(KEYS))
        done += 1
        # Now and then the window must still answer: its title is read back from the X server, and
        # any dialog the monkey opened is still a window of the same process.
        if done % 100 == 0:
            if not xdo("search", "--pid", str(proc.pid)).stdout.strip():
                failures.append("no window of promdeck after %d actions" % done)
            print("monkey: %d actions, %.0f s" % (done, time.time() - started), flush=True)
        time.sleep(0.02)
    if proc.poll() is None:
        proc.terminate()  # a polite close: the same teardown as closing the window
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            proc.kill()
            failures.append("promdeck did not end within 60 s of SIGTERM")
    with open(stderr_path, encoding="utf-8", errors="replace") as f:
        stderr = f.read()
    for word in BAD_WORDS:
        if word in stderr:
            failures.append("stderr says %r" % word)
    if proc.returncode not in (0, -15, 143):
        failures.append("exit code %d" % proc.returncode)
    print("monkey: %d actions in %.0f s, exit %d" % (done, time.time() - started, proc.returncode), flush=True)
    if failures:
        for f in failures:
            print("monkey FAIL (seed %d): %s" % (seed, f), flush=True)
        print(stderr[-4000:], flush=True)
        return 1
    print("monkey: the window survived %d random actions (seed %d)" % (done, seed))
    return 0


if __name__ == "__main__":
    sys.exit(main())
