"""Bringing the database in line with the seed file, recording every change in the audit log.

A commitment or source missing from the database is created (audit ``create``); one that differs
in a seed-owned field is updated (audit ``seed_sync`` with the changed fields before and after);
seed evidence not yet present is added (audit ``add_evidence``). Statuses are set only on creation:
a status recorded later by a user is never overwritten by the seed.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from goldenage.commitments.models import AuditEntry, Commitment, CommitmentSource, Evidence, Source
from goldenage.commitments.seed import SeedCommitment, SeedFile, commitment_row, source_row


def _jsonable(value: Any) -> Any:
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    return value


class SeedImporter:
    """Brings the database in line with the seed file, recording every change."""

    def __init__(self, session: Session, seed: SeedFile, actor: str, now: dt.datetime) -> None:
        self.session = session
        self.seed = seed
        self.actor = actor
        self.now = now
        self.created: list[str] = []
        self.updated: list[str] = []
        self.sources_created = 0
        self.sources_updated = 0
        self.evidence_added = 0

    def run(self) -> None:
        """Import every source, then every commitment with its evidence."""
        for key, source in self.seed.sources.items():
            self._source(source_row(key, source))
        self.session.flush()
        for item in self.seed.commitments:
            self._commitment(item)

    def _audit(self, action: str, entity_type: str, key: str, **fields: Any) -> AuditEntry:
        entry = AuditEntry(
            at=self.now, actor=self.actor, action=action, entity_type=entity_type, entity_key=key, **fields
        )
        self.session.add(entry)
        return entry

    def _source(self, row: dict[str, Any]) -> None:
        existing = self.session.get(Source, row["key"])
        if existing is None:
            self.session.add(Source(**row))
            self._audit("create", "source", row["key"], after=_jsonable_dict(row))
            self.sources_created += 1
            return
        before, after = _diff(existing, row)
        if after:
            for name, value in row.items():
                setattr(existing, name, value)
            self._audit("seed_sync", "source", row["key"], before=before, after=after)
            self.sources_updated += 1

    def _commitment(self, item: SeedCommitment) -> None:
        row = commitment_row(item)
        existing = self.session.get(Commitment, item.id)
        if existing is None:
            commitment = Commitment(**row, status=item.status, created_at=self.now, updated_at=self.now)
            commitment.source_links = [
                CommitmentSource(source_key=key, position=n) for n, key in enumerate(item.sources)
            ]
            self.session.add(commitment)
            self.session.flush()
            snapshot = {**_jsonable_dict(row), "status": item.status, "sources": list(item.sources)}
            self._audit("create", "commitment", item.id, commitment_id=item.id, after=snapshot)
            self.created.append(item.id)
        else:
            before, after = _diff(existing, row)
            linked = [link.source_key for link in existing.source_links]
            if linked != list(item.sources):
                before["sources"], after["sources"] = linked, list(item.sources)
                existing.source_links = [
                    CommitmentSource(source_key=key, position=n) for n, key in enumerate(item.sources)
                ]
                self.session.flush()
            if after:
                for name, value in row.items():
                    setattr(existing, name, value)
                existing.updated_at = self.now
                self._audit(
                    "seed_sync", "commitment", item.id, commitment_id=item.id, before=before, after=after
                )
                self.updated.append(item.id)
        self._seed_evidence(item)

    def _seed_evidence(self, item: SeedCommitment) -> None:
        present = {
            (e.source_key, e.observed_on, e.summary)
            for e in self.session.scalars(select(Evidence).where(Evidence.commitment_id == item.id))
        }
        for ev in item.evidence:
            if (ev.source, ev.date, ev.summary) in present:
                continue
            evidence = Evidence(
                commitment_id=item.id,
                observed_on=ev.date,
                url=str(self.seed.sources[ev.source].url),
                summary=ev.summary,
                effect=ev.effect,
                source_key=ev.source,
                recorded_at=self.now,
                recorded_by=self.actor,
            )
            self.session.add(evidence)
            self.session.flush()
            after = {
                "date": ev.date.isoformat(),
                "url": evidence.url,
                "effect": ev.effect,
                "source": ev.source,
            }
            self._audit(
                "add_evidence",
                "commitment",
                item.id,
                commitment_id=item.id,
                evidence_id=evidence.id,
                after=after,
            )
            self.evidence_added += 1


def _jsonable_dict(row: dict[str, Any]) -> dict[str, Any]:
    return {k: _jsonable(v) for k, v in row.items()}


def _diff(obj: object, row: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    before: dict[str, Any] = {}
    after: dict[str, Any] = {}
    for name, value in row.items():
        current = getattr(obj, name)
        if current != value:
            before[name], after[name] = _jsonable(current), _jsonable(value)
    return before, after
