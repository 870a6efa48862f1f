"""Schema migrations, run from code: ``alembic upgrade head`` on the caller's connection.

The Alembic environment lives in ``migrations/`` beside this module; no ``alembic.ini`` is needed
(``alembic.ini`` in this folder only serves developers writing a new revision).
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util import CommandError
from sqlalchemy import Connection

from goldenage.commitments.errors import DatabaseError

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def alembic_config(connection: Connection | None = None) -> Config:
    """Return an Alembic configuration for the tracker's migrations, bound to ``connection``."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("path_separator", "os")
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    """Return the newest revision this version of goldenage knows."""
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    if head is None:  # pragma: no cover - the package always ships a first revision
        msg = f"no migration found in {MIGRATIONS_DIR}"
        raise DatabaseError(msg)
    return head


def current_revision(connection: Connection) -> str | None:
    """Return the revision the database is at (None for a database never initialised)."""
    return MigrationContext.configure(connection).get_current_revision()


def upgrade(connection: Connection) -> tuple[str | None, str]:
    """Upgrade the schema to head inside the connection's transaction; return (before, after).

    A database at a revision this version does not know (written by a newer goldenage) is
    refused rather than guessed at.
    """
    before = current_revision(connection)
    if before is not None:
        try:
            ScriptDirectory.from_config(alembic_config()).get_revision(before)
        except CommandError as err:
            msg = (
                f"the database is at revision {before!r}, unknown to this goldenage (head "
                f"{head_revision()}): it was written by a newer version; upgrade goldenage"
            )
            raise DatabaseError(msg) from err
    command.upgrade(alembic_config(connection), "head")
    return before, head_revision()
