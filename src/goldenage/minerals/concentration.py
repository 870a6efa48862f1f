"""Concentration of each stage of the rare-earth chain: Herfindahl-Hirschman index and top share.

HHI = 10,000 x sum_i s_i^2 over country shares s_i (so 10,000 is one country, as in the US
merger guidelines' scale). ``shares.csv`` keeps each source's basis (USGS mine production,
IEA refining shares, ...) and edition apart: one HHI per (stage, element group, basis, year,
edition); bases are never mixed. A bucket row (``OTHER``, a region such as ``EUR``, or a list
``MYS+AUS``) hides how its share splits, so two values are given: ``hhi`` counts each bucket as
one supplier (an upper bound, as in the reference's test vectors) and ``hhi_min`` splits a list
bucket evenly over its countries and an unknown bucket into infinitely many (a lower bound).

After projects: announced projects of ``projects.csv`` whose ``share_basis`` is a tonnage basis
of ``shares.csv`` are added to their country, if online by the target year (dates from the data).
Share-only bases cannot take tonnages; they are reported as such.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from goldenage.errors import InputError
from goldenage.minerals.shipped import project_rows
from goldenage.minerals.tables import ProjectRow, ShareRow, table

_COUNTRY = re.compile(r"^[A-Z]{3}$")


def hhi(values: Sequence[float]) -> float:
    """Return the HHI (0-10,000) of non-negative ``values`` (tonnes or shares)."""
    total = float(sum(values))
    if total <= 0:
        msg = "HHI of an empty or all-zero market"
        raise ValueError(msg)
    return 10_000.0 * sum((v / total) ** 2 for v in values)


def _bucket_size(country: str) -> int | None:
    """Return 1 for a country, k for a list of k countries, ``None`` for an unknown bucket."""
    if _COUNTRY.match(country):
        return 1
    if "+" in country:
        return len(country.split("+"))
    return None


@dataclass(frozen=True)
class Concentration:
    """Concentration of one (stage, element group, basis, year, edition) group."""

    stage: str
    element_group: str
    basis: str
    year: int
    edition: str
    unit: str
    values: dict[str, float]
    sources: tuple[str, ...]
    projects: tuple[str, ...] = field(default=())
    target_year: int | None = None

    @property
    def total(self) -> float:
        """Return the sum of the values (1.0 for a share basis)."""
        return float(sum(self.values.values()))

    @property
    def hhi(self) -> float:
        """Return the HHI with each bucket counted as one supplier (upper bound)."""
        return hhi(list(self.values.values()))

    @property
    def hhi_min(self) -> float:
        """Return the HHI with buckets split as finely as their label allows (lower bound)."""
        total = self.total
        squares = 0.0
        for country, value in self.values.items():
            size = _bucket_size(country)
            if size is not None:
                squares += size * (value / total / size) ** 2
        return 10_000.0 * squares

    @property
    def top(self) -> tuple[str, float]:
        """Return the single country with the largest share, and that share."""
        countries = {c: v for c, v in self.values.items() if _COUNTRY.match(c)}
        country = max(countries, key=countries.__getitem__)
        return country, countries[country] / self.total

    def share(self, country: str) -> float:
        """Return the share of ``country`` (0 if absent)."""
        return self.values.get(country, 0.0) / self.total

    def to_json(self) -> dict[str, object]:
        """Return a JSON-ready dict."""
        top, top_share = self.top
        return {
            "stage": self.stage,
            "element_group": self.element_group,
            "basis": self.basis,
            "year": self.year,
            "edition": self.edition,
            "unit": self.unit,
            "total": self.total,
            "hhi": self.hhi,
            "hhi_min": self.hhi_min,
            "top_country": top,
            "top_share": top_share,
            "china_share": self.share("CHN"),
            "countries": len(self.values),
            "projects": list(self.projects),
            "target_year": self.target_year,
            "sources": list(self.sources),
        }


def share_rows() -> tuple[ShareRow, ...]:
    """Return the rows of ``shares.csv``."""
    return table("shares.csv", ShareRow)


STAGES = ("mine", "separation", "metal_alloy", "magnet")
ELEMENT_GROUPS = ("all", "light", "heavy")


def concentrations(stage: str | None = None, element_group: str | None = None) -> list[Concentration]:
    """Return one :class:`Concentration` per group of ``shares.csv``, optionally filtered.

    An unknown ``stage`` or ``element_group`` raises :class:`InputError` (``--stage``, ``--group``).
    """
    if stage is not None and stage not in STAGES:
        field = "--stage"
        msg = f"unknown stage {stage!r}"
        raise InputError(field, msg, "one of " + ", ".join(STAGES))
    if element_group is not None and element_group not in ELEMENT_GROUPS:
        field = "--group"
        msg = f"unknown element group {element_group!r}"
        raise InputError(field, msg, "all, light or heavy")
    groups: dict[tuple[str, str, str, int, str, str], dict[str, float]] = defaultdict(dict)
    cited: dict[tuple[str, str, str, int, str, str], set[str]] = defaultdict(set)
    for row in share_rows():
        if (stage and row.stage != stage) or (element_group and row.element_group != element_group):
            continue
        key = (row.stage, row.element_group, row.basis, row.year, row.edition, row.unit)
        groups[key][row.country] = groups[key].get(row.country, 0.0) + row.value
        cited[key].add(row.source_id)
    return [
        Concentration(s, g, b, y, e, u, values, tuple(sorted(cited[(s, g, b, y, e, u)])))
        for (s, g, b, y, e, u), values in sorted(groups.items())
    ]


@dataclass(frozen=True)
class NotComputable:
    """A group whose after-projects concentration cannot be computed, and why."""

    base: Concentration
    reason: str

    def to_json(self) -> dict[str, object]:
        """Return a JSON-ready dict."""
        return {**self.base.to_json(), "after_projects": None, "reason": self.reason}


def after_projects(
    target_year: int, projects: Iterable[ProjectRow] | None = None
) -> list[Concentration | NotComputable]:
    """Return each group's concentration after the projects online by ``target_year``.

    Only the latest year of each (stage, group, basis) is used as the base; tonnage bases take
    the projects whose ``share_basis`` matches, share bases are :class:`NotComputable`.
    """
    chosen = list(projects) if projects is not None else list(project_rows())
    latest: dict[tuple[str, str, str], Concentration] = {}
    for group in concentrations():
        key = (group.stage, group.element_group, group.basis)
        if key not in latest or (group.year, group.edition) > (latest[key].year, latest[key].edition):
            latest[key] = group
    out: list[Concentration | NotComputable] = []
    for base in latest.values():
        if base.unit == "share":
            reason = "shares only: no tonnage to add projects to"
            out.append(NotComputable(base, reason))
            continue
        values = dict(base.values)
        used = []
        for project in chosen:
            if project.share_basis != base.basis or project.stage != base.stage:
                continue
            if project.online_year is None or project.online_year > target_year:
                continue
            values[project.country] = values.get(project.country, 0.0) + project.adds
            used.append(project.project_id)
        out.append(
            Concentration(
                base.stage,
                base.element_group,
                base.basis,
                base.year,
                base.edition,
                base.unit,
                values,
                base.sources,
                tuple(used),
                target_year,
            )
        )
    return out
