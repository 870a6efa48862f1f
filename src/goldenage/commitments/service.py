"""The tracker's operations, each in one database transaction.

``init_database``  upgrade the schema to head and import the seed (idempotent)
``ensure_ready``   the same on first use of a database that is not at head
``list_commitments``, ``get_commitment``, ``history``  read
``update_status``  status change + evidence + audit entry, atomically

Every change writes an :class:`~goldenage.commitments.models.AuditEntry` (who, when, before,
after) in the same transaction as the change itself.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Engine, select, text
from sqlalchemy.orm import selectinload

from goldenage.commitments import migrate
from goldenage.commitments.db import transaction, translated_errors
from goldenage.commitments.errors import CommitmentNotFoundError
from goldenage.commitments.importer import SeedImporter
from goldenage.commitments.models import AuditEntry, Commitment, Evidence
from goldenage.commitments.seed import load_seed
from goldenage.commitments.statuses import check_transition
from goldenage.commitments.views import AuditView, CommitmentView

_PG_INIT_LOCK = 0x60_1D_AE_08  # advisory lock key serialising concurrent first uses on PostgreSQL


def utc_now() -> dt.datetime:
    """Return the current time, timezone-aware, in UTC."""
    return dt.datetime.now(dt.UTC)


@dataclass(frozen=True)
class InitReport:
    """What ``init`` did: revisions and the keys it created or changed."""

    revision_before: str | None
    revision_after: str
    created: tuple[str, ...]
    updated: tuple[str, ...]
    sources_created: int
    sources_updated: int
    evidence_added: int
    statuses_synced: tuple[str, ...] = ()
    statuses_kept: tuple[str, ...] = ()
    evidence_corrected: int = 0

    @property
    def changed(self) -> bool:
        """Return whether anything was written."""
        return bool(
            self.revision_before != self.revision_after
            or self.created
            or self.updated
            or self.sources_created
            or self.sources_updated
            or self.evidence_added
            or self.statuses_synced
            or self.statuses_kept
            or self.evidence_corrected
        )


@dataclass(frozen=True)
class UpdateResult:
    """What ``update`` wrote."""

    commitment_id: str
    before: str
    after: str
    evidence_id: int | None
    audit_id: int


@dataclass(frozen=True)
class EvidenceInput:
    """Evidence given with an update (already validated)."""

    url: str
    summary: str
    observed_on: dt.date


def init_database(engine: Engine, *, actor: str, now: dt.datetime | None = None) -> InitReport:
    """Upgrade the schema to head and import the seed dataset, in one transaction.

    Idempotent: a second run finds everything in place and writes nothing. A seed commitment
    already in the database keeps its evidence; the seed-owned fields (text, party, category,
    dates, rule, sources, verification) are brought in line, with an audit entry; its status
    follows the seed unless a user has set it (then it is kept and listed in ``statuses_kept``).
    """
    stamp = now or utc_now()
    with transaction(engine, write=True) as session:
        connection = session.connection()
        _serialise_init(connection)
        before, after = migrate.upgrade(connection)
        importer = SeedImporter(session, load_seed(), actor, stamp)
        importer.run()
    return InitReport(
        before,
        after,
        tuple(importer.created),
        tuple(importer.updated),
        importer.sources_created,
        importer.sources_updated,
        importer.evidence_added,
        tuple(importer.statuses_synced),
        tuple(importer.statuses_kept),
        importer.evidence_corrected,
    )


def ensure_ready(engine: Engine, *, actor: str) -> None:
    """Initialise the database on first use (or after an upgrade of goldenage)."""
    with translated_errors(engine), engine.connect() as connection:
        current = migrate.current_revision(connection)
    if current != migrate.head_revision():
        init_database(engine, actor=actor)


def _serialise_init(connection: Connection) -> None:
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_INIT_LOCK})


def list_commitments(
    engine: Engine,
    *,
    status: str | None = None,
    party: str | None = None,
    due_before: dt.date | None = None,
) -> list[CommitmentView]:
    """Return the commitments matching every filter given, by due date (undated last), then id.

    ``party`` matches a commitment whose party keys (joined by ``+``) include it;
    ``due_before`` keeps commitments with a due date strictly before it.
    """
    with transaction(engine, write=False) as session:
        query = select(Commitment).options(selectinload(Commitment.source_links))
        if status is not None:
            query = query.where(Commitment.status == status)
        if due_before is not None:
            query = query.where(Commitment.due_on < due_before)
        rows = session.scalars(query).all()
        views = [CommitmentView.of(r, with_evidence=False) for r in rows]
    if party is not None:
        views = [v for v in views if party.lower() in v.party.lower().split("+")]
    return sorted(views, key=lambda v: (v.due_on is None, v.due_on or dt.date.min, v.id))


def party_keys(engine: Engine) -> set[str]:
    """Return every party key used by a commitment in the database."""
    with transaction(engine, write=False) as session:
        parties = session.scalars(select(Commitment.party).distinct()).all()
    return {key for party in parties for key in party.split("+")}


def get_commitment(engine: Engine, commitment_id: str) -> CommitmentView:
    """Return one commitment with its sources and evidence."""
    with transaction(engine, write=False) as session:
        options = [
            selectinload(Commitment.source_links),
            selectinload(Commitment.evidence).selectinload(Evidence.corrected_by),
        ]
        row = session.get(Commitment, _normalise_id(commitment_id), options=options)
        if row is None:
            raise CommitmentNotFoundError(commitment_id)
        return CommitmentView.of(row)


def history(engine: Engine, commitment_id: str) -> list[AuditView]:
    """Return the audit entries of a commitment, oldest first."""
    key = _normalise_id(commitment_id)
    with transaction(engine, write=False) as session:
        if session.get(Commitment, key) is None:
            raise CommitmentNotFoundError(commitment_id)
        query = (
            select(AuditEntry)
            .where(AuditEntry.entity_type == "commitment", AuditEntry.entity_key == key)
            .order_by(AuditEntry.id)
        )
        return [AuditView.of(row) for row in session.scalars(query)]


def update_status(  # noqa: PLR0913 - one argument per CLI option
    engine: Engine,
    commitment_id: str,
    *,
    status: str,
    evidence: EvidenceInput | None,
    note: str | None,
    actor: str,
    now: dt.datetime | None = None,
) -> UpdateResult:
    """Change the status, add the evidence and write the audit entry, in one transaction.

    The commitment row is locked (``SELECT ... FOR UPDATE`` on PostgreSQL, ``BEGIN IMMEDIATE`` on
    SQLite) so concurrent updates are applied one after the other. Any error rolls back all three.
    """
    stamp = now or utc_now()
    with transaction(engine, write=True) as session:
        row = session.get(Commitment, _normalise_id(commitment_id), with_for_update=True)
        if row is None:
            raise CommitmentNotFoundError(commitment_id)
        check_transition(
            row.status,
            status,
            has_evidence=evidence is not None,
            due_on=row.due_on,
            evidence_on=evidence.observed_on if evidence else stamp.date(),
        )
        before = row.status
        item: Evidence | None = None
        if evidence is not None:
            item = Evidence(
                commitment_id=row.id,
                observed_on=evidence.observed_on,
                url=evidence.url,
                summary=evidence.summary,
                effect=status,
                recorded_at=stamp,
                recorded_by=actor,
            )
            session.add(item)
            session.flush()
        row.status = status
        row.updated_at = stamp
        session.flush()
        after: dict[str, Any] = {"status": status}
        if item is not None:
            after["evidence"] = {"id": item.id, "date": item.observed_on.isoformat(), "url": item.url}
        entry = AuditEntry(
            at=stamp,
            actor=actor,
            action="update",
            entity_type="commitment",
            entity_key=row.id,
            commitment_id=row.id,
            evidence_id=item.id if item else None,
            before={"status": before},
            after=after,
            note=note,
        )
        session.add(entry)
        session.flush()
        return UpdateResult(row.id, before, status, item.id if item else None, entry.id)


def _normalise_id(commitment_id: str) -> str:
    return commitment_id.strip().upper()
