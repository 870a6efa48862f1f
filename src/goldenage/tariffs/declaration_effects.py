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
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np

from goldenage.money import round_cents
from goldenage.tariffs.declarations import REGISTRY, Declaration, Declarations
from goldenage.tariffs.kernel.engine import evaluate, totals
from goldenage.tariffs.kernel.frame import EntryFrame
from goldenage.tariffs.kernel.layout import AUTHORITIES
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


@lru_cache(maxsize=8192)
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
    errors = [None if error is None else str(error) for error in frame.error.tolist()]
    return _effects(rows, total.tolist(), frame.failed.tolist(), errors, value, declared)


def plain_declaration_effects(code: str, on: dt.date, value: float, law: Law) -> list[DeclarationEffect]:
    """Return :func:`evaluate_declaration_effects` of a plain entry line, without evaluating the rules.

    A plain entry declares nothing, claims no preference and gives no quantity (as the law
    compiled ahead answers it). The answers of the line under every value a declaration can
    take, in every period of the law, are rates per dollar evaluated once per line and kept
    for the process (:func:`_line_answers`); each entry then costs their rounding on its own
    customs value, the engine's arithmetic, and the same effects result.
    """
    answers = _line_answers(law, code)
    period = int(np.searchsorted(answers.starts, np.datetime64(on, "D"), side="right")) - 1
    template, at = _plain_rows(law, on, value == 0)
    rows = [(changed, value if new is _WHOLE else new) for changed, new in template]
    found = answers.index[period, at]
    amounts = round_cents(answers.rates[found] * value)  # (rows, authorities): the engine's rounding
    total = np.zeros(len(rows))
    for column in amounts.T:  # added in the engine's order (engine.totals)
        total = total + column
    failed = answers.failed[found]
    total = np.where(failed, np.nan, np.round(total, 2))
    errors = [answers.errors[k] for k in found.tolist()]
    declared = {d.name: d.missing for d in REGISTRY}
    return _effects(rows, total.tolist(), failed.tolist(), errors, value, declared)


@dataclass(frozen=True)
class _Answers:
    """The answers of one line under each declaration value (slot), in every period, per dollar."""

    starts: np.ndarray  # the law's period starts
    slots: dict[tuple[str | None, Any], int]  # (declaration, value or key code) -> slot
    cutoffs: dict[str, np.ndarray]  # date declarations: the dates they are compared with
    index: np.ndarray  # (periods, slots): the row of ``rates`` of each answer
    rates: np.ndarray  # (distinct answers, authorities): the rates per dollar, unrounded
    failed: np.ndarray  # (distinct answers,): refused
    errors: list[str | None]  # (distinct answers,): the message of a refusal


def _slot(
    cutoffs: dict[str, np.ndarray], declaration: Declaration | None, value: Any
) -> tuple[str | None, Any]:
    """Return the slot of a declaration's value as :func:`_candidates` gives it."""
    if declaration is None:
        return (None, None)
    if declaration.kind == "amount":  # the candidates: nothing, or the whole customs value
        return (declaration.name, 0.0 if value == 0 else 1.0)
    if declaration.kind == "date":
        dates = cutoffs[declaration.name]
        return (declaration.name, int(np.searchsorted(dates, np.datetime64(value, "D"), side="right")))
    return (declaration.name, value)


_WHOLE = object()  # in a template of rows: the entry's customs value
_Row = tuple[Declaration | None, Any]  # the declaration changed (None: the plain row) and its value


@lru_cache(maxsize=4096)
def _plain_rows(
    law: Law, on: dt.date, nothing: bool
) -> tuple[list[tuple[Declaration | None, Any]], np.ndarray]:
    """Return the rows of a plain entry on ``on`` (:func:`_candidates`) and the slot of each.

    The same for every line and customs value, but for an amount declaration's whole value
    (:data:`_WHOLE` in the rows, put in by the caller): ``nothing`` is whether the customs value
    is 0 (then the only amount tried is nothing).
    """
    layout = _layout(law)
    rows: list[_Row] = [(None, None)]
    for declaration in REGISTRY:
        tried = _candidates(declaration, None, on, 0.0 if nothing else 1.0, law)
        whole = declaration.kind == "amount"
        rows += [(declaration, _WHOLE if whole and v == 1.0 else v) for v in tried]
    slots = [layout.numbers[_slot(layout.cutoffs, d, 1.0 if v is _WHOLE else v)] for d, v in rows]
    return rows, np.array(slots)


@dataclass(frozen=True)
class _Layout:
    """The rows of a line's answers under a law: its periods and the slots of each period."""

    starts: np.ndarray  # the law's period starts
    slots: list[tuple[Declaration | None, Any, Any]]  # declaration, slot, frame value
    numbers: dict[tuple[str | None, Any], int]  # (declaration, value or key code) -> slot
    cutoffs: dict[str, np.ndarray]  # date declarations: the dates they are compared with
    columns: dict[str, np.ndarray]  # the declarations' frame columns, every slot of every period


