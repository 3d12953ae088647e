"""Celery tasks of the live stack: payments that sometimes time out, quick notifications."""
import os
import random
import time

from celery import Celery

app = Celery("orders", broker=os.environ["LIVE_REDIS_URL"])
app.conf.task_routes = {"notifications.*": {"queue": "emails"}}
app.conf.worker_send_task_events = True
app.conf.task_send_sent_event = True


class PaymentGatewayTimeout(Exception):
    pass


class GatewayBusy(Exception):
    pass


@app.task(name="orders.charge_payment", bind=True, max_retries=3)
def charge_payment(self, order_id):
    time.sleep(random.uniform(0.05, 0.4))
    if random.random() < 0.05:
        raise self.retry(exc=GatewayBusy("gateway asked to retry"), countdown=1)
    if random.random() < 0.15:
        raise PaymentGatewayTimeout(f"gateway did not answer for order {order_id}")
    return order_id


@app.task(name="notifications.send_confirmation")
def send_confirmation(order_id):
    time.sleep(random.uniform(0.005, 0.05))
    return order_id
