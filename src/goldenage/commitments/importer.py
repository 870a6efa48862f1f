"""Bringing the database in line with the seed file, recording every change in the audit log.

A commitment or source missing from the database is created (audit ``create``); one that differs
in a seed-owned field is updated (audit ``seed_sync`` with the changed fields before and after);
seed evidence not yet present is added (audit ``add_evidence``); a seed item that ``corrects`` an
earlier item still in the database is linked to it (audit ``correct_evidence``; the earlier item
is never changed).

Statuses: a status no user ever set follows the seed (audit ``seed_status``, before and after),
so a correction of the shipped data reaches existing databases. A status recorded by a user
(``update``, in the audit log) is never overwritten: when the seed's own status for it changes,
the change is noted once (audit ``seed_status_kept``) and the commitment is reported in
``statuses_kept``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from goldenage.commitments.models import (
    AuditEntry,
    Commitment,
    CommitmentSource,
    Evidence,
    EvidenceCorrection,
    Source,
)
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
        self.statuses_synced: list[str] = []
        self.statuses_kept: list[str] = []
        self.sources_created = 0
        self.sources_updated = 0
        self.evidence_added = 0
        self.evidence_corrected = 0

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
        if existing is not None and existing.status != item.status:
            self._seed_status(existing, item)

    def _seed_status(self, row: Commitment, item: SeedCommitment) -> None:
        """Move a status no user has set to the seed's; keep a user's, noting a new seed status once."""
        entries = self.session.scalars(
            select(AuditEntry)
            .where(
                AuditEntry.entity_type == "commitment",
                AuditEntry.entity_key == item.id,
                AuditEntry.action.in_(("create", "update", *SEED_STATUS_ACTIONS)),
            )
            .order_by(AuditEntry.id)
        ).all()
        if not any(e.action == "update" for e in entries):
            self._audit_status("seed_status", row, item, {"status": row.status}, {"status": item.status})
            row.status = item.status
            row.updated_at = self.now
            self.session.flush()
            self.statuses_synced.append(item.id)
            return
        if _last_seed_status(entries) != item.status:
            before, after = {"status": row.status}, {"seed_status": item.status}
            self._audit_status("seed_status_kept", row, item, before, after)
            self.statuses_kept.append(item.id)

    def _audit_status(
        self,
        action: str,
        row: Commitment,
        item: SeedCommitment,
        before: dict[str, Any],
        after: dict[str, Any],
    ) -> None:
        note = {
            "seed_status": "status of the shipped data corrected; see the commitment's notes and evidence",
            "seed_status_kept": "the shipped data's status changed; the status a user recorded is kept",
        }[action]
        self._audit(
            action, "commitment", row.id, commitment_id=item.id, before=before, after=after, note=note
        )

    def _seed_evidence(self, item: SeedCommitment) -> None:
        rows = list(self.session.scalars(select(Evidence).where(Evidence.commitment_id == item.id)))
        present = {(e.source_key, e.observed_on, e.summary) for e in rows}
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
            wrong = [e for e in rows if ev.corrects is not None and e.summary == ev.corrects]
            for earlier in wrong:
                self._correct(item.id, earlier, evidence)

    def _correct(self, commitment_id: str, earlier: Evidence, correction: Evidence) -> None:
        """Link ``correction`` to the ``earlier`` item it corrects (which stays as it was)."""
        self.session.add(
            EvidenceCorrection(
                evidence_id=earlier.id,
                correction_id=correction.id,
                recorded_at=self.now,
                recorded_by=self.actor,
            )
        )
        self.session.flush()
        self._audit(
            "correct_evidence",
            "commitment",
            commitment_id,
            commitment_id=commitment_id,
            evidence_id=correction.id,
            before={"evidence_id": earlier.id, "summary": earlier.summary, "effect": earlier.effect},
            after={"evidence_id": correction.id, "summary": correction.summary, "effect": correction.effect},
        )
        self.evidence_corrected += 1


SEED_STATUS_ACTIONS = ("seed_status", "seed_status_kept")
JsonDict = dict[str, Any]


def _last_seed_status(entries: list[AuditEntry]) -> str | None:
    """Return the status the seed last gave a commitment, read from its audit entries."""
    last = None
    for entry in entries:
        after = entry.after or {}
        if entry.action in ("create", "seed_status"):
            last = after.get("status", last)
        elif entry.action == "seed_status_kept":
            last = after.get("seed_status", last)
    return last


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
