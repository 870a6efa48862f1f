"""A project's life under the MOU as a state machine with dates.

    proposed -> consultation -> selected (notice) -> funding due (notice + window)
             -> funded -> operating
             -> declined (after consulting the US) -> tariff consequence (scenario fund_decline)

Law: MOU investment selection (the Investment Committee consults the Consultation Committee
before recommending; the President selects), funding clause (Japan pays USD immediately
available funds on a date set in the notice, at least 45 business days after it:
``investment.funding.window_days`` and ``window_day_count``), decline clause (Japan may
decline after consulting the US; the US may then impose tariffs at the rate determined by the
President), commitment period (``investment.commitment.end_date``). Business days are US
federal business days (:mod:`goldenage.investment.calendar`, 5 U.S.C. 6103).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from enum import StrEnum

from goldenage.investment import calendar
from goldenage.investment.errors import LifecycleError
from goldenage.investment.inputs import choice
from goldenage.investment.terms import MOU_SIGNED, MouTerms, mou_terms
from goldenage.provenance.citation import Citation
from goldenage.tariffs.scenarios import Scenario, get_scenario

DECLINE_SCENARIO = "fund_decline"


class Stage(StrEnum):
    """The stages of a project."""

    PROPOSED = "proposed"
    CONSULTATION = "consultation"
    SELECTED = "selected"
    FUNDING_DUE = "funding_due"
    FUNDED = "funded"
    DECLINED = "declined"
    OPERATING = "operating"


ALLOWED: dict[Stage, tuple[Stage, ...]] = {
    Stage.PROPOSED: (Stage.CONSULTATION,),
    Stage.CONSULTATION: (Stage.SELECTED,),
    Stage.SELECTED: (Stage.FUNDED, Stage.DECLINED),
    Stage.FUNDED: (Stage.OPERATING,),
    Stage.DECLINED: (),
    Stage.OPERATING: (),
}


@dataclass(frozen=True)
class FundingWindow:
    """The earliest date on which Japan can be asked to fund, counted from a selection notice."""

    notice: dt.date
    days: int
    day_count: str
    earliest_funding: dt.date
    holidays_skipped: tuple[tuple[dt.date, str], ...]
    commitment_end: dt.date
    citations: tuple[Citation, ...]
    unverified: tuple[dict[str, str], ...] = ()

    @property
    def after_commitment_end(self) -> bool:
        """Return whether the earliest funding date falls after the commitment period."""
        return self.earliest_funding > self.commitment_end

    def to_json(self) -> dict:
        """Return the JSON form of ``goldenage invest notice``."""
        return {
            "notice_date": self.notice.isoformat(),
            "window_days": self.days,
            "day_count": self.day_count,
            "earliest_funding_date": self.earliest_funding.isoformat(),
            "calendar_days": (self.earliest_funding - self.notice).days,
            "holidays_skipped": [{"date": d.isoformat(), "name": n} for d, n in self.holidays_skipped],
            "commitment_end": self.commitment_end.isoformat(),
            "after_commitment_end": self.after_commitment_end,
            "citations": [c.to_json() for c in self.citations],
            "unverified": list(self.unverified),
        }


def funding_window(
    notice: dt.date, day_count: str | None = None, terms: MouTerms | None = None
) -> FundingWindow:
    """Return the funding window that a selection notice given on ``notice`` opens.

    ``day_count`` is ``business`` or ``calendar`` (default: the parameter's reading, business).
    Law: MOU funding clause; 5 U.S.C. 6103 for the federal holidays.
    """
    if notice < MOU_SIGNED:
        msg = f"a notice on {notice} is before the MOU was signed"
        field = "notice"
        raise LifecycleError(field, msg, f"a date from {MOU_SIGNED} on")
    terms = terms or mou_terms(notice)
    if notice > terms.commitment_end:
        msg = f"a notice on {notice} is after the end of the commitment period"
        field = "notice"
        raise LifecycleError(field, msg, f"a date on or before {terms.commitment_end}")
    count = choice(day_count or terms.funding_window_day_count, "--day-count", calendar.DAY_COUNTS)
    earliest, skipped = calendar.add_days(notice, terms.funding_window_days, count)
    names = ("funding.window_days", "funding.window_day_count", "commitment.end_date")
    cited = terms.cite(*names)
    if count == "business":
        cited += calendar.citations()
    return FundingWindow(
        notice=notice,
        days=terms.funding_window_days,
        day_count=count,
        earliest_funding=earliest,
        holidays_skipped=tuple(skipped),
        commitment_end=terms.commitment_end,
        citations=tuple(cited),
        unverified=tuple(terms.unverified(*names)),
    )


@dataclass(frozen=True)
class Event:
    """A stage entered on a date."""

    stage: Stage
    on: dt.date
    note: str | None = None


@dataclass(frozen=True)
class Lifecycle:
    """The dated history of one project; every step returns a new :class:`Lifecycle`."""

    name: str
    events: tuple[Event, ...]
    window: FundingWindow | None = None
    consulted_us_on: dt.date | None = None
    day_count: str | None = field(default=None, compare=False)

    @classmethod
    def propose(cls, name: str, on: dt.date, day_count: str | None = None) -> Lifecycle:
        """Start a project's life: proposed (e.g. on the Investment Committee's list) on ``on``."""
        return cls(name, (Event(Stage.PROPOSED, on),), day_count=day_count)

    @property
    def stage(self) -> Stage:
        """Return the last stage entered."""
        return self.events[-1].stage

    def _step(self, stage: Stage, on: dt.date, note: str | None = None) -> Lifecycle:
        last = self.events[-1]
        if stage not in ALLOWED[last.stage]:
            allowed = ", ".join(ALLOWED[last.stage]) or "nothing (final stage)"
            msg = f"{self.name}: cannot go from {last.stage} to {stage}"
            raise LifecycleError(stage.value, msg, f"from {last.stage}: {allowed}")
        if on < last.on:
            msg = f"{self.name}: {stage} on {on} is before {last.stage} on {last.on}"
            raise LifecycleError(stage.value, msg, f"a date on or after {last.on}")
        return replace(self, events=(*self.events, Event(stage, on, note)))

    def consult(self, on: dt.date) -> Lifecycle:
        """Record the Consultation Committee review (before the Investment Committee recommends).

        Law: MOU investment selection (the IC consults the CC before recommending).
        """
        return self._step(Stage.CONSULTATION, on)

    def select(self, notice: dt.date) -> Lifecycle:
        """Record the President's selection, notified to Japan on ``notice``.

        Law: MOU investment selection and funding clause (the notice opens the funding window).
        """
        window = funding_window(notice, self.day_count)
        note = f"funding due from {window.earliest_funding} ({window.days} {window.day_count} days)"
        return replace(self._step(Stage.SELECTED, notice, note), window=window)

    def fund(self, on: dt.date) -> Lifecycle:
        """Record that Japan pays the funds on ``on`` (not before the end of the window).

        Law: MOU funding clause ("on a date at least 45 business days after" the notice).
        """
        window = self._window("fund")
        if on < window.earliest_funding:
            msg = f"{self.name}: funding on {on} is inside the window opened by the notice of {window.notice}"
            field = "fund"
            raise LifecycleError(field, msg, f"a date on or after {window.earliest_funding}")
        return self._step(Stage.FUNDED, on)

    def decline(self, on: dt.date, consulted_us_on: dt.date | None) -> Lifecycle:
        """Record that Japan declines to fund on ``on``, having consulted the US on ``consulted_us_on``.

        Law: MOU decline clause (Japan may decline at its discretion after consulting the US).
        """
        window = self._window("decline")
        if consulted_us_on is None:
            msg = f"{self.name}: the MOU requires Japan to consult the US before declining"
            field = "decline"
            raise LifecycleError(field, msg, "the date of the consultation with the US")
        if not window.notice <= consulted_us_on <= on:
            msg = f"{self.name}: consultation on {consulted_us_on} is not between the notice and the decline"
            field = "decline"
            raise LifecycleError(field, msg, f"a date from {window.notice} to {on}")
        declined = self._step(Stage.DECLINED, on, f"tariff consequence: scenario {DECLINE_SCENARIO}")
        return replace(declined, consulted_us_on=consulted_us_on)

    def operate(self, on: dt.date) -> Lifecycle:
        """Record that the funded project starts operating (and distributing cash) on ``on``."""
        return self._step(Stage.OPERATING, on)

    def _window(self, step: str) -> FundingWindow:
        if self.window is None or self.stage != Stage.SELECTED:
            msg = f"{self.name}: {step} needs a selected project awaiting funding (stage {self.stage})"
            raise LifecycleError(step, msg, "a project selected by the President")
        return self.window

    def stage_on(self, day: dt.date) -> Stage | None:
        """Return the stage on ``day`` (``funding_due`` from the window's end until funded/declined)."""
        current: Stage | None = None
        for event in self.events:
            if event.on <= day:
                current = event.stage
        if current == Stage.SELECTED and self.window and day >= self.window.earliest_funding:
            return Stage.FUNDING_DUE
        return current

    def tariff_consequence(self) -> Scenario | None:
        """Return the tariff scenario a decline allows (``fund_decline``), or ``None``.

        Law: MOU decline clause; see ``data/scenarios/fund_decline.yaml`` for the modelled rates.
        """
        return get_scenario(DECLINE_SCENARIO) if self.stage == Stage.DECLINED else None
