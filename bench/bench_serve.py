"""Benchmark of ``tei-encoder serve`` on loopback (a script, not a timed test).

    python bench/bench_serve.py [--repeat 30] [--clients 20] [--seconds 30]

Starts the server (uvicorn, a free loopback port) on a temporary copy of the
sample corpus, then measures, warm (median and 95th percentile):

- the workbench round trip on a ~30 KB transcription (convert, validate,
  reading view, JSON); target (issue 10): under 100 ms;
- a few site and DTS requests;
- a bounded load: ``--clients`` clients converting for ``--seconds`` seconds,
  each its own session; errors counted (target: none).
"""

from __future__ import annotations

import argparse
import http.client
import json
import re
import shutil
import socket
import statistics
import tempfile
import threading
import time
from pathlib import Path

import uvicorn

from encoder.server import create_app

REPO = Path(__file__).resolve().parent.parent
LONG = "1965-02-10-pan-zili-kim-byeong-jik-conversation"
SECOND = "1965-06-04-soviet-embassy-korean-chinese-relations"


class Session:
    """One client: its own connection, cookie and token."""

    def __init__(self, port: int) -> None:
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        self.connection.connect()
        # headers and body go in separate writes: without this, delayed ACKs add ~40 ms to every request
        self.connection.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.connection.request("GET", "/workbench")
        response = self.connection.getresponse()
        page = response.read().decode()
        self.cookie = (response.getheader("set-cookie") or "").split(";")[0]
        found = re.search(r'name="csrf-token" content="([0-9a-f]+)"', page)
        assert found is not None
        self.token = found.group(1)

    def get(self, target: str) -> tuple[int, bytes]:
        self.connection.request("GET", target)
        response = self.connection.getresponse()
        return response.status, response.read()

    def convert(self, text: str, name: str | None) -> tuple[int, bytes]:
        body = json.dumps({"text": text, "name": name})
        headers = {"Content-Type": "application/json", "X-CSRF-Token": self.token, "Cookie": self.cookie}
        self.connection.request("POST", "/workbench/convert", body=body, headers=headers)
        response = self.connection.getresponse()
        return response.status, response.read()


def timed(action: object, repeat: int) -> list[float]:
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        status, _ = action()  # type: ignore[operator]
        timings.append((time.perf_counter() - started) * 1000)
        assert status == 200, status
    return timings


def summary(timings: list[float]) -> str:
    ordered = sorted(timings)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return f"median {statistics.median(ordered):.1f} ms, p95 {p95:.1f} ms, n={len(ordered)}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=30.0)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        corpus = Path(folder) / "tei"
        shutil.copytree(REPO / "tei", corpus)
        first = (corpus / "transcripts" / f"{LONG}.txt").read_text(encoding="utf-8")
        body_of_second = (corpus / "transcripts" / f"{SECOND}.txt").read_text(encoding="utf-8").split("\n\n", 12)[-1]
        long_text = first + "\n\n" + body_of_second
        print(f"transcription: {len(long_text.encode()) / 1024:.1f} KB")

        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        config = uvicorn.Config(create_app(corpus), host="127.0.0.1", port=port, log_level="warning", lifespan="off")
        server = uvicorn.Server(config)
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        while not server.started:
            time.sleep(0.02)
        try:
            session = Session(port)
            started = time.perf_counter()
            status, _ = session.convert(long_text, LONG)
            print(f"workbench convert, cold: {(time.perf_counter() - started) * 1000:.0f} ms (status {status})")
            warm = timed(lambda: session.convert(long_text, LONG), args.repeat)
            verdict = "ok" if statistics.median(warm) < 100 else "OVER 100 ms"
            print(f"workbench convert, warm: {summary(warm)} ({verdict})")
            for target in (
                "/index.html",
                f"/documents/{SECOND}.html",
                f"/api/dts/collection/?id={SECOND}",
                f"/api/dts/navigation/?resource={SECOND}&down=-1",
                f"/api/dts/document/?resource={SECOND}&tree=pages&ref=18",
            ):
                session.get(target)  # warm-up: rendered once, cached after
                print(f"GET {target}: {summary(timed(lambda t=target: session.get(t), args.repeat))}")

            latencies: list[float] = []
            errors: list[str] = []
            deadline = time.monotonic() + args.seconds

            def client() -> None:
                own = Session(port)
                while time.monotonic() < deadline:
                    started = time.perf_counter()
                    status, _ = own.convert(long_text, None)
                    latencies.append((time.perf_counter() - started) * 1000)
                    if status != 200:
                        errors.append(str(status))

            clients = [threading.Thread(target=client) for _ in range(args.clients)]
            for each in clients:
                each.start()
            for each in clients:
                each.join()
            print(
                f"load: {args.clients} clients for {args.seconds:.0f} s: {len(latencies)} conversions, "
                f"{len(errors)} errors; {summary(latencies)}"
            )
        finally:
            server.should_exit = True
            thread.join(timeout=10)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
