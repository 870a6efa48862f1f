"""What the tariff calculator shows, laid out from the engine's results (no law computed here).

- the line's title: its full HTSUS description path (``tariffs.labels.description_path``);
- a comparison of two results of the same line (two dates or two scenarios), by authority;
- the timeline's rows: per change point, each changed authority's rate before and after;
- the shareable address of a calculation (every field the user set, nothing else);
- the importer's declarations that can change the answer for the line on the date, each with
  the duty under every value (from the engine's ``declarations_that_change_this``), so that a
  declaration added to the registry appears on the form without a change here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from urllib.parse import urlencode

from goldenage.errors import InputError
from goldenage.provenance.citation import Citation
from goldenage.tariffs.declaration_effects import DeclarationEffect
from goldenage.tariffs.declarations import REGISTRY, Declaration, Reference
from goldenage.tariffs.kernel.layout import AUTHORITIES
from goldenage.tariffs.labels import authority_label, declaration_label
from goldenage.tariffs.result import DutyComponent, DutyResult
from goldenage.tariffs.timeline import ChangePoint


def address(path: str, fields: Mapping[str, str], order: Iterable[str]) -> str:
    """Return ``path`` with the non-empty ``fields`` as its query, in ``order`` (a shareable URL)."""
    query = [(name, fields[name]) for name in order if fields.get(name)]
    return path + ("?" + urlencode(query) if query else "")


def _text(components: Sequence[DutyComponent]) -> str:
    return "; ".join(f"{c.rate_text} ({c.heading})" for c in components)


@dataclass(frozen=True)
class ComparedLayer:
    """One authority in two results: its components' text and amount in each, and the difference."""

    authority: str
    label: str
    first: str
    second: str
    first_amount: float | None
    second_amount: float | None

    @property
    def difference(self) -> float:
        """Return the second amount minus the first (a missing layer counts as nothing)."""
        return round((self.second_amount or 0.0) - (self.first_amount or 0.0), 2)


def _by_authority(result: DutyResult) -> dict[str, list[DutyComponent]]:
    grouped: dict[str, list[DutyComponent]] = {}
    for component in result.duties:
        grouped.setdefault(component.authority, []).append(component)
    return grouped


def _order(authorities: Iterable[str]) -> list[str]:
    known = [a for a in AUTHORITIES if a in authorities]
    return known + sorted(a for a in authorities if a not in AUTHORITIES)


def compare(first: DutyResult, second: DutyResult) -> list[ComparedLayer]:
    """Return every authority of either result, in the engine's order, side by side."""
    a, b = _by_authority(first), _by_authority(second)
    rows = []
    for authority in _order(a.keys() | b.keys()):
        one, two = a.get(authority, []), b.get(authority, [])
        rows.append(
            ComparedLayer(
                authority,
                authority_label(authority),
                _text(one) or "—",
                _text(two) or "—",
                round(sum(c.amount for c in one), 2) if one else None,
                round(sum(c.amount for c in two), 2) if two else None,
            )
        )
    return rows


@dataclass(frozen=True)
class Change:
    """One authority's rate before and after a change point."""

    authority: str
    label: str
    before: str
    after: str


@dataclass(frozen=True)
class TimelineRow:
    """A change point as the page shows it."""

    point: ChangePoint
    changes: tuple[Change, ...]

    @property
    def causes(self) -> tuple[Citation, ...]:
        """Return the instruments behind the change."""
        return self.point.causes


def _rate(result: DutyResult | None, authority: str) -> str:
    if result is None:
        return "not computable"
    parts = [c for c in result.duties if c.authority == authority]
    return _text(parts) if parts else "none"


def timeline_rows(points: Sequence[ChangePoint]) -> list[TimelineRow]:
    """Return the change points with each changed authority's rate before and after."""
    rows = []
    previous: DutyResult | None = None
    for point in points:
        changes = tuple(
            Change(a, authority_label(a), _rate(previous, a), _rate(point.result, a))
            for a in _order(point.changed)
        )
        rows.append(TimelineRow(point, changes))
        previous = point.result
    return rows


def short_title(citation: Citation) -> str:
    """Return an instrument's short name: its title up to the parenthesis (``Proclamation 10908 of ...``)."""
    title = citation.title
    cut = title.find(" (")
    return title[:cut] if cut > 0 else title


# --- the importer's declarations (goldenage.tariffs.declarations.REGISTRY) ---------------------

MAX_DECLARED = 64  # characters of a declared value, as the API's fields


