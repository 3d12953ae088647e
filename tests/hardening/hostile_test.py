#!/usr/bin/env python3
"""Promdeck against servers it does not control: each class of hostile answer (hostile_server.py),
through `promdeck data` and `promdeck render`, must end in bounded time and memory (peak RSS of the
promdeck process, from the kernel's accounting of the child) with words a person can act on.

    hostile_test.py PROMDECK [MODE...]

Prints one line per case (`hostile MODE COMMAND seconds= peak_mb= exit=`) and fails when a case runs
past its time, past its memory, crashes, or does not say what it must.
"""
import json
import os
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
DASHBOARD = os.path.join(HERE, "hostile.json")

# Each mode: what the output (the data file, or stderr) must say, and the exit codes allowed.
# Memory: generous for ASan's shadow memory; the landed code took 5-9 GB on the big cases.
CASES = {
    "many-series": {"says": ["50000 series, showing 1000: refine the query"], "exit": {0}},
    # `data` writes every sample the server sent: 2,000,000 points are 175 MB of JSON, by contract.
    "long-series": {"says": [], "exit": {0}, "output_mb": 250},
    "huge-body": {"says": ["is larger than the 256 MB limit"], "exit": {1}},
    "deep-nesting": {"says": ["nesting deeper than"], "exit": {1}},
    "odd-numbers": {"says": [], "exit": {0}},
    "bad-sample": {"says": ["the answer holds a sample value that is not a number"], "exit": {1}},
    "markup-labels": {"says": [], "exit": {0}},
    "long-label": {"says": [], "exit": {0}},
    "huge-error": {"says": ["characters more)"], "exit": {1}},
    "cut-body": {"says": ["the answer stops after"], "exit": {1}},
    "gzip-bomb": {"says": ["the answer inflates past the 256 MB limit"], "exit": {1}},
    "redirect-loop": {"says": ["redirect"], "exit": {1}},
    "trickle": {"says": ["request(s) still open", "/api/v1/"], "exit": {1}, "timeout": "8s"},
}
SECONDS_LIMIT = 60
PEAK_MB_LIMIT = 1800
OUTPUT_MB_LIMIT = 5
# Under ASan (the suite's build) everything is slower and every allocation carries shadow memory: the
# limits stay far below what the landed code took (5-9 GB, past 60 s), with room for the sanitizer.
UNDER_ASAN = "ASAN_OPTIONS" in os.environ
if UNDER_ASAN:
    SECONDS_LIMIT = 150
    PEAK_MB_LIMIT = 3000


def start_server(mode, workdir):
    port_file = os.path.join(workdir, "port-" + mode)
    if os.path.exists(port_file):
        os.remove(port_file)  # a server of the same mode ran before: its port is gone with it
    server = subprocess.Popen([sys.executable, os.path.join(HERE, "hostile_server.py"), mode, port_file])
    deadline = time.time() + 30
    while not os.path.exists(port_file):
        if server.poll() is not None or time.time() > deadline:
            raise SystemExit("hostile server %s did not start" % mode)
        time.sleep(0.05)
    with open(port_file) as f:
        return server, int(f.read())


