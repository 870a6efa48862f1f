"""Which importer declarations would change the answer for one entry line, and to what.

A broker reading an entry line must see at once when the duty rests on a fact only the importer
knows: 8411.91.90.85 (turbine parts) pays 0 or 10% under Section 122 depending on civil-aircraft
use. :func:`evaluate_declaration_effects` (called by
:func:`goldenage.tariffs.calc.declarations_that_change_this`) tries every declaration of the registry
(:data:`~goldenage.tariffs.declarations.REGISTRY`) on the line, one at a time, at each of its
alternative values: the other value of a flag, each answer or choice, for a date each loading
cut-off of the in-transit clauses open on the entry date (the day before it) and the entry date
itself, for an amount nothing and the whole customs value. All the alternatives are evaluated
in one frame. It returns the declarations for which some alternative gives another duty, each
with the duty and rate under every alternative tried. The web calculator calls it per line and
date to build its declaration form; the CLI and the API print it with the result.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import numpy as np

from goldenage.tariffs.declarations import REGISTRY, Declaration, Declarations
from goldenage.tariffs.kernel.engine import evaluate, totals
from goldenage.tariffs.kernel.frame import EntryFrame
from goldenage.tariffs.law import Law


@dataclass(frozen=True)
class Alternative:
    """The answer under one value of a declaration."""

    value: str  # as a user would type it (--option VALUE); "" for a flag's presence
    shown: str  # what the value means, for people ("declared", "yes", "$0.00", "2025-08-06")
    duty_total: float | None  # None when the rules refuse the entry with that value
    duty_rate: float | None
    error: str | None = None

    def to_json(self) -> dict[str, Any]:
        """Return the alternative as JSON-ready data."""
        return {
            "value": self.value,
            "shown": self.shown,
            "duty_total": self.duty_total,
            "duty_rate": self.duty_rate,
            "error": self.error,
        }


@dataclass(frozen=True)
class DeclarationEffect:
    """A declaration that changes the answer for the line, with the answer under each value."""

    name: str
    option: str
    explanation: str
    default: str  # what the answer assumes when the fact is not declared
    current: str | None  # the value declared for this answer, or None (the default)
    duty_total: float  # the answer as computed
    alternatives: tuple[Alternative, ...]

    def to_json(self) -> dict[str, Any]:
        """Return the effect as JSON-ready data."""
        return {
            "name": self.name,
            "option": self.option,
            "explanation": self.explanation,
            "default": self.default,
            "current": self.current,
            "duty_total": self.duty_total,
            "alternatives": [a.to_json() for a in self.alternatives],
        }


def _typed(declaration: Declaration, value: Any) -> str:
    if value is None:
        return ""
    if declaration.kind == "flag":
        return "true" if value else ""  # a flag not given is the flag not declared
    if declaration.kind == "yes_no":
        return "yes" if value else "no"
    if declaration.kind == "amount":
        return f"{value:.2f}"
    return str(value)


def _shown(declaration: Declaration, value: Any) -> str:
    if value is None:
        return "not declared"
    if declaration.kind == "flag":
        return "declared" if value else "not declared"
    if declaration.kind == "amount":
        return f"${value:,.2f}"
    return _typed(declaration, value)


def _candidates(declaration: Declaration, current: Any, on: dt.date, value: float, law: Law) -> list[Any]:
    """Return the values of ``declaration`` to try (never the current one)."""
    if declaration.kind == "flag":
        tried: list[Any] = [not current]
    elif declaration.kind == "yes_no":
        tried = [True, False]
    elif declaration.kind == "choice":
        tried = list(declaration.choices)
    elif declaration.kind == "amount":
        tried = [0.0, value]
    else:
        tried = [*_cutoff_days(declaration, on, law), on]
    if current is not None and declaration.kind != "flag":
        tried = [None, *tried]
    return [t for t in dict.fromkeys(tried) if t != current]


def _cutoff_days(declaration: Declaration, on: dt.date, law: Law) -> list[dt.date]:
    """Return, for a date declaration, the day before each cut-off compared with it on ``on``."""
    from goldenage.params import parameters  # noqa: PLC0415

    days = set()
    suffixes = tuple((declaration.compared_with or "").split("|"))
    for base in parameters():
        if base.id.endswith(suffixes):
            cut = law.value(base.id, on)
            if isinstance(cut, dt.date) and cut <= on:
                days.add(cut - dt.timedelta(days=1))
    return sorted(days)


def evaluate_declaration_effects(  # noqa: PLR0913 - the entry line as duty() takes it
    code: str,
    on: dt.date,
    value: float,
    law: Law,
    quantity: float | None = None,
    unit: str | None = None,
    transport: str = "ocean",
    preference: str | None = None,
    declarations: Declarations | None = None,
) -> list[DeclarationEffect]:
    """Return the declarations that change the duty of one 10-digit line, with the duty under each value.

    ``code`` is a 10-digit line in force on ``on``; the other arguments are validated values
    (as :func:`goldenage.tariffs.calc.duty` makes them;
    :func:`goldenage.tariffs.calc.declarations_that_change_this` takes them as typed). The first
    row evaluated is the entry as declared; one row follows per alternative value of each
    declaration, the others kept as declared.
    """
    facts = declarations or Declarations()
    declared = {d.name: getattr(facts, d.name) for d in REGISTRY}
    rows: list[tuple[Declaration | None, Any]] = [(None, None)]
    for declaration in REGISTRY:
        current = declared[declaration.name]
        rows += [(declaration, v) for v in _candidates(declaration, current, on, value, law)]
    columns: dict[str, list[Any]] = {d.name: [] for d in REGISTRY}
    for changed, new in rows:
        for declaration in REGISTRY:
            chosen = new if declaration is changed else declared[declaration.name]
            columns[declaration.name].append(declaration.frame_value(chosen))
    n = len(rows)
    frame = EntryFrame.of(
        code=[code] * n,
        day=[on] * n,
        value=[value] * n,
        quantity=[np.nan if quantity is None else quantity] * n,
        unit=[unit] * n,
        transport=[transport] * n,
        preference=[preference] * n,
        **columns,
    )
    state = evaluate(frame, law)
    total = totals(state)
    base = float(total[0])
    effects: list[DeclarationEffect] = []
    for declaration in REGISTRY:
        mine = [k for k, (changed, _) in enumerate(rows) if changed is declaration]
        if not any(frame.failed[k] or abs(float(total[k]) - base) >= 0.005 for k in mine):  # noqa: PLR2004
            continue
        alternatives = []
        for k in mine:
            new = rows[k][1]
            failed = bool(frame.failed[k])
            alternatives.append(
                Alternative(
                    value=_typed(declaration, new),
                    shown=_shown(declaration, new),
                    duty_total=None if failed else float(total[k]),
                    duty_rate=None if failed else float(total[k]) / value,
                    error=str(frame.error[k]) if failed else None,
                )
            )
        current = declared[declaration.name]
        effects.append(
            DeclarationEffect(
                name=declaration.name,
                option=declaration.option,
                explanation=declaration.explanation,
                default=declaration.default,
                current=None if current == declaration.missing else _typed(declaration, current),
                duty_total=base,
                alternatives=tuple(alternatives),
            )
        )
    return effects


__all__ = ["Alternative", "DeclarationEffect", "evaluate_declaration_effects"]
