"""Load benchmark of the web app's duty endpoint: ``GET /api/tariff/duty`` at a fixed rate.

Starts ``goldenage serve`` on loopback (127.0.0.1, a free port) in a subprocess, then sends
requests on an open-loop schedule (request i is due at ``start + i / rate``) over
``--concurrency`` keep-alive connections, for ``--seconds``; stops the server and prints
p50/p90/p99/max latency, errors, and the CPU time the server and the load generator used while
the clock ran. Latency is measured from each request's due time to the last byte of its
answer, so a server that falls behind is charged for the queueing too. The generator speaks
HTTP/1.1 on asyncio's streams itself (:class:`_Connection`): an HTTP client library (httpx)
cost 1-2 ms of CPU a request, which on a 2-core machine took a core from the server it
measures.

The queries are drawn (seeded) from a working set of ``--distinct`` entry lines: the most
imported HTS10 lines from Japan (the shipped 2024 weights, ad valorem lines only) on the first
day of each month of 2025-2026 at a few customs values. The app keeps recent results in memory
(``GOLDENAGE_DUTY_CACHE_SIZE``), so the first request of each distinct query computes it
and the repeats are served from memory; ``--distinct 0`` makes every request new (no repeat),
which measures the engine itself. Target (issue 9): 300 requests/s for 60 s, p99 < 50 ms,
no errors; issue 20: 500 new requests/s (``--distinct 0 --rate 500 --workers 2``). Run:
``python benchmarks/bench_web_load.py [--seconds 60] [--rate 300]``.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import gc
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

import httpx

SEED = 20251028
VALUES = ("1000", "12500", "30000", "250000")
TARGET_P99_MS = 50.0


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _lines(count: int) -> list[str]:
    """Return the ``count`` most imported HTS10 lines from Japan with an ad valorem duty."""
    from goldenage.tariffs.calc import duty  # noqa: PLC0415 - only to choose the lines
    from goldenage.tariffs.weights import load_weights  # noqa: PLC0415

    weights = load_weights(None).frame.sort("value_usd", descending=True)
    codes: list[str] = []
    for code in weights.get_column("hts10").unique(maintain_order=True).to_list():
        try:
            duty(code, "JP", "2025-10-01", 10_000)
        except Exception:  # noqa: BLE001, S112 - a line needing a quantity is left out of the mix
            continue
        codes.append(code)
        if len(codes) == count:
            break
    return codes


def working_set(distinct: int, total: int, rng: random.Random) -> tuple[list[dict[str, str]], int]:
    """Return ``total`` queries drawn from ``distinct`` (0: all different) and the distinct count.

    Each query is a line in force on its date (first of a month of 2025-2026 up to today).
    """
    from goldenage.tariffs.schedule import schedule  # noqa: PLC0415

    hts = schedule()
    codes = _lines(200)
    last = min(dt.date.today(), hts.coverage_end)
    months = [dt.date(y, m, 1) for y in (2025, 2026) for m in range(1, 13) if dt.date(y, m, 1) <= last]
    live = [(c, d.isoformat()) for c in codes for d in months if hts.find(c, d) is not None]

    def query(value: str) -> dict[str, str]:
        code, day = rng.choice(live)
        return {"hts": code, "origin": "JP", "date": day, "value": value}

    if distinct <= 0:
        return [query(f"{rng.uniform(100, 1e6):.2f}") for _ in range(total)], total
    pool = [query(rng.choice(VALUES)) for _ in range(distinct)]
    unique = {tuple(q.values()) for q in pool}
    return [rng.choice(pool) for _ in range(total)], len(unique)


def start_server(port: int, folder: Path, workers: int) -> subprocess.Popen:
    """Start ``goldenage serve --workers N`` on 127.0.0.1:port (no ETR warm-up: it competes for the CPU)."""
    env = {
        **os.environ,
        "GOLDENAGE_WARM_ETR": "false",
        "GOLDENAGE_DB_URL": f"sqlite:///{folder / 'commitments.db'}",
    }
    command = [sys.executable, "-m", "goldenage.cli.app", "serve", "--host", "127.0.0.1", "--port", str(port)]
    command += ["--workers", str(workers)]
    return subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def wait_ready(url: str, server: subprocess.Popen, timeout: float = 120.0) -> None:
    """Wait for /healthz (and one duty computation) to answer."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            message = server.stderr.read().decode() if server.stderr else ""
            msg = f"the server exited: {message}"
            raise SystemExit(msg)
        try:
            if httpx.get(f"{url}/healthz", timeout=10).status_code == 200:  # noqa: PLR2004
                httpx.get(
                    f"{url}/api/tariff/duty",
                    params={"hts": "8703.23.01.90", "value": "1", "date": "2025-10-01"},
                )
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.25)
    msg = "the server did not answer within the timeout"
    raise SystemExit(msg)


