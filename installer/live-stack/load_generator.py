"""Bounded load for the live stack: a fixed request rate, for a fixed time, with a realistic mix."""
import random
import sys
import threading
import time
import urllib.error
import urllib.request

base = sys.argv[1]
rate = float(sys.argv[2]) if len(sys.argv) > 2 else 15.0  # requests per second
duration = float(sys.argv[3]) if len(sys.argv) > 3 else 3600.0  # seconds, then it stops

MIX = [
    ("GET", "/api/orders", 30),
    ("POST", "/api/orders?item=widget&amount=12.5", 15),
    ("GET", "/api/orders/{id}", 30),  # some ids do not exist: 404
    ("GET", "/api/search?q=wid", 10),
    ("GET", "/health", 5),
    ("GET", "/no/such/route", 2),  # handler "none"
]
weights = [w for _, _, w in MIX]


def one():
    method, path, _ = random.choices(MIX, weights)[0]
    path = path.replace("{id}", str(random.randint(1, 400)))
    request = urllib.request.Request(base + path, method=method, data=b"" if method == "POST" else None)
    try:
        urllib.request.urlopen(request, timeout=10).read()
    except (urllib.error.URLError, OSError):
        pass  # errors are part of the load


def main():
    end = time.time() + duration
    interval = 1.0 / rate
    while time.time() < end:
        threading.Thread(target=one, daemon=True).start()
        time.sleep(random.expovariate(1.0 / interval))


if __name__ == "__main__":
    main()