@lru_cache(maxsize=16)
def _layout(law: Law) -> _Layout:
    """Return the periods and slots of a law's line answers.

    The slots: the plain row, each value of a flag, answer or choice, an amount of nothing or
    of the whole value (1), and a date of each class the rules tell apart (as many cut-offs on
    or before it).
    """
    from goldenage.tariffs.kernel.compiled import compiled, date_cutoffs  # noqa: PLC0415

    starts = compiled(law).starts
    slots: list[tuple[Declaration | None, Any, Any]] = [(None, None, None)]
    cutoffs: dict[str, np.ndarray] = {}
    for declaration in REGISTRY:
        if declaration.kind == "amount":
            slots += [(declaration, 0.0, 0.0), (declaration, 1.0, 1.0)]
        elif declaration.kind == "date":
            dates = date_cutoffs(law, declaration.compared_with)
            cutoffs[declaration.name] = dates
            # A date of each class: as many cut-offs on or before it as the slot's number.
            chosen = [dates[0] - np.timedelta64(1, "D"), *dates] if len(dates) else [starts[0]]
            slots += [(declaration, k, day) for k, day in enumerate(chosen)]
        else:
            slots += [(declaration, v, declaration.frame_value(v)) for v in _values(declaration)]
    columns: dict[str, np.ndarray] = {}
    for declaration in REGISTRY:  # each slot's values, then the same for every period
        column = np.full(len(slots), declaration.fill, dtype=declaration.dtype)
        for k, (changed, _, new) in enumerate(slots):
            if changed is declaration:
                column[k] = new
        columns[declaration.name] = np.tile(column, len(starts))
    numbers = {(None if d is None else d.name, v): k for k, (d, v, _) in enumerate(slots)}
    return _Layout(starts=starts, slots=slots, numbers=numbers, cutoffs=cutoffs, columns=columns)


@lru_cache(maxsize=4096)
def _line_answers(law: Law, code: str) -> _Answers:
    """Return a line's answers under every declaration value in every period, on a customs value of 1.

    One row per period and slot (:func:`_layout`); equal answers are kept once. The answers of
    a shipped scenario's law are kept on disk for every process (:mod:`.kernel.answers_store`,
    named by the fingerprint of the rules and data), so a line is evaluated once, not once
    per process and start.
    """
    from goldenage.tariffs.kernel.answers_store import answers_store  # noqa: PLC0415
    from goldenage.tariffs.law import law_for  # noqa: PLC0415

    layout = _layout(law)
    shared = answers_store(law.scenario.name) if law is law_for(law.scenario.name) else None
    periods, n = len(layout.starts), len(layout.slots)
    found = shared.get(code, periods, n, len(AUTHORITIES)) if shared is not None else None
    if found is None:
        found = _evaluate_line(law, code, layout)
        if shared is not None:
            shared.put(code, found)
    index, rates, failed, errors = found
    return _Answers(
        starts=layout.starts,
        slots=layout.numbers,
        cutoffs=layout.cutoffs,
        index=index,
        rates=rates,
        failed=failed,
        errors=errors,
    )


def _evaluate_line(
    law: Law, code: str, layout: _Layout
) -> tuple[np.ndarray, np.ndarray, np.ndarray, list[str | None]]:
    """Evaluate the rows of a line: the index of each row's answer, the distinct answers, refusals."""
    return _evaluate_lines(law, [code], layout)[0]


def _evaluate_lines(
    law: Law, codes: list[str], layout: _Layout
) -> list[tuple[np.ndarray, np.ndarray, np.ndarray, list[str | None]]]:
    """Evaluate the rows of several lines in one frame, then take each line's answers apart.

    The rules treat each row on its own, so a line's rows give the same answers in a frame of
    many lines as in a frame of its own (tests/tariffs/test_answers_store.py compares both).
    """
    periods, n = len(layout.starts), len(layout.slots)
    rows = periods * n
    if all(len(code) == 10 for code in codes):  # noqa: PLR2004 - a 10-digit line
        column: Any = np.repeat(np.array([int(code) for code in codes]), rows)
    else:
        column = [code for code in codes for _ in range(rows)]
    frame = EntryFrame.of(
        code=column,
        day=np.tile(np.repeat(layout.starts, n), len(codes)),
        value=np.ones(rows * len(codes)),
        **{name: np.tile(values, len(codes)) for name, values in layout.columns.items()},
    )
    state = evaluate(frame, law, rates_only=True)
    rates = np.zeros((len(frame), len(AUTHORITIES)))
    rates[:, 0] = np.nan_to_num(state.mfn.amount, nan=0.0)
    for position, name in enumerate(AUTHORITIES[1:], start=1):
        outcome = state.outcomes.get(name)
        if outcome is not None:
            rates[:, position] = np.nan_to_num(outcome.amount, nan=0.0)
    all_messages = ["" if e is None else str(e) for e in frame.error.tolist()]
    failed_all = np.asarray(frame.failed, dtype=bool)
    answers = []
    for k in range(len(codes)):
        part = slice(k * rows, (k + 1) * rows)
        line_rates, messages = rates[part], all_messages[part]
        message_codes = {m: j for j, m in enumerate(dict.fromkeys(messages))}
        keyed = np.column_stack(
            [line_rates.view(np.int64), failed_all[part], [message_codes[m] for m in messages]]
        )
        first, distinct = _distinct_rows(keyed)
        errors: list[str | None] = [messages[j] or None for j in first.tolist()]
        answers.append((distinct.reshape(periods, n), line_rates[first], failed_all[part][first], errors))
    return answers


