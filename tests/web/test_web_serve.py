"""``goldenage serve`` starts the app on the address given and prints its URL."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
from typer.testing import CliRunner

from goldenage.cli.app import app as cli_app


def test_serve_help() -> None:
    result = CliRunner().invoke(cli_app, ["serve", "--help"])
    assert result.exit_code == 0
    assert "--host" in result.stdout
    assert "--port" in result.stdout


def _start(tmp_path: Path, *arguments: str) -> tuple[subprocess.Popen, int]:
    """Start ``goldenage serve`` on a free port of loopback (no warm-up, a database of the test)."""
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


def test_several_processes_get_one_forms_key_and_one_results_folder(tmp_path: Path) -> None:
    # goldenage serve --workers 2 starts two app processes that inherit the same CSRF key and
    # results folder (what sharing them does: tests/web/test_web_uploads.py), and removes the
    # folder when it stops.
    server, port = _start(tmp_path, "--workers", "2")
    try:
        first = server.stdout.readline() if server.stdout else ""
        assert first.endswith("(2 processes; API docs: /docs; Ctrl+C stops it)\n")
        assert _healthz(port, 120).status_code == 200  # noqa: PLR2004
        workers = _workers(server)
        assert len(workers) == 2  # noqa: PLR2004
        names = ("GOLDENAGE_SECRET_KEY", "GOLDENAGE_RESULTS_DIR")
        shared = [{name: _environment(pid).get(name) for name in names} for pid in workers]
        assert shared[0] == shared[1]
        assert shared[0]["GOLDENAGE_SECRET_KEY"]
        folder = Path(shared[0]["GOLDENAGE_RESULTS_DIR"] or "")
        assert folder.is_dir()
    finally:
        server.terminate()
        server.wait(timeout=60)
    assert not folder.exists()
