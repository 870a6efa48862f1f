"""Read-only views of the tracker's rows, detached from the session, with their JSON forms."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from goldenage.commitments.models import AuditEntry, Commitment, Evidence, Source
from goldenage.commitments.rules import rule_from_row


def _iso(value: dt.date | dt.datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


@dataclass(frozen=True)
class SourceView:
    """A cited document."""

    key: str
    title: str
    publisher: str
    published: dt.date | None
    url: str | None
    other_urls: tuple[str, ...]
    via: str | None
    note: str | None
    retrieved: dt.date | None = None

    @classmethod
    def of(cls, row: Source) -> SourceView:
        """Return the view of a row."""
        return cls(
            row.key,
            row.title,
            row.publisher,
            row.published,
            row.url,
            tuple(row.other_urls),
            row.via,
            row.note,
            row.retrieved,
        )

    def to_json(self) -> dict[str, Any]:
        """Return a JSON-ready dict."""
        return {
            "key": self.key,
            "title": self.title,
            "publisher": self.publisher,
            "published": _iso(self.published),
            "url": self.url,
            "other_urls": list(self.other_urls),
            "via": self.via,
            "note": self.note,
            "retrieved": _iso(self.retrieved),
        }


@dataclass(frozen=True)
class EvidenceView:
    """One evidence item."""

    id: int
    observed_on: dt.date
    url: str
    summary: str
    effect: str | None
    source_key: str | None
    recorded_at: dt.datetime
    recorded_by: str
    corrected_by: tuple[int, ...] = ()

    @classmethod
    def of(cls, row: Evidence) -> EvidenceView:
        """Return the view of a row (``corrected_by``: ids of the later items correcting it)."""
        return cls(
            row.id,
            row.observed_on,
            row.url,
            row.summary,
            row.effect,
            row.source_key,
            row.recorded_at,
            row.recorded_by,
            tuple(c.correction_id for c in row.corrected_by),
        )

    def to_json(self) -> dict[str, Any]:
        """Return a JSON-ready dict."""
        return {
            "id": self.id,
            "date": _iso(self.observed_on),
            "url": self.url,
            "summary": self.summary,
            "effect": self.effect,
            "source": self.source_key,
            "recorded_at": _iso(self.recorded_at),
            "recorded_by": self.recorded_by,
            "corrected_by": list(self.corrected_by),
        }


@dataclass(frozen=True)
class CommitmentView:
    """A commitment with its rule described, its due dates, sources and evidence."""

    id: str
    title: str
    text: str
    party: str
    category: str
    made_on: dt.date
    due_on: dt.date | None
    status: str
    rule: str
    rule_kind: str
    rule_quote: str | None
    rule_note: str | None
    occurrences: tuple[dt.date, ...]
    notes: str | None
    sources: tuple[SourceView, ...]
    evidence: tuple[EvidenceView, ...]
    revision: int
    updated_at: dt.datetime
    verification: str = "unverified"
    unverified: str | None = None

    @classmethod
    def of(cls, row: Commitment, *, with_evidence: bool = True) -> CommitmentView:
        """Return the view of a row (the rule is rebuilt from its columns)."""
        rule = rule_from_row(
            {
                "deadline_kind": row.deadline_kind,
                "deadline_count": row.deadline_count,
                "deadline_anchor": row.deadline_anchor,
                "deadline_date": row.deadline_date,
                "deadline_quote": row.deadline_quote,
                "deadline_note": row.deadline_note,
            }
        )
        return cls(
            id=row.id,
            title=row.title,
            text=row.text,
            party=row.party,
            category=row.category,
            made_on=row.made_on,
            due_on=row.due_on,
            status=row.status,
            rule=rule.describe(),
            rule_kind=row.deadline_kind,
            rule_quote=row.deadline_quote,
            rule_note=row.deadline_note,
            occurrences=tuple(rule.occurrences()),
            notes=row.notes,
            sources=tuple(SourceView.of(s) for s in row.sources),
            evidence=tuple(EvidenceView.of(e) for e in row.evidence) if with_evidence else (),
            revision=row.revision,
            updated_at=row.updated_at,
            verification=row.verification,
            unverified=row.unverified,
        )

    @property
    def source_urls(self) -> list[str]:
        """Return the URLs of the sources, main source first (sources without a URL are left out)."""
        return [s.url for s in self.sources if s.url]

    def to_json(self) -> dict[str, Any]:
        """Return the list form: id, title, party, category, dates, status, sources, verification."""
        return {
            "id": self.id,
            "title": self.title,
            "party": self.party,
            "category": self.category,
            "made_on": _iso(self.made_on),
            "due_on": _iso(self.due_on),
            "status": self.status,
            "sources": self.source_urls,
            "verification": self.verification,
            "unverified": self.unverified,
        }

    def to_json_full(self) -> dict[str, Any]:
        """Return the list form plus the text, the rule, the source details and the evidence."""
        return {
            **self.to_json(),
            "text": self.text,
            "deadline": {
                "kind": self.rule_kind,
                "rule": self.rule,
                "quote": self.rule_quote,
                "note": self.rule_note,
                "occurrences": [_iso(d) for d in self.occurrences],
            },
            "notes": self.notes,
            "source_details": [s.to_json() for s in self.sources],
            "evidence": [e.to_json() for e in self.evidence],
            "revision": self.revision,
            "updated_at": _iso(self.updated_at),
        }


@dataclass(frozen=True)
class AuditView:
    """One audit entry."""

    id: int
    at: dt.datetime
    actor: str
    action: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    evidence_id: int | None
    note: str | None

    @classmethod
    def of(cls, row: AuditEntry) -> AuditView:
        """Return the view of a row."""
        return cls(row.id, row.at, row.actor, row.action, row.before, row.after, row.evidence_id, row.note)

    def to_json(self) -> dict[str, Any]:
        """Return a JSON-ready dict."""
        return {
            "id": self.id,
            "at": _iso(self.at),
            "by": self.actor,
            "action": self.action,
            "before": self.before,
            "after": self.after,
            "evidence_id": self.evidence_id,
            "note": self.note,
        }
