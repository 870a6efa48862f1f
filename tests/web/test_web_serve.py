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


def test_serve_prints_the_url_and_serves(tmp_path: Path) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = {
        **os.environ,
        "GOLDENAGE_WARM_ETR": "false",
        "GOLDENAGE_PRELOAD": "false",
        "GOLDENAGE_DB_URL": f"sqlite:///{tmp_path / 'c.db'}",
    }
    env.pop("GOLDENAGE_API_TOKEN", None)
    command = [sys.executable, "-m", "goldenage.cli.app", "serve", "--host", "127.0.0.1", "--port", str(port)]
    server = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        first = server.stdout.readline() if server.stdout else ""
        assert first.startswith(f"goldenage web app: http://127.0.0.1:{port}/")
        note = server.stdout.readline() if server.stdout else ""
        assert "GOLDENAGE_API_TOKEN is not set" in note
        deadline = time.monotonic() + 60
        while True:
            try:
                response = httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=5)
                break
            except httpx.HTTPError:
                assert time.monotonic() < deadline, "goldenage serve did not answer within 60 s"
                time.sleep(0.2)
        assert response.status_code == 200
        assert response.json()["writes_enabled"] is False
    finally:
        server.terminate()
        server.wait(timeout=30)
