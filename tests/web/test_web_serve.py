"""``goldenage serve`` starts the app on the address given and prints its URL."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from typer.testing import CliRunner

from goldenage.cli.app import app as cli_app

ENTRIES = b"hts10,origin,entry_date,customs_value\n9503.00.00.90,JP,2025-06-01,10000\n"


def test_serve_help() -> None:
    result = CliRunner().invoke(cli_app, ["serve", "--help"])
    assert result.exit_code == 0
    assert "--host" in result.stdout
    assert "--port" in result.stdout


def _start(tmp_path: Path, *arguments: str, **settings: str) -> tuple[subprocess.Popen, int]:
    """Start ``goldenage serve`` on a free port of loopback (no warm-up, a database of the test).

    ``settings``: more environment variables (after the others are cleared).
    """
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = {
        **os.environ,
        "GOLDENAGE_WARM_ETR": "false",
        "GOLDENAGE_PRELOAD": "false",
        "GOLDENAGE_DB_URL": f"sqlite:///{tmp_path / 'c.db'}",
    }
    for name in ("GOLDENAGE_API_TOKEN", "GOLDENAGE_SECRET_KEY", "GOLDENAGE_RESULTS_DIR"):
        env.pop(name, None)
    env |= settings
    command = [sys.executable, "-m", "goldenage.cli.app", "serve", "--port", str(port), *arguments]
    server = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    return server, port


def _healthz(port: int, seconds: float) -> httpx.Response:
    """Return the first answer of /healthz, waiting up to ``seconds`` for the server."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            return httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=5)
        except httpx.HTTPError:
            assert time.monotonic() < deadline, f"goldenage serve did not answer within {seconds} s"
            time.sleep(0.2)


def test_serve_prints_the_url_and_serves(tmp_path: Path) -> None:
    server, port = _start(tmp_path, "--host", "127.0.0.1")
    try:
        first = server.stdout.readline() if server.stdout else ""
        assert first.startswith(f"goldenage web app: http://127.0.0.1:{port}/")
        note = server.stdout.readline() if server.stdout else ""
        assert "GOLDENAGE_API_TOKEN is not set" in note
        response = _healthz(port, 60)
        assert response.status_code == 200
        assert response.json()["writes_enabled"] is False
    finally:
        server.terminate()
        server.wait(timeout=30)


def _workers(server: subprocess.Popen) -> list[int]:
    """Return the process ids of the server's worker processes (children running the app)."""
    children = Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text().split()
    return [int(pid) for pid in children if "spawn_main" in Path(f"/proc/{pid}/cmdline").read_text()]


def _environment(pid: int) -> dict[str, str]:
    pairs = Path(f"/proc/{pid}/environ").read_bytes().split(b"\0")
    return dict(pair.decode().split("=", 1) for pair in pairs if b"=" in pair)


def test_several_processes_share_the_forms_key_and_keep_the_limits(tmp_path: Path) -> None:
    # goldenage serve --workers 2 starts two app processes that inherit the same CSRF key (what
    # sharing it does: tests/web/test_web_uploads.py) and use one results folder. Each keeps
    # the limits of issue 17: a request whose headers never end is closed with 408 by either
    # process, and each deletes its result runs when the server stops.
    results = tmp_path / "results"
    server, port = _start(
        tmp_path,
        "--workers",
        "2",
        GOLDENAGE_RESULTS_DIR=str(results),
        GOLDENAGE_HEADER_TIMEOUT_SECONDS="1",
    )
    try:
        first = server.stdout.readline() if server.stdout else ""
        assert first.endswith("(2 processes; API docs: /docs; Ctrl+C stops it)\n")
        assert _healthz(port, 120).status_code == 200  # noqa: PLR2004
        workers = _workers(server)
        assert len(workers) == 2  # noqa: PLR2004
        keys = {_environment(pid).get("GOLDENAGE_SECRET_KEY") for pid in workers}
        assert len(keys) == 1
        assert None not in keys
        for _ in range(4):  # the connections go to one process or the other
            with socket.create_connection(("127.0.0.1", port)) as sock:
                sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")  # the headers never end
                sock.settimeout(15)
                started = time.monotonic()
                answer = sock.recv(4096)
                assert answer.startswith(b"HTTP/1.1 408"), answer[:80]
                assert time.monotonic() - started < 10  # noqa: PLR2004
        upload = {"file": ("e.csv", ENTRIES, "text/csv")}
        for _ in range(3):
            response = httpx.post(f"http://127.0.0.1:{port}/api/tariff/batch", files=upload, timeout=120)
            assert response.status_code == 200, response.text[:300]  # noqa: PLR2004
        assert [run for run in results.iterdir() if run.is_dir()]  # kept for download
    finally:
        server.terminate()
        server.wait(timeout=60)
    assert not [run for run in results.iterdir() if run.is_dir()]  # each process deleted its runs


@pytest.mark.parametrize("loop", ["asyncio", "uvloop"])
def test_connections_answer_without_waiting_for_acknowledgements(loop: str) -> None:
    # uvicorn's socket for --workers N has protocol 0, so asyncio leaves Nagle's algorithm on, and
    # each small answer on a kept-alive connection waited ~40 ms for the client's delayed ACK.
    # The server's protocol turns it off on every connection of such a socket.
    import asyncio  # noqa: PLC0415

    import uvicorn  # noqa: PLC0415
    from uvicorn.server import ServerState  # noqa: PLC0415

    from goldenage.web.server import protocol_for  # noqa: PLC0415
    from goldenage.web.settings import WebSettings  # noqa: PLC0415

    async def app(scope: dict, receive: object, send: object) -> None:  # never called
        raise AssertionError

    async def nodelay_of_a_connection() -> int:
        config = uvicorn.Config(app, http=protocol_for(WebSettings()), lifespan="off")
        config.load()
        made: list[asyncio.Protocol] = []

        def factory() -> asyncio.Protocol:
            made.append(config.http_protocol_class(config=config, server_state=ServerState(), app_state={}))
            return made[-1]

        listening = socket.socket(socket.AF_INET, socket.SOCK_STREAM)  # protocol 0, as uvicorn's
        listening.bind(("127.0.0.1", 0))
        server = await asyncio.get_running_loop().create_server(factory, sock=listening)
        _, writer = await asyncio.open_connection("127.0.0.1", listening.getsockname()[1])
        try:
            for _ in range(100):
                if made and getattr(made[0], "transport", None) is not None:
                    break
                await asyncio.sleep(0.01)
            sock = made[0].transport.get_extra_info("socket")  # type: ignore[attr-defined]
            return sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY)
        finally:
            writer.close()
            server.close()

    if loop == "uvloop":  # the loop of goldenage serve (goldenage.web.server.server_options)
        import uvloop  # noqa: PLC0415

        assert uvloop.run(nodelay_of_a_connection()) != 0
    else:
        assert asyncio.run(nodelay_of_a_connection()) != 0
