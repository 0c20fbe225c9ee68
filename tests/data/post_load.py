#!/usr/bin/env python3
"""Posts numbered ~1 KB JSON bodies at one or more listeners from several threads, each on
a kept-alive connection, for a given time. Every request carries a unique X-Key header.
Prints one JSON object: the keys answered 2xx, and counts of the other statuses and of
requests that got no answer (refused, reset), so a test can check that every delivery the
listener acknowledged was stored."""
import argparse
import http.client
import json
import threading
import time

parser = argparse.ArgumentParser()
parser.add_argument("--target", action="append", required=True, help="HOST:PORT, repeatable")
parser.add_argument("--threads", type=int, default=8)
parser.add_argument("--seconds", type=float, default=3.0)
parser.add_argument("--tag", default="load")
args = parser.parse_args()

lock = threading.Lock()
answered = []
statuses = {}
unanswered = 0
deadline = time.monotonic() + args.seconds


def worker(index):
    global unanswered
    host, port = args.target[index % len(args.target)].rsplit(":", 1)
    connection = None
    n = 0
    while time.monotonic() < deadline:
        n += 1
        key = f"{args.tag}-{index}-{n}"
        body = json.dumps({"key": key, "pad": "x" * 960})
        try:
            if connection is None:
                connection = http.client.HTTPConnection(host, int(port), timeout=10)
            connection.request("POST", "/load", body, {"Content-Type": "application/json", "X-Key": key})
            response = connection.getresponse()
            response.read()
            with lock:
                statuses[response.status] = statuses.get(response.status, 0) + 1
                if 200 <= response.status < 300:
                    answered.append(key)
            if response.getheader("Connection", "").lower() == "close":
                connection.close()
                connection = None
        except (OSError, http.client.HTTPException):
            with lock:
                unanswered += 1
            if connection is not None:
                connection.close()
            connection = None
            time.sleep(0.02)


threads = [threading.Thread(target=worker, args=(i,)) for i in range(args.threads)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
print(json.dumps({"answered": answered, "statuses": {str(k): v for k, v in statuses.items()},
                  "unanswered": unanswered}))
