"""The state the vectorised rules share while they are applied in order of precedence."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import numpy as np

from goldenage.tariffs.kernel.column1 import Column1
from goldenage.tariffs.kernel.context import Context, ParamVector

# How a component is computed (for its rate text and its JSON fields). SPECIFIC: ``rate`` US
# dollars per ``label`` (a unit) times ``base``, the quantity in that unit.
ADDITIONAL, FLOOR_AT_OR_ABOVE, FLOOR_BELOW, EXEMPT, SPECIFIC = 1, 2, 3, 4, 5


class _Sink:
    """Takes writes and keeps nothing: the details of an outcome evaluated for its amounts only."""

    def __setitem__(self, rows: object, values: object) -> None:
        pass

    def __getitem__(self, rows: object) -> object:
        msg = "this outcome was evaluated for its amounts only (details=False)"
        raise LookupError(msg)


_SINK: Any = _Sink()


@dataclass
class Outcome:
    """What one authority decided for every row.

    ``reason`` indexes the module's ``REASONS``; ``kind`` is 0 where the authority adds no
    component; ``cite`` names the parameter whose period cites the component or decision.
    """

    n: int
    details: bool = True  # False: headings, citations, rates, bases and labels are not kept
    amount: np.ndarray = field(init=False)  # float64; NaN = no component
    heading: np.ndarray = field(init=False)  # object
    reason: np.ndarray = field(init=False)  # int16
    applied: np.ndarray = field(init=False)  # bool
    kind: np.ndarray = field(init=False)  # int8
    rate: np.ndarray = field(init=False)  # float64: additional rate or inclusive total
    base: np.ndarray = field(init=False)  # float64: value the rate is charged on
    cite: np.ndarray = field(init=False)  # object: parameter id
    label: np.ndarray = field(init=False)  # object: what a partial base is ("steel content")

    def __post_init__(self) -> None:
        n = self.n
        self.amount = np.full(n, np.nan)
        self.reason = np.zeros(n, dtype=np.int16)
        self.applied = np.zeros(n, dtype=bool)
        self.kind = np.zeros(n, dtype=np.int8)
        if not self.details:
            self.heading = self.rate = self.base = self.cite = self.label = _SINK
            return
        self.heading = np.empty(n, dtype=object)  # filled with None
        self.rate = np.full(n, np.nan)
        self.base = np.full(n, np.nan)
        self.cite = np.empty(n, dtype=object)  # filled with None
        self.label = np.empty(n, dtype=object)  # filled with None

    def decide(self, rows: np.ndarray, reason: int, applied: bool = False, cite: str | None = None) -> None:
        """Record a decision without a component."""
        self.reason[rows] = reason
        self.applied[rows] = applied
        if cite is not None:
            self.cite[rows] = cite


@dataclass
class State:
    """Column 1 and the Section 232 outcome that the later layers read."""

    ctx: Context
    mfn: Column1
    s232: np.ndarray  # object: name of the Section 232 program that applied, or None
    s232_excluded: np.ndarray  # float64: value the program removes from the blanket layers
    civil_aircraft_exempt: np.ndarray  # bool
    s232_blanket: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=bool))  # bool, see set_s232
    outcomes: dict[str, Outcome] = field(default_factory=dict)
    details: bool = True  # keep headings, citations and bases (False: amounts only)
    defaults: list[tuple[str, np.ndarray, dict[str, np.ndarray], tuple[str, ...]]] = field(
        default_factory=list
    )
    notes: list[tuple[str, np.ndarray]] = field(default_factory=list)

    def __post_init__(self) -> None:
        if len(self.s232_blanket) != self.n:
            self.s232_blanket = np.zeros(self.n, dtype=bool)

    @property
    def n(self) -> int:
        """Return the number of rows."""
        return len(self.ctx.frame)

    @cached_property
    def ave(self) -> np.ndarray:
        """Return the column 1 ad valorem equivalent of every row (duty / customs value).

        The AVE of a purely ad valorem rate is the rate itself (not the rounded duty divided
        by the value); for specific and compound rates it is the duty over the customs value.

        Law: U.S. notes 2(v)(xix), 33(m), 52(k) to subchapter III (floors compare the AVE).
        """
        rate = self.mfn.ad_valorem_rate
        return np.where(np.isnan(rate), self.mfn.amount / self.ctx.frame.value, rate)

    def outcome(self, authority: str) -> Outcome:
        """Return (creating it) the outcome of one authority."""
        if authority not in self.outcomes:
            self.outcomes[authority] = Outcome(self.n, self.details)
        return self.outcomes[authority]

    def default(
        self, rows: np.ndarray, message: str, scaled: tuple[str, ...] = (), **values: np.ndarray
    ) -> None:
        """Record that ``rows`` used a documented default; ``message`` may name ``values``.

        ``scaled`` names the values that are money, proportional to the customs value (a
        result rendered from rates per dollar multiplies them by the value: :mod:`.render`).
        """
        if rows.any():
            self.defaults.append((message, rows.copy(), values, scaled))

    def note(self, rows: np.ndarray, message: str) -> None:
        """Record a note of the output for ``rows`` (a reading or a provisional fact, not a default)."""
        if self.details and rows.any():
            self.notes.append((message, rows.copy()))

    def undecided(self) -> np.ndarray:
        """Return the rows still computable (not failed)."""
        return ~self.ctx.frame.failed

    def open_rows(self) -> np.ndarray:
        """Return the computable rows that no Section 232 program has taken yet."""
        return self.undecided() & np.equal(self.s232, None)

    def set_s232(
        self, rows: np.ndarray, program: str, excluded: np.ndarray | float, blanket: np.ndarray | bool = True
    ) -> None:
        """Record that a Section 232 program applied to ``rows``.

        ``excluded`` is the value the program removes from the blanket layers and ``blanket``
        whether its goods are excluded from them at all (IEEPA 9903.01.33, Section 122
        9903.03.06, Section 301 9903.05.90): true for the programs those notes list (U.S. notes
        2(v), 2(aa)(v), 52(f)); a program they do not list passes false and excludes nothing.
        """
        self.s232[rows] = program
        self.s232_excluded[rows] = excluded[rows] if isinstance(excluded, np.ndarray) else excluded
        self.s232_blanket[rows] = blanket[rows] if isinstance(blanket, np.ndarray) else blanket

    def blanket_excluded(self) -> np.ndarray:
        """Return the rows whose Section 232 program excludes them from the blanket layers."""
        return np.not_equal(self.s232, None) & self.s232_blanket


def additional(  # noqa: PLR0913
    state: State,
    out: Outcome,
    rows: np.ndarray,
    rate: ParamVector,
    heading: ParamVector | np.ndarray,
    base: np.ndarray | None = None,
    label: str | None = None,
) -> None:
    """Charge ``rate x base`` (base: the customs value unless given, described by ``label``)."""
    index = np.flatnonzero(rows)
    if not index.size:
        return
    charged = (state.ctx.frame.value if base is None else base)[index]
    if label is not None:
        out.label[index] = label
    rates = rate.at(index)
    out.amount[index] = rates * charged
    out.heading[index] = heading.at(index) if isinstance(heading, ParamVector) else heading[index]
    out.kind[index] = ADDITIONAL
    out.rate[index] = rates
    out.base[index] = charged
    out.applied[index] = True
    out.cite[index] = rate.parameter.id


def inclusive_floor(  # noqa: PLR0913
    state: State,
    out: Outcome,
    rows: np.ndarray,
    floor: ParamVector,
    at_or_above: ParamVector,
    below: ParamVector,
    base: np.ndarray | None = None,
    label: str | None = None,
) -> None:
    """Charge an all-inclusive rate: column 1 plus this duty total ``floor``.

    At or above the floor (column 1 AVE >= floor) nothing is added, under the "at or above"
    heading; below it ``(floor - AVE) x base`` under the "below" heading.

    Law: EO 14345 (9903.02.72/.73, 9903.94.40-.43); Proc. 10976 (9903.76.21); U.S. notes
    2(v)(xix), 33(m), 52(k).
    """
    index = np.flatnonzero(rows)
    if not index.size:
        return
    charged = (state.ctx.frame.value if base is None else base)[index]
    if label is not None:
        out.label[index] = label
    ave = state.ave[index]
    total = floor.at(index)
    at_or_over = ave >= total
    high, low = index[at_or_over], index[~at_or_over]
    out.amount[high] = 0.0
    out.heading[high] = at_or_above.at(high)
    out.kind[high] = FLOOR_AT_OR_ABOVE
    out.amount[low] = ((total - ave) * charged)[~at_or_over]
    out.heading[low] = below.at(low)
    out.kind[low] = FLOOR_BELOW
    out.rate[index] = total
    out.base[index] = charged
    out.applied[index] = True
    out.cite[index] = floor.parameter.id


def exempt(out: Outcome, rows: np.ndarray, heading: ParamVector, reason: int) -> None:
    """Report ``rows`` under an exemption heading with no duty."""
    rows = np.flatnonzero(rows)
    if not rows.size:
        return
    out.amount[rows] = 0.0
    out.heading[rows] = heading.at(rows)
    out.kind[rows] = EXEMPT
    out.reason[rows] = reason
    out.cite[rows] = heading.parameter.id