WARM_LINES_AT_ONCE = 64
"""Lines evaluated in one frame by :func:`warm_line_answers` (about 190,000 rows)."""


def warm_line_answers(law: Law, codes: list[str], progress: Callable[[int, int], None] | None = None) -> int:
    """Evaluate and keep the answers of the lines not yet in the law's store; return how many.

    ``progress`` is told the lines done and the lines to do after each frame.

    ``goldenage tariff compile`` calls it for the lines of the shipped import weights, so that
    the first request of such a line to ``goldenage serve`` finds its answers on disk (the rules
    evaluated ahead, many lines in one frame) instead of evaluating them while other requests
    wait (docs/performance.md, issue 20).
    """
    from goldenage.tariffs.kernel.answers_store import answers_store  # noqa: PLC0415

    shared = answers_store(law.scenario.name)
    if shared is None:
        return 0
    layout = _layout(law)
    periods, n = len(layout.starts), len(layout.slots)
    missing = [c for c in codes if shared.get(c, periods, n, len(AUTHORITIES)) is None]
    for start in range(0, len(missing), WARM_LINES_AT_ONCE):
        chunk = missing[start : start + WARM_LINES_AT_ONCE]
        shared.put_many(zip(chunk, _evaluate_lines(law, chunk, layout), strict=True))
        if progress is not None:
            progress(start + len(chunk), len(missing))
    return len(missing)


def _distinct_rows(rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Return the first row of each distinct row of an integer matrix, and each row's distinct one.

    As ``np.unique(rows, axis=0, return_index=True, return_inverse=True)`` up to the order of
    the distinct rows, by a stable sort of the columns (``np.unique`` along an axis sorts the
    rows as raw bytes, a third of a line's answers).
    """
    order = np.lexsort(rows.T[::-1])
    ranked = rows[order]
    starts = np.ones(len(order), dtype=bool)
    starts[1:] = np.any(ranked[1:] != ranked[:-1], axis=1)
    distinct = np.empty(len(order), dtype=np.int64)
    distinct[order] = np.cumsum(starts) - 1
    return order[starts], distinct


def _values(declaration: Declaration) -> list[Any]:
    """Return every value of a flag, answer or choice declaration."""
    if declaration.kind == "flag":
        return [True]
    if declaration.kind == "yes_no":
        return [True, False]
    return list(declaration.choices)


def _effects(  # noqa: PLR0913 - the rows evaluated and their outcomes
    rows: list[tuple[Declaration | None, Any]],
    total: list[float],
    failed: list[bool],
    errors: list[str | None],
    value: float,
    declared: dict[str, Any],
) -> list[DeclarationEffect]:
    """Return the declarations some alternative of which changes the duty of row 0 (or is refused)."""
    base = float(total[0])
    effects: list[DeclarationEffect] = []
    rows_of: dict[str, list[int]] = {}
    for k, (changed, _) in enumerate(rows):
        if changed is not None:
            rows_of.setdefault(changed.name, []).append(k)
    for declaration in REGISTRY:
        mine = rows_of.get(declaration.name, [])
        if not any(failed[k] or abs(float(total[k]) - base) >= 0.005 for k in mine):  # noqa: PLR2004
            continue
        alternatives = []
        for k in mine:
            new = rows[k][1]
            alternatives.append(
                Alternative(
                    value=_typed(declaration, new),
                    shown=_shown(declaration, new),
                    duty_total=None if failed[k] else float(total[k]),
                    duty_rate=None if failed[k] else float(total[k]) / value,
                    error=errors[k] if failed[k] else None,
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


__all__ = ["Alternative", "DeclarationEffect", "evaluate_declaration_effects", "plain_declaration_effects"]