def run_case(promdeck, mode, command, port, workdir):
    case = CASES[mode]
    out = os.path.join(workdir, "%s-%s.%s" % (mode, command, "json" if command == "data" else "png"))
    args = [promdeck, command, "--prometheus", "http://127.0.0.1:%d" % port, "--dashboard", DASHBOARD,
            "--timeout", case.get("timeout", "40s"), "-o", out]
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=workdir, XDG_DATA_HOME=workdir)
    if UNDER_ASAN:
        # A small quarantine: freed memory is given back soon, so the peak measures Promdeck, not ASan.
        env["ASAN_OPTIONS"] = os.environ["ASAN_OPTIONS"] + ":quarantine_size_mb=16"
    started = time.monotonic()
    with open(os.path.join(workdir, "stderr"), "w+b") as err:
        proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=err, env=env)
        killed = False
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() - started > SECONDS_LIMIT:
                proc.kill()
                killed = True
                pid, status, usage = os.wait4(proc.pid, 0)
                break
            time.sleep(0.05)
        err.seek(0)
        stderr = err.read().decode("utf-8", "replace")
    seconds = time.monotonic() - started
    peak_mb = usage.ru_maxrss / 1024
    code = os.waitstatus_to_exitcode(status)
    said = stderr
    output_mb = 0
    if os.path.exists(out):
        output_mb = os.path.getsize(out) / (1 << 20)
        if command == "data":
            with open(out, encoding="utf-8", errors="replace") as f:
                said += f.read(16 << 20)
    print("hostile %s %s seconds=%.1f peak_mb=%.0f exit=%d output_mb=%.2f" % (mode, command, seconds, peak_mb,
                                                                              code, output_mb), flush=True)
    problems = []
    if killed:
        problems.append("still running after %d s" % SECONDS_LIMIT)
    if code < 0 or code > 2:
        problems.append("crashed or failed oddly (exit %d)" % code)
    elif code not in case["exit"]:
        problems.append("exit %d, expected %s" % (code, sorted(case["exit"])))
    if peak_mb > PEAK_MB_LIMIT:
        problems.append("peak RSS %.0f MB over %d MB" % (peak_mb, PEAK_MB_LIMIT))
    output_limit = case.get("output_mb", OUTPUT_MB_LIMIT)
    if output_mb > output_limit:
        problems.append("output %.1f MB over %d MB" % (output_mb, output_limit))
    # `data` writes every panel's error into its file; `render` says the words on stderr only when
    # nothing was answered, so the words are checked on `data`.
    if command == "data":
        for words in case["says"]:
            if words not in said:
                problems.append("does not say %r" % words)
    if "AddressSanitizer" in stderr or "runtime error:" in stderr:
        problems.append("sanitizer report")
    for p in problems:
        print("  FAIL %s %s: %s" % (mode, command, p), flush=True)
    if problems:
        print("  stderr (first 2000 characters): " + stderr[:2000], flush=True)
    return not problems


def bad_variables(promdeck, workdir):
    """Variables written wrong are named with what is wrong, and the panels still get their options."""
    server, port = start_server("odd-numbers", workdir)
    try:
        out = os.path.join(workdir, "bad-variables.json")
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=workdir, XDG_DATA_HOME=workdir)
        run = subprocess.run([promdeck, "data", "--prometheus", "http://127.0.0.1:%d" % port, "--dashboard",
                              os.path.join(HERE, "bad-variables.json"), "-o", out, "--timeout", "30s"],
                             capture_output=True, text=True, env=env, timeout=SECONDS_LIMIT)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait()
    problems = []
    for words in ("job: invalid regex at column 5:", "variables refer to each other in a cycle: $x → $y → $x"):
        if words not in run.stderr:
            problems.append("does not say %r" % words)
    if "QRegularExpressionPrivate" in run.stderr:
        problems.append("prints Qt's internal warning")
    with open(out) as f:
        data = json.load(f)
    # The regex is said and dropped: the server's values (a, b) are still offered, the first picked.
    job = data.get("variables", {}).get("job")
    if job != "a":
        problems.append("job is not the server's first value, unfiltered: %r" % job)
    print("hostile bad-variables data exit=%d" % run.returncode, flush=True)
    for p in problems:
        print("  FAIL bad-variables: %s" % p, flush=True)
    if problems:
        print("  stderr: " + run.stderr[:2000], flush=True)
    return not problems


def main():
    promdeck = sys.argv[1]
    modes = sys.argv[2:] or list(CASES)
    workdir = tempfile.mkdtemp(prefix="promdeck-hostile-")
    failed = []
    try:
        if not sys.argv[2:] and not bad_variables(promdeck, workdir):
            failed.append("bad-variables")
        for mode in modes:
            server, port = start_server(mode, workdir)
            try:
                for command in ("data", "render"):
                    if not run_case(promdeck, mode, command, port, workdir):
                        failed.append("%s %s" % (mode, command))
            finally:
                server.send_signal(signal.SIGTERM)
                server.wait()
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    if failed:
        print("hostile: %d case(s) failed: %s" % (len(failed), ", ".join(failed)))
        return 1
    print("hostile: every case bounded and said (%d modes, data and render)" % len(modes))
    return 0


if __name__ == "__main__":
    sys.exit(main())
