"""The MOU's terms as cited parameters, read on a date.

Law: US-Japan strategic-investment MOU of 2025-09-04, cash-flow distribution clause (50/50
until the Deemed Allocation Amount is distributed to each party, then 90% US / 10% Japan),
the Deemed Allocation Amount definition (deemed interest), the funding clause (at least 45
business days after a selection notice) and the commitment period (until 2029-01-19, $550
billion). Every value is read from ``data/params/investment/`` with its citation.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from goldenage.errors import DataFileError
from goldenage.params import get
from goldenage.provenance.citation import Citation

P = "investment."
MOU_SIGNED = dt.date(2025, 9, 4)


@dataclass(frozen=True)
class Split:
    """Shares of distributable cash before and after the Deemed Allocation Amount (DAA) is reached.

    Law: MOU cash-flow distribution clause: phase 1 ``before_*`` (50/50) until Japan has
    received the DAA, phase 2 ``after_*`` (10% Japan / 90% US).
    """

    before_japan: float
    before_us: float
    after_japan: float
    after_us: float

    def __post_init__(self) -> None:
        for name, japan, us in (
            ("before", self.before_japan, self.before_us),
            ("after", self.after_japan, self.after_us),
        ):
            if not (0 < japan <= 1 and 0 <= us < 1 and math.isclose(japan + us, 1.0)):
                msg = f"the {name}-DAA shares must be in (0, 1] and add up to 1, got {japan} + {us}"
                raise DataFileError(msg)


@dataclass(frozen=True)
class MouTerms:
    """The MOU's terms in force on ``on``, each with its citation."""

    on: dt.date
    split: Split
    total_commitment_usd: float
    commitment_end: dt.date
    funding_window_days: int
    funding_window_day_count: str
    deemed_interest_basis: str
    citations: dict[str, Citation]

    def cite(self, *names: str) -> list[Citation]:
        """Return the citations of the named terms (parameter ids without ``investment.``)."""
        return [self.citations[name] for name in names]

    def unverified(self, *names: str) -> list[dict[str, str]]:
        """Return, for each named term whose citation says so, what could not be verified.

        Each item is ``{"term": name, "unverified": text}`` (the citation's ``unverified``).
        """
        return [
            {"term": name, "unverified": " ".join(text.split())}
            for name in names
            if (text := self.citations[name].unverified)
        ]


TERM_IDS = (
    "split.before_daa_japan_share",
    "split.before_daa_us_share",
    "split.after_daa_japan_share",
    "split.after_daa_us_share",
    "commitment.total_usd",
    "commitment.end_date",
    "funding.window_days",
    "funding.window_day_count",
    "deemed_interest.basis",
)


def mou_terms(on: dt.date | None = None) -> MouTerms:
    """Return the MOU's terms in force on ``on`` (default: the signing date, 2025-09-04)."""
    day = on or MOU_SIGNED
    periods = {name: get(P + name).period_at(day) for name in TERM_IDS}
    value = {name: period.value for name, period in periods.items()}
    split = Split(
        before_japan=value["split.before_daa_japan_share"],
        before_us=value["split.before_daa_us_share"],
        after_japan=value["split.after_daa_japan_share"],
        after_us=value["split.after_daa_us_share"],
    )
    return MouTerms(
        on=day,
        split=split,
        total_commitment_usd=value["commitment.total_usd"],
        commitment_end=value["commitment.end_date"],
        funding_window_days=value["funding.window_days"],
        funding_window_day_count=value["funding.window_day_count"],
        deemed_interest_basis=value["deemed_interest.basis"],
        citations={name: period.reference for name, period in periods.items()},
    )