def declared_values(given: Mapping[str, str | None]) -> dict[str, str]:
    """Return the declarations given in a query, by registry name, as typed (empty: not declared).

    A value longer than the API accepts is refused with the field's name.
    """
    values = {}
    for declaration in REGISTRY:
        text = (given.get(declaration.field) or "").strip()
        if len(text) > MAX_DECLARED:
            msg = f"has {len(text)} characters"
            raise InputError(declaration.option, msg, f"at most {MAX_DECLARED} characters")
        values[declaration.field] = text
    return values


def _words(declaration: Declaration, typed: str | None) -> str:
    """Return a declared value (as typed in a query) as people read it."""
    if typed and declaration.kind == "amount":
        try:
            return f"${float(typed):,.2f}"
        except ValueError:  # refused by the engine; shown as typed next to its error
            return typed
    return ("declared" if declaration.kind == "flag" else typed) if typed else "not declared"


@dataclass(frozen=True)
class Answer:
    """The duty under one value of a declaration; ``href`` recomputes with it (none: the current one)."""

    words: str
    duty_total: float | None
    duty_rate: float | None
    href: str | None
    error: str | None = None


@dataclass(frozen=True)
class DeclarationField:
    """A declaration on the form: its value as entered and the answer under each value."""

    declaration: Declaration
    label: str
    value: str
    changes: bool  # whether some value changes the answer for this line on this date
    answers: tuple[Answer, ...]  # the current value first
    on_value: str = "true"  # the value a ticked box sends

    @property
    def current(self) -> Answer:
        """Return the answer as computed."""
        return self.answers[0]


def declaration_fields(
    results: Sequence[DutyResult], values: Mapping[str, str], link: Callable[[str, str], str]
) -> list[DeclarationField]:
    """Return the declarations to show for these results, in registry order.

    Only those that can change the answer of a result (its ``declarations_that_change_this``),
    plus those declared (so that a value stays visible, and can be withdrawn, where it no longer
    matters; without results, only those). ``link(name, value)`` is the address of the
    calculation with that value declared.
    """
    effects: dict[str, DeclarationEffect] = {}
    for result in results:
        for effect in result.declarations_that_change_this or ():
            effects.setdefault(effect.name, effect)
    first = results[0] if results else None
    fields = []
    for declaration in REGISTRY:
        effect = effects.get(declaration.name)
        value = values.get(declaration.field, "")
        if effect is None and not value:
            continue
        total, rate = (first.duty_total, first.duty_rate) if first else (None, None)
        current = Answer(_words(declaration, value), total, rate, None)
        others = tuple(
            Answer(a.shown, a.duty_total, a.duty_rate, link(declaration.field, a.value), a.error)
            for a in (effect.alternatives if effect else ())
        )
        label = declaration_label(declaration.name)
        fields.append(DeclarationField(declaration, label, value, effect is not None, (current, *others)))
    return fields


# The preference claim is an option of the entry, not a declaration of the registry; the form
# shows it the same way, only where claiming it changes the answer.
PREFERENCE = Declaration(
    name="preference",
    kind="flag",
    explanation="Claim the rate of the US–Japan Trade Agreement printed in the Special column (program JP) "
    "instead of the General rate of column 1.",
    default="not claimed: the General rate of column 1 applies",
    help="Claim a column 1 Special rate: JP.",
    reference=Reference(
        "Harmonized Tariff Schedule of the United States, General Note 36 "
        "(United States-Japan Trade Agreement)",
        "HTSUS General Note 36",
        "Special rates marked JP in column 1; claimed at entry",
        "https://hts.usitc.gov/",
    ),
    authorities=("mfn",),
)
PROGRAM = "JP"


def preference_field(
    result: DutyResult | None, other: DutyResult | None, claimed: str, link: Callable[[str, str], str]
) -> DeclarationField | None:
    """Return the preference claim as a form field when claiming it changes the answer (or it is claimed).

    ``other`` is the result with the claim the other way round (``None`` when it was refused);
    without a result (the entry was refused) a claim made is kept on the form.
    """
    changes = result is not None and other is not None and round(other.duty_total - result.duty_total, 2) != 0
    if not changes and not claimed:
        return None
    total, rate = (result.duty_total, result.duty_rate) if result else (None, None)
    current = Answer("claimed" if claimed else "not claimed", total, rate, None)
    answers: tuple[Answer, ...] = (current,)
    if changes and other is not None:
        words = "not claimed" if claimed else "claimed"
        answers += (
            Answer(words, other.duty_total, other.duty_rate, link("preference", "" if claimed else PROGRAM)),
        )
    return DeclarationField(
        PREFERENCE, "US–Japan Trade Agreement rate (JP)", claimed, changes, answers, PROGRAM
    )
