"""Announced projects under the MOU and their totals against the $550 billion commitment.

Law: MOU preamble and commitment period (``investment.commitment.total_usd``); the projects
come from press and fact-sheet sources cited per row in ``data/investment/projects.yaml``.
Only ``selected`` projects count as used; ``candidate``, ``floated`` (reported as under
discussion, not put forward) and ``expressed_interest`` amounts are shown apart (interest is
not a commitment and the lists overlap). Every row says how well it is verified
(``verification``) and what could not be verified (``unverified``); every source when it was
read (``retrieved``); the file its edition and as-of date (``dataset``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, HttpUrl, model_validator

from goldenage.investment.datafile import load
from goldenage.investment.terms import MouTerms, mou_terms
from goldenage.params.schema import parse_iso_date
from goldenage.provenance.dataset import DatasetMetadata

Status = Literal["selected", "candidate", "floated", "expressed_interest"]
STATUSES: tuple[Status, ...] = ("selected", "candidate", "floated", "expressed_interest")
Basis = Literal["reported", "approximate", "up_to", "unverified", "not_reported"]
ESTIMATED: frozenset[str] = frozenset({"approximate", "up_to", "unverified", "not_reported"})
Verification = Literal["verified", "partly_verified", "unverified"]


class Source(BaseModel):
    """A source that several rows cite by label: what it is, its date and when it was read."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    title: str
    href: HttpUrl
    published: dt.date
    retrieved: dt.date
    note: str | None = None

    @model_validator(mode="after")
    def _read_after_published(self) -> Source:
        if self.retrieved < self.published:
            msg = f"retrieved {self.retrieved} is before published {self.published}"
            raise ValueError(msg)
        return self


class Tranche(BaseModel):
    """A tranche total as announced."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    tranche: int
    announced: str
    amount_usd: float
    basis: Basis
    sources: list[str]
    note: str | None = None
    unverified: str | None = Field(default=None, min_length=5)


class Project(BaseModel):
    """One announced project (or line of the company-interest list)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[a-z0-9-]+$")
    project: str
    sponsor: str | None
    states: list[str]
    sector: str
    amount_usd: float | None = Field(ge=0)
    amount_basis: Basis
    announced: str
    status: Status
    tranche: int | None
    sources: list[str] = Field(min_length=1)
    notes: str | None
    verification: Verification
    unverified: str | None = Field(default=None, min_length=5)

    @model_validator(mode="after")
    def _consistent(self) -> Project:
        parse_iso_date(self.announced)
        if (self.amount_usd is None) != (self.amount_basis == "not_reported"):
            msg = f"{self.id}: amount_usd is null exactly when amount_basis is not_reported"
            raise ValueError(msg)
        if (self.verification == "verified") != (self.unverified is None):
            msg = f"{self.id}: say what could not be verified ('unverified') exactly when not 'verified'"
            raise ValueError(msg)
        return self

    @property
    def estimated(self) -> bool:
        """Return whether the amount is approximate, an upper bound, unverified or missing."""
        return self.amount_basis in ESTIMATED


class ProjectFile(BaseModel):
    """The content of ``projects.yaml``."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    description: str
    dataset: DatasetMetadata
    sources: dict[str, Source]
    tranches: list[Tranche]
    projects: list[Project] = Field(min_length=1)

    @model_validator(mode="after")
    def _cited(self) -> ProjectFile:
        ids = [p.id for p in self.projects]
        if len(ids) != len(set(ids)):
            msg = "project ids must be unique"
            raise ValueError(msg)
        for label in [s for p in self.projects for s in p.sources] + [
            s for t in self.tranches for s in t.sources
        ]:
            if label not in self.sources:
                msg = f"source {label!r} is not defined under sources"
                raise ValueError(msg)
        newest = max(source.published for source in self.sources.values())
        if newest != self.dataset.newest_source:
            msg = f"dataset.newest_source is {self.dataset.newest_source}, the newest source is {newest}"
            raise ValueError(msg)
        return self

    @property
    def as_of(self) -> str:
        """Return the date to which the projects were checked against the sources (YYYY-MM-DD)."""
        return self.dataset.as_of.isoformat()


@cache
def project_file() -> ProjectFile:
    """Return the shipped dataset (``data/investment/projects.yaml``)."""
    return load("projects.yaml", ProjectFile)


@dataclass(frozen=True)
class Totals:
    """Amounts by status against the commitment."""

    commitment_usd: float
    by_status: dict[str, float]
    unpriced: dict[str, int]
    terms: MouTerms

    @property
    def selected_share(self) -> float:
        """Return the selected amount as a share of the commitment."""
        return self.by_status["selected"] / self.commitment_usd

    @property
    def remaining_usd(self) -> float:
        """Return the commitment not yet taken by selected projects."""
        return self.commitment_usd - self.by_status["selected"]

    def to_json(self) -> dict[str, Any]:
        """Return the totals as JSON."""
        return {
            "commitment_usd": self.commitment_usd,
            "commitment_end": self.terms.commitment_end.isoformat(),
            "selected_usd": self.by_status["selected"],
            "selected_share": self.selected_share,
            "remaining_usd": self.remaining_usd,
            "candidate_usd": self.by_status["candidate"],
            "floated_usd": self.by_status["floated"],
            "expressed_interest_usd": self.by_status["expressed_interest"],
            "projects_without_amount": self.unpriced,
            "citations": [
                c.to_json() for c in self.terms.cite("commitment.total_usd", "commitment.end_date")
            ],
        }


def totals(projects: list[Project], on: dt.date | None = None) -> Totals:
    """Sum the amounts of ``projects`` by status against the $550 billion commitment.

    Law: MOU preamble ($550 billion), commitment period.
    """
    terms = mou_terms(on)
    by_status = dict.fromkeys(STATUSES, 0.0)
    unpriced = dict.fromkeys(STATUSES, 0)
    for project in projects:
        if project.amount_usd is None:
            unpriced[project.status] += 1
        else:
            by_status[project.status] += project.amount_usd
    return Totals(terms.total_commitment_usd, by_status, unpriced, terms)


def project_json(project: Project, sources: dict[str, Source]) -> dict[str, Any]:
    """Return one project as JSON, its sources resolved."""
    data = project.model_dump()
    data["estimated"] = project.estimated
    data["sources"] = [
        {
            "label": label,
            "title": sources[label].title,
            "href": str(sources[label].href),
            "published": sources[label].published.isoformat(),
            "retrieved": sources[label].retrieved.isoformat(),
        }
        for label in project.sources
    ]
    return data
