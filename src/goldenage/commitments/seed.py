"""The seed dataset: ``data/commitments/commitments.yaml``, read strictly and checked.

Every commitment names its sources (keys of the file's ``sources``; at least one with a URL and
a date), a party made of known party keys joined by ``+``, a known category, the date it was
made, a deadline rule and how well it is verified (``verification``, with ``unverified`` saying
what could not be verified); the due date is computed from the rule here, never read from the
file. Every source says when it was read (``retrieved``); the file says its edition and as-of
date (``dataset``, :mod:`goldenage.provenance.dataset`).
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, HttpUrl, field_validator, model_validator

from goldenage.commitments.datafile import commitments_data_dir, read_model
from goldenage.commitments.models import VERIFICATIONS
from goldenage.commitments.rules import RuleBase, parse_rule, rule_to_row
from goldenage.commitments.statuses import STATUS_NAMES
from goldenage.provenance.citation import Citation
from goldenage.provenance.dataset import DatasetMetadata

SEED_FILE = "commitments.yaml"
ID_PATTERN = r"^[A-Z]{2,6}-[0-9]{2}[A-Z]?$"


def _one_of(value: str, names: tuple[str, ...], what: str) -> str:
    """Return ``value`` if it is one of ``names``, else raise a ValueError naming them."""
    if value not in names:
        msg = f"unknown {what} {value!r} (expected one of {', '.join(names)})"
        raise ValueError(msg)
    return value


class SeedSource(BaseModel):
    """A cited document: the title and date of the document, and where it was read."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    title: str = Field(min_length=3, max_length=400)
    publisher: str = Field(min_length=2, max_length=200)
    published: dt.date | None
    retrieved: dt.date
    url: HttpUrl | None = None
    other_urls: tuple[HttpUrl, ...] = ()
    via: str | None = None
    note: str | None = None

    @model_validator(mode="after")
    def _locatable(self) -> SeedSource:
        if self.url is None and not self.note:
            msg = "a source without 'url' needs a 'note' saying where it is"
            raise ValueError(msg)
        if self.published is not None and self.retrieved < self.published:
            msg = f"retrieved {self.retrieved} is before published {self.published}"
            raise ValueError(msg)
        return self


class SeedEvidence(BaseModel):
    """Evidence shipped with the seed: a dated item from one of the file's sources."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    date: dt.date
    source: str
    summary: str = Field(min_length=10)
    effect: str | None = None
    corrects: str | None = Field(default=None, min_length=10)
    """The summary of an earlier seed item of the same commitment that this item corrects."""

    @field_validator("effect")
    @classmethod
    def _known_status(cls, value: str | None) -> str | None:
        return None if value is None else _one_of(value, STATUS_NAMES, "status")


class SeedCommitment(BaseModel):
    """One commitment of the seed file."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=ID_PATTERN)
    title: str = Field(min_length=5, max_length=200)
    text: str = Field(min_length=20)
    party: str
    category: str
    made_on: dt.date
    sources: tuple[str, ...] = Field(min_length=1)
    deadline: dict[str, Any]
    status: str
    verification: str
    unverified: str | None = Field(default=None, min_length=5)
    notes: str | None = None
    evidence: tuple[SeedEvidence, ...] = ()

    @field_validator("verification")
    @classmethod
    def _known_verification(cls, value: str) -> str:
        return _one_of(value, VERIFICATIONS, "verification")

    @model_validator(mode="after")
    def _says_what_is_unverified(self) -> SeedCommitment:
        if (self.verification == "verified") != (self.unverified is None):
            msg = "say what could not be verified ('unverified') exactly when verification is not 'verified'"
            raise ValueError(msg)
        return self

    @field_validator("status")
    @classmethod
    def _known_status(cls, value: str) -> str:
        return _one_of(value, STATUS_NAMES, "status")

    @field_validator("deadline")
    @classmethod
    def _valid_rule(cls, value: dict[str, Any]) -> dict[str, Any]:
        parse_rule(value)
        return value

    def rule(self) -> RuleBase:
        """Return the deadline rule, anchored on the date made unless it names its own ``from``."""
        return parse_rule(self.deadline).anchored(self.made_on)


class SeedFile(BaseModel):
    """The whole seed file, with the cross-reference checks."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    description: str
    dataset: DatasetMetadata
    reference: tuple[Citation, ...] = Field(min_length=1)
    parties: dict[str, str] = Field(min_length=1)
    categories: dict[str, str] = Field(min_length=1)
    sources: dict[str, SeedSource] = Field(min_length=1)
    commitments: tuple[SeedCommitment, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _cross_references(self) -> SeedFile:
        problems: list[str] = []
        seen: set[str] = set()
        for item in self.commitments:
            problems += [f"{item.id}: {p}" for p in self._check(item)]
            if item.id in seen:
                problems.append(f"{item.id}: duplicate id")
            seen.add(item.id)
        newest = max(s.published for s in self.sources.values() if s.published is not None)
        if newest != self.dataset.newest_source:
            stated = self.dataset.newest_source
            problems.append(f"dataset.newest_source is {stated}, the newest source is {newest}")
        late = sorted(key for key, s in self.sources.items() if s.retrieved > self.dataset.as_of)
        if late:
            problems.append(f"sources read after dataset.as_of ({self.dataset.as_of}): {', '.join(late)}")
        if problems:
            raise ValueError("; ".join(problems))
        return self

    def _check(self, item: SeedCommitment) -> list[str]:
        problems = [f"unknown party {p!r}" for p in item.party.split("+") if p not in self.parties]
        if item.category not in self.categories:
            problems.append(f"unknown category {item.category!r}")
        problems += [f"unknown source {key!r}" for key in item.sources if key not in self.sources]
        cited = [self.sources[key] for key in item.sources if key in self.sources]
        if not any(s.url is not None and s.published is not None for s in cited):
            problems.append("needs at least one source with a url and a published date")
        summaries = {ev.summary for ev in item.evidence}
        for number, ev in enumerate(item.evidence, start=1):
            source = self.sources.get(ev.source)
            if source is None or source.url is None:
                problems.append(f"evidence {number}: source {ev.source!r} unknown or without url")
            if ev.date < item.made_on:
                problems.append(f"evidence {number}: dated {ev.date} before the commitment ({item.made_on})")
            if ev.corrects is not None and ev.corrects in summaries:
                problems.append(f"evidence {number}: corrects an item still in the file (remove that item)")
        due = item.rule().due_date()
        if due is not None and due < item.made_on:
            problems.append(f"deadline {due} is before the date made {item.made_on}")
        return problems


@cache
def load_seed() -> SeedFile:
    """Return the shipped seed dataset, validated."""
    return read_model(commitments_data_dir() / SEED_FILE, SeedFile)


def commitment_row(item: SeedCommitment) -> dict[str, Any]:
    """Return the seed-owned columns of a commitment, with the due date computed from the rule."""
    rule = item.rule()
    return {
        "id": item.id,
        "title": item.title,
        "text": item.text,
        "party": item.party,
        "category": item.category,
        "made_on": item.made_on,
        **rule_to_row(rule),
        "due_on": rule.due_date(),
        "notes": item.notes,
        "verification": item.verification,
        "unverified": item.unverified,
    }


def source_row(key: str, source: SeedSource) -> dict[str, Any]:
    """Return the columns of a source."""
    return {
        "key": key,
        "title": source.title,
        "publisher": source.publisher,
        "published": source.published,
        "url": str(source.url) if source.url else None,
        "other_urls": [str(u) for u in source.other_urls],
        "via": source.via,
        "note": source.note,
        "retrieved": source.retrieved,
    }
