#!/usr/bin/env python3
"""A webhook sender for the forwarding tests: POSTs COUNT requests over kept-alive connections.

Usage: webhook_client.py PORT COUNT [PATH]
Each body is b"\\x00\\xff" followed by {"n": i} (not UTF-8 on purpose: forwarding must keep bytes).
Headers: X-Custom: kept; Connection: keep-alive, X-Hop; X-Hop: dropped; Keep-Alive: timeout=5.
Prints one line per answer: "<status>\\t<X-Target header or ->\\t<body as latin-1, newlines as \\n>"; a request that
got no answer is retried on a new connection (up to 5 times) and printed "0\\t-\\t<error>" if none came.
"""
import http.client
import sys


def body(i):
    return b"\x00\xff" + ('{"n": %d}' % i).encode()


def main():
    port, count = int(sys.argv[1]), int(sys.argv[2])
    path = sys.argv[3] if len(sys.argv) > 3 else "/hook"
    conn = None
    for i in range(count):
        for attempt in range(5):
            try:
                if conn is None:
                    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
                conn.request("POST", path, body=body(i), headers={
                    "Content-Type": "application/octet-stream",
                    "X-Custom": "kept",
                    "Connection": "keep-alive, X-Hop",
                    "X-Hop": "dropped",
                    "Keep-Alive": "timeout=5",
                })
                r = conn.getresponse()
                data = r.read()
                text = data.decode("latin-1").replace("\n", "\\n")
                print("%d\t%s\t%s" % (r.status, r.getheader("X-Target", "-"), text), flush=True)
                if r.getheader("Connection", "").lower() == "close":
                    conn.close()
                    conn = None
                break
            except (OSError, http.client.HTTPException) as e:
                conn = None
                if attempt == 4:
                    print("0\t-\t%s" % e, flush=True)


if __name__ == "__main__":
    main()
