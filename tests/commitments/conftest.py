"""Databases for the commitments tests: a temporary SQLite file, and PostgreSQL when available.

Tests that take ``db_url`` (an empty database) or ``seeded_url`` (initialised with the seed) run
once on SQLite and once on PostgreSQL; the PostgreSQL run is skipped unless
``GOLDENAGE_TEST_PG_URL`` names a server where the user may create databases (see
``scripts/postgres_test_server.sh``). Each test gets a database of its own, copied from a
template initialised once per session.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from goldenage.commitments import service
from goldenage.commitments.db import make_engine

PG_ENV = "GOLDENAGE_TEST_PG_URL"
BACKENDS = ["sqlite", "postgresql"]
HERE = Path(__file__).resolve().parent


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", f"postgres: the PostgreSQL run of a test; skipped unless {PG_ENV} is set"
    )


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark the PostgreSQL run of every database test ``postgres`` (select them with ``-m postgres``)."""
    for item in items:
        callspec = getattr(item, "callspec", None)
        if (
            callspec is not None
            and callspec.params.get("backend") == "postgresql"
            and HERE in item.path.parents
        ):
            item.add_marker("postgres")


class PgServer:
    """Creates and drops throw-away databases on the server named by GOLDENAGE_TEST_PG_URL."""

    def __init__(self, url: str) -> None:
        self.url = make_url(url)
        self.admin = create_engine(self.url, isolation_level="AUTOCOMMIT")

    def url_of(self, name: str) -> str:
        return self.url.set(database=name).render_as_string(hide_password=False)

    def create(self, name: str, template: str | None = None) -> str:
        clause = f" TEMPLATE {template}" if template else ""
        with self.admin.connect() as connection:
            connection.execute(text(f"CREATE DATABASE {name}{clause}"))
        return self.url_of(name)

    def drop(self, name: str) -> None:
        with self.admin.connect() as connection:
            connection.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer]:
    url = os.environ.get(PG_ENV, "").strip()
    if not url:
        pytest.skip(f"{PG_ENV} is not set (run scripts/postgres_test_server.sh start)")
    server = PgServer(url)
    yield server
    server.admin.dispose()


def _initialise(url: str) -> None:
    engine = make_engine(url)
    try:
        service.init_database(engine, actor="test-template")
    finally:
        engine.dispose()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "template.db"
    _initialise(f"sqlite:///{path}")
    return path


@pytest.fixture(scope="session")
def pg_template(pg_server: PgServer) -> Iterator[str]:
    name = f"gtest_template_{uuid.uuid4().hex[:8]}"
    _initialise(pg_server.create(name))
    yield name
    pg_server.drop(name)


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture
def db_url(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[str]:
    """An empty database (no tables) of the test's backend."""
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path / 'commitments.db'}"
        return
    server: PgServer = request.getfixturevalue("pg_server")
    name = f"gtest_{uuid.uuid4().hex[:12]}"
    yield server.create(name)
    server.drop(name)


@pytest.fixture
def seeded_url(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[str]:
    """A database initialised with the seed (a copy of the session's template)."""
    if backend == "sqlite":
        path = tmp_path / "commitments.db"
        shutil.copyfile(request.getfixturevalue("sqlite_template"), path)
        yield f"sqlite:///{path}"
        return
    server: PgServer = request.getfixturevalue("pg_server")
    template: str = request.getfixturevalue("pg_template")
    name = f"gtest_{uuid.uuid4().hex[:12]}"
    yield server.create(name, template=template)
    server.drop(name)


@pytest.fixture
def seeded_sqlite(sqlite_template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """A seeded SQLite database, also set as GOLDENAGE_DB_URL (for CLI tests)."""
    path = tmp_path / "cli.db"
    shutil.copyfile(sqlite_template, path)
    url = f"sqlite:///{path}"
    monkeypatch.setenv("GOLDENAGE_DB_URL", url)
    monkeypatch.setenv("GOLDENAGE_USER", "cli-test")
    return url


def snapshot(url: str) -> dict:
    """Everything an update could change: counts of evidence and audit rows, each status and revision."""
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            return {
                "evidence": connection.execute(text("SELECT count(*) FROM evidence")).scalar_one(),
                "audit": connection.execute(text("SELECT count(*) FROM audit_log")).scalar_one(),
                "rows": sorted(
                    connection.execute(text("SELECT id, status, revision FROM commitments")).all()
                ),
            }
    finally:
        engine.dispose()


@pytest.fixture
def db_snapshot() -> object:
    """The :func:`snapshot` function, for comparing a database before and after a command."""
    return snapshot