class _Connection:
    """One keep-alive HTTP/1.1 connection of the load generator: a request, then its whole answer.

    Written on asyncio's streams rather than an HTTP client library: the generator shares the
    machine's cores with the server it measures, so its own cost per request must stay small
    (tens of microseconds here against 1-2 ms for httpx). Answers are read in full: the status
    line, the headers up to the blank line, and ``Content-Length`` bytes of body (the app
    answers every request with a length; a chunked answer is counted as an error).
    """

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def _open(self) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
        self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        sock = self.writer.get_extra_info("socket")
        if sock is not None:
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return self.reader, self.writer

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None

    async def get(self, request: bytes) -> tuple[int, bytes]:
        """Send ``request`` (a whole GET) and return the answer's status and body."""
        if self.reader is None or self.writer is None:
            reader, writer = await self._open()
        else:
            reader, writer = self.reader, self.writer
        writer.write(request)
        head = await reader.readuntil(b"\r\n\r\n")
        lines = head.split(b"\r\n")
        status = int(lines[0].split(b" ", 2)[1])
        length, close = None, False
        for line in lines[1:]:
            name, _, value = line.partition(b":")
            name = name.strip().lower()
            if name == b"content-length":
                length = int(value)
            elif name == b"connection" and value.strip().lower() == b"close":
                close = True
            elif name == b"transfer-encoding":
                msg = f"unexpected Transfer-Encoding: {value.strip().decode()}"
                raise ValueError(msg)
        if length is None:
            msg = "an answer without Content-Length"
            raise ValueError(msg)
        body = await reader.readexactly(length)
        if close:
            self.close()
        return status, body


REQUEST_TIMEOUT_S = 10.0
WINDOW_S = 10.0  # latency is also printed by stretch of the schedule (start-up vs steady state)


async def drive(
    host: str, port: int, requests: list[bytes], rate: float, concurrency: int
) -> tuple[list[tuple[float, float]], list[str]]:
    """Send each of ``requests`` (whole GETs) at ``rate`` per second over ``concurrency`` connections.

    A producer puts each request on a queue at its scheduled time (open loop: the schedule
    never waits for answers); ``concurrency`` workers, each with its own keep-alive
    connection, send them. Returns each request's scheduled time from the start and latency
    (s, from the scheduled time to the answer's last byte), and error descriptions (a status
    other than 200, a broken connection, no answer within ``REQUEST_TIMEOUT_S``).
    """
    latencies: list[tuple[float, float]] = []
    errors: list[str] = []
    loop = asyncio.get_running_loop()
    start = loop.time() + 0.1
    queue: asyncio.Queue[tuple[float, bytes] | None] = asyncio.Queue()

    async def worker() -> None:
        connection = _Connection(host, port)
        try:
            while (item := await queue.get()) is not None:
                due, request = item
                try:
                    async with asyncio.timeout(REQUEST_TIMEOUT_S):
                        status, body = await connection.get(request)
                    if status != 200:  # noqa: PLR2004
                        errors.append(f"HTTP {status}: {body[:160].decode(errors='replace')}")
                except (OSError, EOFError, ValueError, TimeoutError, asyncio.LimitOverrunError) as err:
                    connection.close()  # the next request opens a new connection
                    errors.append(f"{type(err).__name__}: {err}")
                latencies.append((due - start, loop.time() - due))
        finally:
            connection.close()

    workers = [asyncio.create_task(worker()) for _ in range(concurrency)]
    for index, request in enumerate(requests):
        due = start + index / rate
        delay = due - loop.time()
        if delay > 0:
            await asyncio.sleep(delay)
        queue.put_nowait((due, request))
    for _ in workers:
        queue.put_nowait(None)
    await asyncio.gather(*workers)
    return latencies, errors


