"""The commitments tracker's database as the web app uses it: one engine, prepared on first use.

``GOLDENAGE_DB_URL`` (or the settings' ``db_url``) chooses the database, as for the CLI; the
first request initialises it (schema and seed, idempotent) like every CLI command does.
"""

from __future__ import annotations

import datetime as dt
import threading

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from goldenage.commitments import inputs, service
from goldenage.commitments.db import make_engine
from goldenage.commitments.inputs import UpdateRequest
from goldenage.commitments.models import Source
from goldenage.commitments.statuses import CLOSING
from goldenage.commitments.views import CommitmentView, SourceView

SEED_ACTOR = "goldenage serve"
DEFAULT_ACTOR = "web (API token holder)"


class Tracker:
    """A lazily created, prepared engine."""

    def __init__(self, url: str | None) -> None:
        self.url = url
        self._engine: Engine | None = None
        self._lock = threading.Lock()

    def engine(self) -> Engine:
        """Return the engine, creating and preparing the database on first use."""
        if self._engine is None:
            with self._lock:
                if self._engine is None:
                    engine = make_engine(self.url or None)
                    service.ensure_ready(engine, actor=SEED_ACTOR)
                    self._engine = engine
        return self._engine

    def close(self) -> None:
        """Release the connections."""
        if self._engine is not None:
            self._engine.dispose()


def parse_update(
    status: str | None,
    evidence: str | None,
    note: str | None,
    evidence_date: str | None,
    by: str | None,
) -> UpdateRequest:
    """Validate an update's fields with the CLI's rules (an empty form field counts as absent)."""

    def given(text: str | None) -> str | None:
        return text if text else None

    return inputs.parse_update(
        status, given(evidence), given(note), given(evidence_date), given(by), actor_default=DEFAULT_ACTOR
    )


def sources_by_key(engine: Engine, keys: set[str]) -> dict[str, SourceView]:
    """Return the sources with these keys (evidence names its source by key; the page shows it)."""
    if not keys:
        return {}
    with Session(engine) as session:
        rows = session.scalars(select(Source).where(Source.key.in_(sorted(keys))))
        return {row.key: SourceView.of(row) for row in rows}


def upcoming(engine: Engine, today: dt.date, count: int = 8) -> list[CommitmentView]:
    """Return the next ``count`` open commitments due on or after ``today``."""
    views = service.list_commitments(engine)
    open_ones = [v for v in views if v.due_on is not None and v.due_on >= today and v.status not in CLOSING]
    return open_ones[:count]
