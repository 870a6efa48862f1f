"""The commitments tracker's database as the web app uses it: one engine, prepared on first use.

``GOLDENAGE_DB_URL`` (or the settings' ``db_url``) chooses the database, as for the CLI; the
first request initialises it (schema and seed, idempotent) like every CLI command does.
"""

from __future__ import annotations

import datetime as dt
import threading
from dataclasses import dataclass

from sqlalchemy import Engine

from goldenage.commitments import service
from goldenage.commitments.db import make_engine
from goldenage.commitments.inputs import parse_date, parse_text, parse_url
from goldenage.commitments.statuses import CLOSING, parse_status
from goldenage.commitments.views import CommitmentView
from goldenage.errors import InputError

SEED_ACTOR = "goldenage serve"
NOTE_LENGTH = 2000
ACTOR_LENGTH = 100
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


@dataclass(frozen=True)
class UpdateRequest:
    """A validated status update (as ``goldenage commitments update`` validates its options)."""

    status: str
    evidence: service.EvidenceInput | None
    note: str | None
    actor: str


def parse_update(
    status: str | None,
    evidence: str | None,
    note: str | None,
    evidence_date: str | None,
    by: str | None,
) -> UpdateRequest:
    """Validate an update's fields; the rules and messages are the CLI's (``cli/commitments.py``)."""
    new_status = parse_status(status)
    actor = parse_text(by, "--by", max_length=ACTOR_LENGTH) if by else DEFAULT_ACTOR
    summary = parse_text(note, "--note", max_length=NOTE_LENGTH) if note else None
    item: service.EvidenceInput | None = None
    if evidence:
        if summary is None:
            msg = "is required with --evidence (what the evidence shows, in your own words)"
            field = "--note"
            raise InputError(field, msg, "--note TEXT")
        today = service.utc_now().date()
        observed = parse_date(evidence_date, "--evidence-date") if evidence_date else today
        if observed > today:
            msg = f"{observed} is in the future"
            field = "--evidence-date"
            raise InputError(field, msg, f"a date on or before {today}")
        item = service.EvidenceInput(parse_url(evidence, "--evidence"), summary, observed)
    elif evidence_date:
        msg = "is given without --evidence"
        field = "--evidence-date"
        raise InputError(field, msg, "--evidence URL --note TEXT --evidence-date YYYY-MM-DD")
    return UpdateRequest(new_status, item, summary, actor)


def upcoming(engine: Engine, today: dt.date, count: int = 8) -> list[CommitmentView]:
    """Return the next ``count`` open commitments due on or after ``today``."""
    views = service.list_commitments(engine)
    open_ones = [v for v in views if v.due_on is not None and v.due_on >= today and v.status not in CLOSING]
    return open_ones[:count]