def cpu_seconds(pid: int) -> float:
    """Return the CPU time (user + system, s) used so far by process ``pid`` and its descendants."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0.0
    pending = [pid]
    while pending:
        current = pending.pop()
        try:
            fields = Path(f"/proc/{current}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / tick  # utime, stime
            for task in Path(f"/proc/{current}/task").iterdir():
                pending += [int(c) for c in (task / "children").read_text().split()]
        except (OSError, IndexError, ValueError):
            continue
    return total


def warm_up(url: str, paths: list[str]) -> tuple[list[float], list[str]]:
    """Send each distinct query once, one at a time; return the (uncached) latencies and errors."""
    latencies: list[float] = []
    errors: list[str] = []
    with httpx.Client(base_url=url, timeout=30.0) as client:
        for path in paths:
            begun = time.perf_counter()
            response = client.get(path)
            latencies.append(time.perf_counter() - begun)
            if response.status_code != 200:  # noqa: PLR2004
                errors.append(f"HTTP {response.status_code}: {response.text[:160]}")
    return latencies, errors


def percentile(values: list[float], q: float) -> float:
    """Return the ``q``-th percentile (nearest rank) of ``values``."""
    ranked = sorted(values)
    return ranked[min(len(ranked) - 1, max(0, round(q / 100 * len(ranked)) - 1))]


def main() -> None:
    """Run the benchmark and print its figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60.0, help="duration of the load (default 60)")
    parser.add_argument("--rate", type=float, default=300.0, help="requests per second (default 300)")
    parser.add_argument(
        "--concurrency", type=int, default=6, help="connections, the most requests in flight (default 6)"
    )
    parser.add_argument(
        "--workers", type=int, default=1, help="server processes (goldenage serve --workers, default 1)"
    )
    parser.add_argument("--distinct", type=int, default=500, help="distinct queries (0: every one new)")
    parser.add_argument(
        "--no-warmup",
        dest="warmup",
        action="store_false",
        help="do not send each distinct query once before the clock starts (cold cache)",
    )
    args = parser.parse_args()
    if args.seconds <= 0 or args.rate <= 0 or args.concurrency <= 0 or args.workers <= 0:
        parser.error("--seconds, --rate, --concurrency and --workers must be positive")
    load_before = os.getloadavg()
    total = int(args.seconds * args.rate)
    queries, distinct = working_set(args.distinct, total, random.Random(SEED))
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryDirectory(prefix="goldenage-bench-web-") as folder:
        server = start_server(port, Path(folder), args.workers)
        try:
            started = time.perf_counter()
            wait_ready(url, server)
            ready_s = time.perf_counter() - started
            began = time.perf_counter()
            paths = ["/api/tariff/duty?" + urlencode(q) for q in queries]  # built before the clock starts
            cold: list[float] = []
            if args.warmup and args.distinct > 0:  # with --distinct 0 every request must be new
                cold, cold_errors = warm_up(url, sorted(set(paths)))
                if cold_errors:
                    print(f"warm-up errors: {len(cold_errors)} (first: {cold_errors[0]})")
            # The load generator is not what is measured: keep its own garbage collection (a
            # heap of loaded data) from pausing its event loop while the clock runs.
            gc.collect()
            gc.freeze()
            gc.disable()
            requests = [f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode() for path in paths]
            server_cpu, own_cpu = cpu_seconds(server.pid), time.process_time()
            began = time.perf_counter()
            try:
                latencies, errors = asyncio.run(
                    drive("127.0.0.1", port, requests, args.rate, args.concurrency)
                )
            finally:
                gc.enable()
            elapsed = time.perf_counter() - began
            own_cpu = time.process_time() - own_cpu
            server_cpu = cpu_seconds(server.pid) - server_cpu
            load_during = os.getloadavg()
        finally:
            server.terminate()
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()
    ms = [x * 1000 for _, x in latencies]
    p99 = percentile(ms, 99)
    processes = f"{args.workers} process" + ("es" if args.workers > 1 else "")
    print(f"GET /api/tariff/duty on 127.0.0.1 (goldenage serve, {processes}), {os.cpu_count()} cores")
    before = " ".join(f"{x:.2f}" for x in load_before)
    during = " ".join(f"{x:.2f}" for x in load_during)
    print(f"machine load (1/5/15 min) before: {before}; at the end of the run: {during}")
    print(f"server ready in {ready_s:.1f} s; {total:,} requests at {args.rate:g}/s for {args.seconds:g} s")
    repeats = "every request new" if args.distinct <= 0 else "repeats served from the app's cache"
    print(f"working set: {distinct:,} distinct queries ({repeats})")
    if cold:
        cold_ms = [x * 1000 for x in cold]
        print(
            f"warm-up, each distinct query once in turn: {len(cold_ms):,} computed in {sum(cold):.1f} s; "
            f"ms p50 {percentile(cold_ms, 50):.2f}  p99 {percentile(cold_ms, 99):.2f} (the engine, uncached)"
        )
    else:
        print("warm-up: none (the cache starts empty)")
    print(f"sent in {elapsed:.1f} s: achieved {len(ms) / elapsed:,.1f} requests/s")
    print(
        f"latency ms: p50 {percentile(ms, 50):.2f}  p90 {percentile(ms, 90):.2f}  p99 {p99:.2f}  "
        f"max {max(ms):.2f}  mean {statistics.fmean(ms):.2f}"
    )
    windows: dict[int, list[float]] = {}
    for due, latency in latencies:
        windows.setdefault(int(due // WINDOW_S), []).append(latency * 1000)
    print(
        f"p99 ms by {WINDOW_S:g} s of the schedule: "
        + "  ".join(f"{percentile(windows[k], 99):.1f}" for k in sorted(windows))
    )
    print(
        f"CPU while the clock ran: server {server_cpu:.1f} s "
        f"({server_cpu / len(ms) * 1000:.2f} ms a request), "
        f"load generator {own_cpu:.1f} s ({own_cpu / len(ms) * 1000:.2f} ms a request, "
        f"{own_cpu / elapsed:.0%} of one core)"
    )
    print(f"errors: {len(errors)}" + (f" (first: {errors[0]})" if errors else ""))
    verdict = "met" if p99 < TARGET_P99_MS and not errors else "NOT met"
    print(f"target p99 < {TARGET_P99_MS:g} ms with 0 errors: {verdict}")


if __name__ == "__main__":
    main()
