"""Connecting to the tracker's database: SQLite by default, PostgreSQL supported.

Where: ``GOLDENAGE_DB_URL`` (an SQLAlchemy URL such as ``sqlite:////path/to/file.db`` or
``postgresql+psycopg://user@host:port/dbname``) if set; otherwise the SQLite file
``$XDG_DATA_HOME/goldenage/commitments.db`` (``~/.local/share/goldenage/commitments.db`` when
``XDG_DATA_HOME`` is unset), whose folder is created on first use.

SQLite connections run with ``foreign_keys=ON``, ``journal_mode=WAL``, ``synchronous=FULL`` and a
busy timeout; each transaction starts with an explicit ``BEGIN`` (``BEGIN IMMEDIATE`` for writes,
so two writers never interleave), so every unit of work is one atomic SQLite transaction.
PostgreSQL runs at its default READ COMMITTED level; writers lock the commitment row they change.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, OperationalError
from sqlalchemy.exc import DatabaseError as SADatabaseError
from sqlalchemy.orm import Session

from goldenage.commitments.errors import DatabaseError
from goldenage.errors import InputError

ENV_URL = "GOLDENAGE_DB_URL"
ACCEPTED_URL = (
    "an SQLAlchemy URL such as sqlite:////path/to/file.db or postgresql+psycopg://user@host:5432/db"
)
BUSY_TIMEOUT_MS = 30_000
_BEGIN_OPTION = "goldenage_sqlite_begin"


def default_sqlite_path() -> Path:
    """Return the default database file (under ``$XDG_DATA_HOME`` or ``~/.local/share``)."""
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "goldenage" / "commitments.db"


def database_url() -> URL:
    """Return the URL to use: ``GOLDENAGE_DB_URL`` or the default SQLite file."""
    raw = os.environ.get(ENV_URL, "").strip()
    if not raw:
        path = default_sqlite_path()
        path.parent.mkdir(parents=True, exist_ok=True)
        return URL.create("sqlite", database=str(path))
    try:
        url = make_url(raw)
    except ArgumentError as err:
        msg = f"cannot parse {raw!r}"
        raise InputError(ENV_URL, msg, ACCEPTED_URL) from err
    if url.get_backend_name() not in ("sqlite", "postgresql"):
        msg = f"unsupported database {url.get_backend_name()!r}"
        raise InputError(ENV_URL, msg, ACCEPTED_URL)
    return url


def make_engine(url: URL | str | None = None) -> Engine:
    """Return an engine for ``url`` (default :func:`database_url`) with the settings above."""
    target = database_url() if url is None else make_url(url)
    try:
        engine = create_engine(target, future=True)
    except (ArgumentError, NoSuchModuleError) as err:
        msg = f"cannot use {target.render_as_string(hide_password=True)}: {err}"
        raise InputError(ENV_URL, msg, ACCEPTED_URL) from err
    if engine.dialect.name == "sqlite":
        _configure_sqlite(engine)
    return engine


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, connection_record: Any) -> None:  # noqa: ARG001
        # Let SQLAlchemy's "begin" event (below) issue BEGIN itself: the sqlite3 module's own
        # implicit transactions would start late (at the first write) and defer locking.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys = ON")
        if engine.url.database not in (None, "", ":memory:"):
            cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = FULL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        mode = connection.get_execution_options().get(_BEGIN_OPTION, "DEFERRED")
        connection.exec_driver_sql(f"BEGIN {mode}")


@contextmanager
def translated_errors(engine: Engine) -> Iterator[None]:
    """Turn SQLAlchemy's connection and integrity errors into a one-line :class:`DatabaseError`."""
    try:
        yield
    except OperationalError as err:
        raise _database_error(engine, err) from err
    except SADatabaseError as err:
        msg = f"the database refused the change: {err.orig}"
        raise DatabaseError(msg) from err


@contextmanager
def transaction(engine: Engine, *, write: bool) -> Iterator[Session]:
    """Yield a session inside one transaction: committed on success, rolled back on any error.

    ``write=True`` takes SQLite's write lock at BEGIN (``BEGIN IMMEDIATE``).
    """
    bind = engine.execution_options(**{_BEGIN_OPTION: "IMMEDIATE" if write else "DEFERRED"})
    with translated_errors(engine), Session(bind=bind, expire_on_commit=False) as session, session.begin():
        yield session


def _database_error(engine: Engine, err: OperationalError) -> DatabaseError:
    where = engine.url.render_as_string(hide_password=True)
    first = str(err.orig).strip().splitlines()[0] if err.orig else str(err)
    msg = f"database {where}: {first} (check {ENV_URL} or run `goldenage commitments init`)"
    return DatabaseError(msg)
