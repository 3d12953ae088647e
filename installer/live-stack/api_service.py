"""The demo FastAPI service of the live stack.

Exposes the metrics prometheus-fastapi-instrumentator exposes by default (same names, labels and
buckets; the instrumentator itself is not packaged in Debian), stores orders in PostgreSQL and hands
work to Celery through the Redis broker. Some requests are slow and some fail on purpose, so every
panel has something to show.
"""
import os
import random
import time

import psycopg2
import psycopg2.pool
from celery import Celery
from fastapi import FastAPI, HTTPException, Request, Response
from prometheus_client import CONTENT_TYPE_LATEST, Counter, Gauge, Histogram, Summary, generate_latest
from starlette.routing import Match

app = FastAPI(title="orders")
broker = Celery(broker=os.environ["LIVE_REDIS_URL"])
broker.conf.task_routes = {"notifications.*": {"queue": "emails"}}
pool = psycopg2.pool.ThreadedConnectionPool(1, 8, os.environ["LIVE_POSTGRES_DSN"])

REQUESTS = Counter("http_requests", "Total number of requests by method, status and handler.",
                   ["method", "status", "handler"])
LATENCY = Histogram("http_request_duration_seconds", "Latency with only few buckets by handler.",
                    ["method", "handler"], buckets=(0.1, 0.5, 1))
LATENCY_HIGHR = Histogram("http_request_duration_highr_seconds",
                          "Latency with many buckets but no API specific labels.",
                          buckets=(0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 1.5, 2, 2.5, 3, 3.5, 4,
                                   4.5, 5, 7.5, 10, 30, 60))
REQUEST_SIZE = Summary("http_request_size_bytes", "Content length of incoming requests by handler.",
                       ["handler"])
RESPONSE_SIZE = Summary("http_response_size_bytes", "Content length of outgoing responses by handler.",
                        ["handler"])
IN_PROGRESS = Gauge("http_requests_inprogress", "Number of HTTP requests in progress.", ["method", "handler"],
                    multiprocess_mode="livesum")


def route_template(request: Request) -> str:
    for route in app.routes:
        match, _ = route.matches(request.scope)
        if match == Match.FULL:
            return route.path
    return "none"  # what the instrumentator calls requests that match no route


@app.middleware("http")
async def instrument(request: Request, call_next):
    handler = route_template(request)
    if handler == "/metrics":
        return await call_next(request)
    method = request.method
    IN_PROGRESS.labels(method, handler).inc()
    start = time.perf_counter()
    status = 500
    response = None
    try:
        response = await call_next(request)
        status = response.status_code
        return response
    finally:
        elapsed = time.perf_counter() - start
        IN_PROGRESS.labels(method, handler).dec()
        REQUESTS.labels(method, f"{str(status)[0]}xx", handler).inc()
        LATENCY.labels(method, handler).observe(elapsed)
        LATENCY_HIGHR.observe(elapsed)
        REQUEST_SIZE.labels(handler).observe(int(request.headers.get("content-length", 0)))
        RESPONSE_SIZE.labels(handler).observe(int(response.headers.get("content-length", 0)) if response else 0)


@app.get("/metrics")
def metrics():
    return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)


@app.get("/health")
def health():
    return {"status": "ok"}


def query(sql, args=(), fetch=True):
    conn = pool.getconn()
    try:
        with conn, conn.cursor() as cur:
            cur.execute(sql, args)
            return cur.fetchall() if fetch else None
    finally:
        pool.putconn(conn)


@app.get("/api/orders")
def list_orders():
    rows = query("SELECT id, item, amount FROM orders ORDER BY id DESC LIMIT 20")
    return [{"id": r[0], "item": r[1], "amount": float(r[2])} for r in rows]


@app.post("/api/orders")
def create_order(item: str = "widget", amount: float = 9.5):
    if random.random() < 0.03:
        raise RuntimeError("payment provider refused the connection")  # a 500, on purpose
    order_id = query("INSERT INTO orders (item, amount) VALUES (%s, %s) RETURNING id", (item, amount))[0][0]
    broker.send_task("orders.charge_payment", args=[order_id])
    broker.send_task("notifications.send_confirmation", args=[order_id])
    return {"id": order_id}


@app.get("/api/orders/{order_id}")
def get_order(order_id: int):
    rows = query("SELECT id, item, amount FROM orders WHERE id = %s", (order_id,))
    if not rows:
        raise HTTPException(status_code=404, detail="no such order")
    return {"id": rows[0][0], "item": rows[0][1], "amount": float(rows[0][2])}


@app.get("/api/search")
def search(q: str = ""):
    # A slow endpoint: one search in ten takes over half a second.
    time.sleep(random.choice([0.02] * 9 + [0.6]))
    rows = query("SELECT count(*) FROM orders WHERE item LIKE %s", (f"%{q}%",))
    return {"matches": rows[0][0]}
