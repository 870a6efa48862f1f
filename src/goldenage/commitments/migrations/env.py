"""Alembic environment of the commitments tracker.

Run programmatically by :func:`goldenage.commitments.migrate.upgrade`, which hands over a
connection already inside the caller's transaction (``config.attributes["connection"]``), so the
schema change and the seed import commit or roll back together. Run from the command line
(``alembic -c src/goldenage/commitments/alembic.ini upgrade head``) it connects to
``GOLDENAGE_DB_URL`` or the default SQLite file, like the ``goldenage`` command.
"""

from __future__ import annotations

from alembic import context

from goldenage.commitments.db import make_engine
from goldenage.commitments.models import Base

config = context.config
target_metadata = Base.metadata


def _run(connection: object) -> None:
    context.configure(
        connection=connection,  # type: ignore[arg-type]
        target_metadata=target_metadata,
        render_as_batch=True,  # SQLite alters tables by copying them
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    """Run the migrations on the given connection, or on a new one to the configured database."""
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    engine = make_engine()
    try:
        with engine.connect() as fresh:
            _run(fresh)
    finally:
        engine.dispose()


if context.is_offline_mode():
    msg = "offline (--sql) migrations are not supported; run them against a database"
    raise SystemExit(msg)
run_migrations_online()
