#!/usr/bin/env python3
"""A webhook receiver in the classic Flask shape, run as a real peer by Hookbench's sender tests.

Listens on 127.0.0.1 (port 0 unless given), prints the port on the first line of stdout, then one
JSON object per request it received, flushed per line:
  {"route": ..., "method": ..., "path": ..., "query": ..., "headers": [[name, value], ...],
   "bodyBase64": ..., "json": <request.get_json() for /webhook>, "key": ..., "receivedAt": <monotonic s>}
Header names are as WSGI hands them over (Title-Case); order and values are kept.

Routes:
  POST /webhook              the classic receiver: request.get_json(), 200 {"received": true, ...}
  *    /flaky/<key>          500, then 429 with Retry-After: 1, then 200, counted per key
  *    /status/<code>        answers <code> with a small JSON body
  *    /redirect/<n>         302 to /redirect/<n-1>; /redirect/0 answers 200
  *    /bytes/<n>            answers 200 with n bytes of text
  POST /verify/<scheme>      checks the signature as the provider documents it (github, stripe,
                             standard-webhooks) with the secret in ?secret= (or ?secret_hex=); records
                             "verified" and
                             answers 200 {"verified": true}, or 400 {"verified": false, "why": ...}
"""
import base64
import hashlib
import hmac
import json
import logging
import sys
import threading
import time

from flask import Flask, jsonify, redirect, request
from werkzeug.serving import make_server

app = Flask(__name__)
lock = threading.Lock()
flaky_counts = {}

ANY = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]


def record(route, **extra):
    entry = {
        "route": route,
        "method": request.method,
        "path": request.path,
        "query": request.query_string.decode("latin-1"),
        "headers": [[name, value] for name, value in request.headers.items()],
        "bodyBase64": base64.b64encode(request.get_data()).decode("ascii"),
        "receivedAt": time.monotonic(),
    }
    entry.update(extra)
    with lock:
        print(json.dumps(entry), flush=True)


@app.route('/webhook', methods=['POST'])
def webhook():
    payload = request.get_json()
    record("webhook", json=payload)
    event = payload.get("event") if isinstance(payload, dict) else None
    return jsonify({"received": True, "event": event}), 200


@app.route('/flaky/<key>', methods=ANY)
def flaky(key):
    with lock:
        count = flaky_counts.get(key, 0)
        flaky_counts[key] = count + 1
    record("flaky", key=key, attempt=count + 1)
    if count == 0:
        return jsonify({"error": "try again"}), 500
    if count == 1:
        return jsonify({"error": "slow down"}), 429, {"Retry-After": "1"}
    return jsonify({"ok": True, "attempt": count + 1}), 200


@app.route('/status/<int:code>', methods=ANY)
def status(code):
    record("status")
    return jsonify({"status": code}), code


@app.route('/redirect/<int:n>', methods=ANY)
def redirects(n):
    record("redirect")
    if n <= 0:
        return jsonify({"arrived": True}), 200
    return redirect(f"/redirect/{n - 1}", code=302)


@app.route('/bytes/<int:n>', methods=ANY)
def some_bytes(n):
    record("bytes")
    return ("0123456789abcdef" * (n // 16 + 1))[:n], 200, {"Content-Type": "text/plain"}


def provider_check(scheme, secret, headers, body):
    """The provider's own algorithm, written from its documentation; (ok, why)."""
    if scheme == "github":
        expected = "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
        given = headers.get("X-Hub-Signature-256", "")
        return hmac.compare_digest(expected, given), "X-Hub-Signature-256 " + given
    if scheme == "stripe":
        parts = dict(item.split("=", 1) for item in headers.get("Stripe-Signature", "").split(",") if "=" in item)
        t = parts.get("t", "")
        expected = hmac.new(secret.encode(), t.encode() + b"." + body, hashlib.sha256).hexdigest()
        if not t or abs(time.time() - int(t)) > 300:
            return False, "timestamp %r outside 300 s" % t
        return hmac.compare_digest(expected, parts.get("v1", "")), "v1 mismatch"
    if scheme == "standard-webhooks":
        msg_id, ts = headers.get("Webhook-Id", ""), headers.get("Webhook-Timestamp", "")
        if not ts or abs(time.time() - int(ts)) > 300:
            return False, "timestamp %r outside 300 s" % ts
        key = base64.b64decode(secret[len("whsec_"):] if secret.startswith("whsec_") else secret)
        signed = msg_id.encode() + b"." + ts.encode() + b"." + body
        expected = base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()
        given = [s.split(",", 1)[1] for s in headers.get("Webhook-Signature", "").split(" ") if s.startswith("v1,")]
        return any(hmac.compare_digest(expected, g) for g in given), "no v1 signature matches"
    return False, "unknown scheme " + scheme


@app.route('/verify/<scheme>', methods=['POST'])
def verify(scheme):
    # secret_hex: for tests that check the secret is written nowhere, the URL included.
    secret = bytes.fromhex(request.args["secret_hex"]).decode() if "secret_hex" in request.args else \
        request.args.get("secret", "")
    ok, why = provider_check(scheme, secret, request.headers, request.get_data())
    record("verify", verified=ok)
    if ok:
        return jsonify({"verified": True}), 200
    return jsonify({"verified": False, "why": why}), 400


def main():
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    port = int(sys.argv[1]) if len(sys.argv) > 1 else 0
    server = make_server("127.0.0.1", port, app, threaded=True)
    print(server.port, flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
