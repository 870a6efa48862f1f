"""Fixtures of the web tests: an app on a temporary database, a client, a live server.

The browser tests (marker ``browser``) drive Debian's chromium at /usr/bin/chromium against
a live uvicorn server on loopback; ``scripts/install_test_browser.sh`` installs it.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import httpx
import pytest
import uvicorn
from fastapi import FastAPI

from goldenage.web import create_app
from goldenage.web.settings import WebSettings

if TYPE_CHECKING:
    from fastapi.testclient import TestClient

TOKEN = "test-token-0123456789"
SAMPLE = Path(__file__).resolve().parents[2] / "src" / "goldenage" / "web" / "static" / "samples"
SAMPLE_CSV = SAMPLE / "entries_sample.csv"


def pytest_configure(config: pytest.Config) -> None:
    """Register the marker of the browser tests (select them with ``-m browser``)."""
    config.addinivalue_line("markers", "browser: drives chromium with Playwright (needs /usr/bin/chromium)")
    # Starlette prefers httpx2 for its test client; httpx (a project dependency) works the same.
    config.addinivalue_line("filterwarnings", "ignore:Using `httpx` with `starlette.testclient`:UserWarning")


def make_settings(tmp: Path, **overrides: object) -> WebSettings:
    """Return settings on a database under ``tmp`` with the test token and no ETR warm-up."""
    values: dict[str, object] = {
        "api_token": TOKEN,
        "secret_key": "test-secret-key",
        "db_url": f"sqlite:///{tmp / 'commitments.db'}",
        "warm_etr": False,
    }
    values.update(overrides)
    return WebSettings(**values)  # type: ignore[arg-type]


@pytest.fixture(scope="session")
def token() -> str:
    """Return the API token the test apps are configured with."""
    return TOKEN


@pytest.fixture(scope="session")
def sample_csv() -> Path:
    """Return the shipped sample of entry lines (the batch page's sample file)."""
    return SAMPLE_CSV


@pytest.fixture
def open_commitment(client: TestClient) -> dict:
    """Return a commitment whose status is not closing (it can change without evidence)."""
    closing = {s["status"] for s in client.get("/api/commitments/statuses").json() if s["closing"]}
    return next(c for c in client.get("/api/commitments").json() if c["status"] not in closing)


@pytest.fixture(scope="session")
def app(tmp_path_factory: pytest.TempPathFactory) -> FastAPI:
    """Return one app for the API and page tests (its database is created on first use)."""
    return create_app(make_settings(tmp_path_factory.mktemp("web-db")))


@pytest.fixture(scope="session")
def client(app: FastAPI) -> Iterator[TestClient]:
    """Return a client of :func:`app` (lifespan run once for the session)."""
    from fastapi.testclient import TestClient  # noqa: PLC0415 - imported after the warning filter

    with TestClient(app) as test_client:
        yield test_client


@dataclass(frozen=True)
class LiveServer:
    """A running server: its base URL and app."""

    url: str
    app: FastAPI


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """Run the app with uvicorn on loopback in a thread (ETR warm-up on, as `goldenage serve`)."""
    app = create_app(make_settings(tmp_path_factory.mktemp("live-db"), warm_etr=True))
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, name="live-server", daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{url}/healthz", timeout=5).status_code == 200:  # noqa: PLR2004
                break
        except httpx.HTTPError:
            time.sleep(0.2)
    else:  # pragma: no cover - the server never came up
        server.should_exit = True
        pytest.fail("the live server did not answer /healthz within 60 s")
    yield LiveServer(url, app)
    server.should_exit = True
    thread.join(timeout=30)
