"""A Celery exporter for the live stack that emits danihodovic/celery-exporter's metric names.

celery-exporter is not packaged in Debian; this one listens to the same Celery events and keeps the
same names and labels, so the dashboards read it exactly as they would read the real one.
"""
import os
import re
import threading
import time

import redis
from celery import Celery
from prometheus_client import Counter, Gauge, Histogram, start_http_server

app = Celery(broker=os.environ["LIVE_REDIS_URL"])
ROUTES = {"notifications.send_confirmation": "emails"}
QUEUES = ["celery", "emails"]
LABELS = ["name", "hostname", "queue_name"]

COUNTERS = {
    "task-sent": Counter("celery_task_sent", "Sent when a task message is published.", LABELS),
    "task-received": Counter("celery_task_received", "Sent when the worker receives a task.", LABELS),
    "task-started": Counter("celery_task_started", "Sent just before the worker executes the task.", LABELS),
    "task-succeeded": Counter("celery_task_succeeded", "Sent if the task executed successfully.", LABELS),
    "task-retried": Counter("celery_task_retried", "Sent if the task failed, but will be retried.", LABELS),
    "task-rejected": Counter("celery_task_rejected", "The task was rejected by the worker.", LABELS),
    "task-revoked": Counter("celery_task_revoked", "Sent if the task has been revoked.", LABELS),
}
FAILED = Counter("celery_task_failed", "Sent if the execution of the task failed.", LABELS + ["exception"])
RUNTIME = Histogram("celery_task_runtime", "Histogram of task runtime measurements.", LABELS)
WORKER_UP = Gauge("celery_worker_up", "Indicates if a worker has recently sent a heartbeat.", ["hostname"])
WORKER_ACTIVE = Gauge("celery_worker_tasks_active", "The number of tasks the worker is currently processing",
                      ["hostname"])
QUEUE_LENGTH = Gauge("celery_queue_length", "The number of message in broker queue.", ["queue_name"])
ACTIVE_WORKERS = Gauge("celery_active_worker_count", "The number of active workers in broker queue.")
ACTIVE_PROCESSES = Gauge("celery_active_process_count", "The number of active processes in broker queue.")

names = {}  # task uuid -> name (only task-received and task-sent carry the name)
heartbeats = {}  # hostname -> time of its last heartbeat
lock = threading.Lock()


def on_event(event):
    kind = event["type"]
    hostname = event.get("hostname", "")
    with lock:
        if kind.startswith("worker-"):
            if kind == "worker-offline":
                heartbeats.pop(hostname, None)
                WORKER_UP.labels(hostname).set(0)
            else:
                heartbeats[hostname] = time.time()
                WORKER_UP.labels(hostname).set(1)
                WORKER_ACTIVE.labels(hostname).set(event.get("active", 0))
            return
        uuid = event.get("uuid")
        if "name" in event:
            names[uuid] = event["name"]
        name = names.get(uuid, "unknown")
        labels = (name, hostname, ROUTES.get(name, "celery"))
        if kind == "task-failed":
            exception = re.match(r"[A-Za-z_][\w.]*", event.get("exception", "")) or None
            FAILED.labels(*labels, exception.group(0) if exception else "unknown").inc()
            names.pop(uuid, None)
        elif kind in COUNTERS:
            COUNTERS[kind].labels(*labels).inc()
            if kind == "task-succeeded":
                RUNTIME.labels(*labels).observe(event.get("runtime", 0))
                names.pop(uuid, None)


def watch_broker():
    client = redis.Redis.from_url(os.environ["LIVE_REDIS_URL"])
    while True:
        try:
            for queue in QUEUES:
                QUEUE_LENGTH.labels(queue).set(client.llen(queue))
            with lock:
                now = time.time()
                alive = {h for h, t in heartbeats.items() if now - t < 15}
                for h in list(heartbeats):
                    if h not in alive:
                        WORKER_UP.labels(h).set(0)
                ACTIVE_WORKERS.set(len(alive))
                ACTIVE_PROCESSES.set(2 * len(alive))  # the stack's workers run with --concurrency 2
        except redis.RedisError:
            pass
        time.sleep(2)


def main():
    start_http_server(int(os.environ["LIVE_CELERY_EXPORTER_PORT"]), addr="127.0.0.1")
    threading.Thread(target=watch_broker, daemon=True).start()
    while True:
        try:
            with app.connection() as connection:
                receiver = app.events.Receiver(connection, handlers={"*": on_event})
                receiver.capture(limit=None, timeout=None, wakeup=True)
        except Exception as error:  # the broker went away: try again, as the real exporter does
            print(f"celery events: {error}", flush=True)
            time.sleep(2)


if __name__ == "__main__":
    main()
