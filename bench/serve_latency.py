#!/usr/bin/env python3
"""Time `gongkai serve` from a saved edit to the page showing it.

    python3 bench/serve_latency.py --gongkai target/release/gongkai \
        --site corpus/site --meta corpus/meta.json --runs 10

Starts the preview on a free loopback port, waits for the first build, then
for each run: listens on the page's event stream, rewrites the marked line
of the record the benchmark edits (``本页修订号：第N版。``), and takes
  reload  the time from the file being written to the `reload` event, and
  visible the time from the file being written to the page holding the edit.
Prints each run, with the time the server itself reports for the rebuild
(from the save being noticed, after the watcher's debounce, to the new
pages being served), then the median, fastest and slowest of each, and the
load average before and after: on a shared machine the load explains much
of the spread. Standard library only; stops the server it started.
"""

from __future__ import annotations

import argparse
import http.client
import urllib.parse
import json
import os
import queue
import re
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path


def get(port: int, path: str) -> tuple[int, str]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    conn.request("GET", path)
    resp = conn.getresponse()
    body = resp.read().decode("utf-8", "replace")
    conn.close()
    return resp.status, body


def load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def summary(name: str, values: list[float]) -> str:
    return (
        f"{name}: median {statistics.median(values):.0f} ms, "
        f"fastest {min(values):.0f} ms, slowest {max(values):.0f} ms"
    )


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--gongkai", required=True)
    ap.add_argument("--site", required=True)
    ap.add_argument("--meta", required=True)
    ap.add_argument("--runs", type=int, default=10)
    args = ap.parse_args()
    meta = json.load(open(args.meta, encoding="utf-8"))
    record = Path(args.site) / meta["touch"]["gongkai"]
    page = "/" + meta["touch"]["gongkai"][: -len(".md")] + "/"
    page = "/".join(urllib.parse.quote(p) for p in page.split("/"))
    original = record.read_text(encoding="utf-8")
    server = subprocess.Popen(
        [args.gongkai, "serve", "--site", args.site, "--port", "0", "--today", meta["today"]],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        port = None
        started = time.monotonic()
        for _ in range(50):
            line = server.stdout.readline()
            if not line:
                break
            m = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
            if m:
                port = int(m.group(1))
                break
        if port is None:
            print("the server did not start", file=sys.stderr)
            return 1
        print(f"first build and start: {time.monotonic() - started:.1f} s")
        # The server reports each rebuild on its output ("用时 N 毫秒"); read
        # it on the side so that it never fills the pipe.
        rebuilt: queue.Queue[int] = queue.Queue()

        def drain() -> None:
            for line in server.stdout:
                m = re.search(r"用时 (\d+) 毫秒", line)
                if m:
                    rebuilt.put(int(m.group(1)))

        threading.Thread(target=drain, daemon=True).start()
        print(f"load average before: {load()}")
        reloads, visible, server_ms = [], [], []
        for run in range(1, args.runs + 1):
            status, body = get(port, page)
            version = int(re.search(r"events\?v=(\d+)", body).group(1))
            sock = socket.create_connection(("127.0.0.1", port), timeout=60)
            sock.sendall(f"GET /__gongkai/events?v={version} HTTP/1.1\r\nHost: x\r\n\r\n".encode())
            time.sleep(0.3)
            text = re.sub(r"本页修订号：第\d+版。", f"本页修订号：第{1000 + run}版。", original, count=1)
            with open(record, "w", encoding="utf-8") as f:
                f.write(text)
            t0 = time.monotonic()
            seen = b""
            while b"event: reload" not in seen:
                chunk = sock.recv(4096)
                if not chunk:
                    break
                seen += chunk
            t1 = time.monotonic()
            sock.close()
            for _ in range(2000):
                status, body = get(port, page)
                if f"第{1000 + run}版" in body:
                    break
                time.sleep(0.001)
            t2 = time.monotonic()
            reloads.append((t1 - t0) * 1000)
            visible.append((t2 - t0) * 1000)
            time.sleep(0.5)
            took = []
            while not rebuilt.empty():
                took.append(rebuilt.get())
            server_ms.extend(took)
            print(
                f"run {run}: reload event {reloads[-1]:.0f} ms, page shows the edit {visible[-1]:.0f} ms"
                f" (server: {', '.join(f'{t} ms' for t in took) or '?'})"
            )
        print(f"load average after: {load()}")
        print(summary("reload event", reloads))
        print(summary("page shows the edit", visible))
        if server_ms:
            print(summary("server rebuild", server_ms))
    finally:
        record.write_text(original, encoding="utf-8")
        server.terminate()
        server.wait(timeout=30)
    return 0


if __name__ == "__main__":
    sys.exit(main())
