"""Benchmark of ``tei-encoder serve`` on loopback (a script, not a timed test).

    python bench/bench_serve.py [--repeat 30] [--clients 20] [--seconds 30]
    python bench/bench_serve.py --sizes 100 1000 [--repeat 30]

Starts the server (uvicorn, a free loopback port) on a temporary copy of the
sample corpus, then measures, warm (median and 95th percentile):

- the workbench round trip on a ~30 KB transcription (convert, validate,
  reading view, JSON); target (issue 10): under 100 ms;
- a few site and DTS requests;
- a bounded load: ``--clients`` clients converting for ``--seconds`` seconds,
  each its own session; errors counted (target: none).

With ``--sizes``, it serves corpora of N documents made as
``bench/build_scaling.py`` makes them instead, and measures, for each size,
CPU (the server's process: user+sys, all threads) and wall milliseconds:

- the first answer (the corpus converted and validated);
- a document page and a DTS navigation call with nothing changed (median
  of ``--repeat``): what every request pays to find the corpus unchanged;
- the first answers after one transcript changed: its page, another
  document's page (cached), the DTS call on it, and the index.

Target (issue 12): with nothing changed, a request costs about the same at
1,000 documents as at 100; one changed transcript costs one conversion.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import shutil
import socket
import statistics
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import uvicorn
from build_scaling import make_corpus, marked

from encoder.server import create_app

REPO = Path(__file__).resolve().parent.parent
LONG = "1965-02-10-pan-zili-kim-byeong-jik-conversation"
SECOND = "1965-06-04-soviet-embassy-korean-chinese-relations"


class Session:
    """One client: its own connection, cookie and token."""

    def __init__(self, port: int, *, workbench: bool = True) -> None:
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
        self.connection.connect()
        # headers and body go in separate writes: without this, delayed ACKs add ~40 ms to every request
        self.connection.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.cookie = self.token = ""
        if not workbench:
            return
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


@contextmanager
def serving(corpus: Path) -> Iterator[int]:
    """The server on ``corpus``, in this process (its CPU time is this process's), on a free loopback port."""
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
        yield port
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def cpu_and_wall(client: Session, target: str) -> tuple[float, float]:
    """CPU (user+sys of the whole process, so the server's threads too) and wall milliseconds of one request."""
    cpu, wall = time.process_time(), time.perf_counter()
    status, _ = client.get(target)
    assert status == 200, (target, status)
    return (time.process_time() - cpu) * 1000, (time.perf_counter() - wall) * 1000


def once(label: str, client: Session, target: str) -> None:
    cpu, wall = cpu_and_wall(client, target)
    print(f"  {label:<44} {cpu:9.1f} ms CPU {wall:9.1f} ms wall", flush=True)


def repeated(label: str, client: Session, target: str, repeat: int) -> None:
    client.get(target)  # warm-up: rendered once, cached after
    timings = [cpu_and_wall(client, target) for _ in range(repeat)]
    cpu = statistics.median(timing[0] for timing in timings)
    wall = statistics.median(timing[1] for timing in timings)
    print(f"  {label:<44} {cpu:9.2f} ms CPU {wall:9.2f} ms wall (median of {repeat})", flush=True)


def scaling(sizes: list[int], repeat: int) -> None:
    """The server on corpora of ``sizes`` documents: unchanged requests, and the first answers after one edit."""
    print(f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at start", flush=True)
    for size in sizes:
        with tempfile.TemporaryDirectory(prefix="bench-serve-") as scratch:
            print(f"{size} documents", flush=True)
            corpus = make_corpus(Path(scratch), size)
            # the sample edition.toml names the register: without it no transcript converts
            shutil.copy(REPO / "tei" / "registers.xml", corpus / "registers.xml")
            one_size(corpus, repeat)
    print(f"load average {os.getloadavg()[0]:.1f} at the end; {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}")


def one_size(corpus: Path, repeat: int) -> None:
    names = sorted(path.stem for path in (corpus / "transcripts").glob("*.txt"))
    changed, other = names[len(names) // 2], names[len(names) // 3]
    page = f"/documents/{changed}.html"
    navigation = f"/api/dts/navigation/?resource={changed}&down=1"
    with serving(corpus) as port:
        client = Session(port, workbench=False)
        once("first answer (the corpus read)", client, page)
        repeated("document page, nothing changed", client, page, repeat)
        repeated("DTS navigation, nothing changed", client, navigation, repeat)
        transcript = corpus / "transcripts" / f"{changed}.txt"
        transcript.write_text(marked(transcript.read_text(encoding="utf-8"), "Touched"), encoding="utf-8")
        once("its page, after one transcript changed", client, page)
        assert b"Touched" in client.get(page)[1], "the change is not served"
        once("another document's page, after", client, f"/documents/{other}.html")
        once("DTS navigation on it, after", client, navigation)
        once("index, after", client, "/index.html")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--sizes", type=int, nargs="+", help="serve corpora of these sizes instead (see above)")
    args = parser.parse_args()
    if args.sizes:
        scaling(args.sizes, args.repeat)
        return 0

    with tempfile.TemporaryDirectory() as folder:
        corpus = Path(folder) / "tei"
        shutil.copytree(REPO / "tei", corpus)
        first = (corpus / "transcripts" / f"{LONG}.txt").read_text(encoding="utf-8")
        body_of_second = (corpus / "transcripts" / f"{SECOND}.txt").read_text(encoding="utf-8").split("\n\n", 12)[-1]
        long_text = first + "\n\n" + body_of_second
        print(f"transcription: {len(long_text.encode()) / 1024:.1f} KB")

        with serving(corpus) as port:
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
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
