"""Parser of the HTSUS duty-rate texts (column 1 General, column 1 Special, column 2).

The schedule prints each rate as free text: ``6.5%``, ``Free``, ``1.5¢/kg``, ``$1.035/kg +
14.9%``, ``40¢ each + 6% on the case + 5.3% on the battery``, and in chapters 98-99 phrases
such as ``The duty provided in the applicable subheading + 25%``. :func:`parse_rate` turns one
text into a :class:`RateExpression` of ad valorem and specific components, and
:func:`parse_special` splits a Special column into its rate per program symbol. Every text
is either parsed into a known form or refused with :class:`RateParseError`: there is no
catch-all and no silent zero.

Law: HTSUS General Note 3 (the rates of duty: column 1 General and Special, column 2, and
in 3(c) the symbols of the special programs); the Chapter 98 and 99 U.S. notes for the
provisions whose duty is defined by reference to another one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Any

import numpy as np

from goldenage.errors import InputError
from goldenage.tariffs.errors import MissingQuantityError, RateNotComputableError, RateParseError
from goldenage.tariffs.units import canonical_unit, compatible_units, convert

__all__ = [
    "ALL_PROGRAMS",
    "FORMULA_TAGS",
    "KINDS",
    "AdValorem",
    "RateExpression",
    "Specific",
    "parse_rate",
    "parse_special",
]

KINDS = ("free", "ad_valorem", "specific", "compound", "additional", "formula")
QUANTITY_FIELD = "--quantity"  # the input a missing or misshapen quantity names
ALL_PROGRAMS = "*"  # parse_special key of a Special text printed without a program list

# Tag of RateExpression.formula -> what the duty depends on (used in error messages and docs).
FORMULA_TAGS: dict[str, str] = {
    "applicable_subheading": "the duty of the applicable subheading (ch. 99 adds its components)",
    "named_subheadings": "the duty of the subheadings it names (ch. 99 adds its components)",
    "applicable_subheading_minus": "the rate of the applicable subheading, less the component",
    "polarity_scale": "the sugar's polarity in degrees (base, step per degree, floor)",
    "movement_cap": "the number of other pieces and a cap at the complete movement's duty",
    "fair_retail_value": "the fair retail value, not the customs value",
    "repair_cost": "the cost of the goods, parts or repairs, not the customs value",
    "repair_value": "the value of the repairs or alterations made abroad",
    "processing_value": "the value of the processing outside the United States",
    "us_content_deduction": "the full value less the value of the U.S. products in it",
    "reimport_like_articles": "the duty and tax on like articles not previously exported",
    "no_change": "the rate otherwise applicable ('No change')",
    "other_provision": "the rate of another article or provision named in the text",
    "us_note": "a U.S. note of the chapter",
    "free_conditional": "nothing: free, under the conditions the text states",
}


@dataclass(frozen=True)
class AdValorem:
    """A percentage of a value: of the customs value when ``basis`` is None."""

    rate: float  # fraction: 2.5% -> 0.025
    basis: str | None = None  # e.g. "case", "battery", "lead content", "non-U.S. content"


@dataclass(frozen=True)
class Specific:
    """An amount in dollars per ``per`` units of quantity (1.5¢/kg -> 0.015 per 1 kg)."""

    amount_usd: float
    unit: str  # canonical unit of goldenage.tariffs.units
    per: float = 1.0  # "$3.90/1,000" -> per=1000, unit "each"
    basis: str | None = None  # e.g. "drained weight", "total sugars", "clean kg"


Component = AdValorem | Specific


def _zero_like(value: Any, quantity: Any) -> Any:
    """Return 0.0, or an array of zeros shaped like the array inputs (NaN stays NaN)."""
    zero = value * 0.0
    if isinstance(quantity, np.ndarray):
        zero = zero + quantity * 0.0
    return zero


def _operand(x: Any, field: str) -> Any:
    """Return ``x`` as a float or a float array; refuse anything that is not a number."""
    try:
        if isinstance(x, np.ndarray | list | tuple):
            return np.asarray(x, dtype=float)
        return float(x)
    except (TypeError, ValueError) as err:
        msg = f"must be a number or an array of numbers, got {x!r}"
        raise InputError(field, msg) from err


@dataclass(frozen=True)
class RateExpression:
    """One parsed rate text: its kind and its components (see ``FORMULA_TAGS``)."""

    text: str
    kind: str
    components: tuple[Component, ...]
    formula: str | None = None

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            msg = f"kind must be one of {KINDS}, got {self.kind!r}"
            raise ValueError(msg)

    @property
    def is_free(self) -> bool:
        """Whether the rate is Free."""
        return self.kind == "free"

    @property
    def ad_valorem_rate(self) -> float | None:
        """The fraction when the rate is only ad valorem on the customs value; 0.0 if Free."""
        if self.kind == "free":
            return 0.0
        if self.kind == "ad_valorem" and all(c.basis is None for c in self.components):
            return sum(c.rate for c in self.components if isinstance(c, AdValorem))
        return None

    @property
    def specific_units(self) -> tuple[str, ...]:
        """The distinct units of the specific components, in printed order."""
        units = [c.unit for c in self.components if isinstance(c, Specific)]
        return tuple(dict.fromkeys(units))

    def amount(
        self,
        value_usd: Any,
        quantity: Any = None,
        *,
        unit: str | None = None,
        line: str | None = None,
    ) -> Any:
        """Return the duty in USD (unrounded) for a customs value and a quantity.

        ``value_usd`` and ``quantity`` are floats or numpy arrays of equal length; the
        result has the same shape. ``quantity`` is in ``unit`` (default: the rate's unit)
        and is converted by :func:`goldenage.tariffs.units.convert`. For kind
        ``"additional"`` the result is the additional duty only (ch. 99).

        Raises MissingQuantityError when a specific part needs a quantity, and
        RateNotComputableError when the duty depends on something else than the customs
        value and one quantity (a watch case's value, metal content, several units, a
        formula).
        """
        if self.kind == "formula":
            reason = f"the duty depends on {FORMULA_TAGS[self.formula or 'other_provision']}"
            raise RateNotComputableError(self.text, reason, line)
        for c in self.components:
            if c.basis is not None:
                what = "percentage" if isinstance(c, AdValorem) else f"amount per {c.unit}"
                reason = f"its {what} is assessed on the {c.basis}, which is not an input"
                raise RateNotComputableError(self.text, reason, line)
        units = self.specific_units
        if len(units) > 1:
            reason = f"it has specific parts in several units ({', '.join(units)})"
            raise RateNotComputableError(self.text, reason, line)
        if unit is not None:
            canonical_unit(unit)  # an unknown unit is an error even if no part needs it
        value = _operand(value_usd, "customs_value_usd")
        q = None if quantity is None else _operand(quantity, QUANTITY_FIELD)
        if units and q is None:
            where = f"HTS {line}: " if line else ""
            msg = f"{where}rate {self.text!r} is specific per {units[0]} and needs a quantity"
            accepted = f"a quantity in {units[0]} (--unit {', '.join(compatible_units(units[0]))})"
            raise MissingQuantityError(QUANTITY_FIELD, msg, accepted=accepted)
        if isinstance(value, np.ndarray) and isinstance(q, np.ndarray) and value.shape != q.shape:
            msg = f"{q.size} quantities for {value.size} customs values"
            raise InputError(QUANTITY_FIELD, msg, accepted="one quantity per customs value")
        if units and unit is not None:
            q = convert(q, unit, units[0])
        total = _zero_like(value, q)
        for c in self.components:
            if isinstance(c, AdValorem):
                total = total + c.rate * value
            else:
                total = total + c.amount_usd * q / c.per
        return total


# --- lexical pieces -------------------------------------------------------------------

_FLAGS = re.ASCII | re.IGNORECASE
_NUM = r"(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?|\.[0-9]+"
_PCT = rf"(?:(?P<whole>[0-9]+) (?P<num>[0-9]+)/(?P<den>[0-9]+)|(?P<pct>{_NUM}))\s*(?:%|percent\b)"
_HEADING = r"[0-9]{2}\.?[0-9]{2}(?:\.[0-9]{2}){1,2}"
_HEADINGS = rf"{_HEADING}(?:\s*(?:,|-|or|and)\s*{_HEADING})*"
_END = re.compile(r"\s*\.?\s*$", _FLAGS)
_SEP = re.compile(r"\s*(?:\+|plus\b)\s*", _FLAGS)


def _money_re(prefix: str = "") -> str:
    """Regex of an amount in cents (group ``{prefix}c``) or dollars (``{prefix}d``)."""
    return rf"(?:(?P<{prefix}c>{_NUM})\s*¢|\$\s*(?P<{prefix}d>{_NUM}))"


def _phrase(pattern: str) -> str:
    """Let every space of a printed phrase be absent or repeated ("thebattery", "m2of")."""
    return pattern.replace(" ", r"\s*")


def _dec(text: str) -> Decimal:
    return Decimal(text.replace(",", ""))


def _money(m: re.Match[str], prefix: str = "") -> float:
    """Dollars of a matched ``_MONEY`` group (cents / 100)."""
    cents = m.group(f"{prefix}c")
    return float(_dec(cents) / 100) if cents is not None else float(_dec(m.group(f"{prefix}d")))


_MONEY_RE = re.compile(_money_re(), _FLAGS)
_SLASH = re.compile(r"\s*/\s*")
_PCT_RE = re.compile(_PCT, _FLAGS)

# Printed unit after "/" -> (canonical unit, per, basis). Longest spellings first.
_UNIT_FORMS = tuple(
    (re.compile(_phrase(form) + r"(?![a-z0-9])", _FLAGS), unit, per, basis)
    for form, unit, per, basis in (
        (r"1,?000 pins", "each", 1000.0, None),
        (r"1,?000", "each", 1000.0, None),
        (r"thousand", "each", 1000.0, None),
        (r"line/ gross", "gross", 1.0, "line (button size)"),
        (r"clean kg", "kg", 1.0, "clean kg"),
        (r"pf\. liter", "pf. liter", 1.0, None),
        (r"lin\. m", "m", 1.0, None),
        (r"doz\.", "doz.", 1.0, None),
        (r"pr\.", "pr.", 1.0, None),
        (r"kg", "kg", 1.0, None),
        (r"liter", "liter", 1.0, None),
        (r"bbl", "bbl", 1.0, None),
        (r"gross", "gross", 1.0, None),
        (r"head", "head", 1.0, None),
        (r"jewel", "jewel", 1.0, None),
        (r"article", "each", 1.0, None),
        (r"pack", "pack", 1.0, None),
        (r"m2", "m2", 1.0, None),
        (r"m3", "m3", 1.0, None),
        (r"m", "m", 1.0, None),
        (r"g", "g", 1.0, None),
        (r"t", "t", 1.0, None),
    )
)
_EACH = re.compile(r"\s+each\b", _FLAGS)
_OTHER_PIECE = re.compile(_phrase(r" for each other piece or part"), _FLAGS)
_CONTENT = r"(?P<x>copper|lead|zinc|molybdenum|tungsten|magnesium|manganese|silicon|ethyl alcohol)"

# Qualifier after a specific amount -> basis ("{x}" = the captured word).
_SPECIFIC_BASES = tuple(
    (re.compile(r"\s*" + _phrase(form), _FLAGS), basis)
    for form, basis in (
        (r"on drained we(?:i)?ght", "drained weight"),
        (r"on contents and container", "contents and container"),
        (r"on entire contents of container", "entire contents of container"),
        (r"of total sugars", "total sugars"),
        (rf"on {_CONTENT} content", "{x} content"),
        (r"of anhydrous morphine content", "anhydrous morphine content"),
        (r", including weight of container", "including weight of container"),
        (r"of recording surface", "recording surface"),
        (r"of immediate containers", "immediate containers"),
        (r"over (?P<x>[0-9]+)", "jewels over {x}"),
    )
)
# Qualifier after a percentage -> basis (None: the customs value of the whole article).
_AD_VALOREM_BASES = tuple(
    (re.compile(r"\s*" + _phrase(form), _FLAGS), basis)
    for form, basis in (
        (r"on (?:the )?case and strap, band or bracelet", "case and strap, band or bracelet"),
        (r"on the strap, band or bracelet", "strap, band or bracelet"),
        (r"on the movement and case", "movement and case"),
        (r"on the movement", "movement"),
        (r"on the case", "case"),
        (r"on the battery", "battery"),
        (r"on the apparatus", "apparatus"),
        (r"on the value of the (?P<x>lead content|rifle|telescopic sight, if any)", "{x}"),
        (r"upon the value of the (?P<x>(?:non-U\.S\.|steel|aluminum|copper) content)", "{x}"),
        (r"on the entire set", None),
        (r"on the full value of the imported article", None),
    )
)


def _basis(table: tuple, s: str, pos: int) -> tuple[str | None, int, bool]:
    """Match an optional qualifier at ``pos``: (basis, new position, matched)."""
    for regex, basis in table:
        m = regex.match(s, pos)
        if m:
            named = m.groupdict().get("x")
            return (basis.format(x=named) if basis else None), m.end(), True
    return None, pos, False


def _percent(m: re.Match[str]) -> float:
    if m.group("pct") is not None:
        return float(_dec(m.group("pct")) / 100)
    den = Decimal(m.group("den"))
    if den == 0:
        msg = "zero denominator"
        raise ZeroDivisionError(msg)
    return float((Decimal(m.group("whole")) + Decimal(m.group("num")) / den) / 100)


def _term(s: str, pos: int) -> tuple[Component, int] | None:
    """Parse one ad valorem or specific component at ``pos``."""
    m = _PCT_RE.match(s, pos)
    if m:
        basis, end, _ = _basis(_AD_VALOREM_BASES, s, m.end())
        return AdValorem(_percent(m), basis), end
    m = _MONEY_RE.match(s, pos)
    if not m:
        return None
    amount, end = _money(m), m.end()
    slash = _SLASH.match(s, end)
    unit, per, basis = None, 1.0, None
    if slash:
        for regex, unit_name, unit_per, unit_basis in _UNIT_FORMS:
            u = regex.match(s, slash.end())
            if u:
                unit, per, basis, end = unit_name, unit_per, unit_basis, u.end()
                break
    elif e := _EACH.match(s, end):
        unit, end = "each", e.end()
    elif e := _OTHER_PIECE.match(s, end):
        unit, basis, end = "each", "other piece or part", e.end()
    if unit is None:
        return None
    qualifier, end, found = _basis(_SPECIFIC_BASES, s, end)
    if found and basis is not None:
        return None
    return Specific(amount, unit, per, qualifier if found else basis), end


def _terms(s: str, pos: int = 0) -> tuple[Component, ...] | None:
    """Parse ``term (+ term)*`` up to the end of ``s`` (a final period is allowed)."""
    components = []
    while True:
        parsed = _term(s, pos)
        if parsed is None:
            return None
        components.append(parsed[0])
        pos = parsed[1]
        if _END.fullmatch(s, pos):
            return tuple(components)
        sep = _SEP.match(s, pos)
        if not sep:
            return None
        pos = sep.end()


def _kind_of(components: tuple[Component, ...]) -> str:
    if all(isinstance(c, AdValorem) for c in components):
        return "ad_valorem"
    if all(isinstance(c, Specific) for c in components):
        return "specific"
    return "compound"


# --- whole-text forms -----------------------------------------------------------------

_NOTE = r"u\.s\. note [0-9]+(?:\([a-z]\))?"
_SEE_NOTE = rf"(?: \(see {_NOTE} (?:of|to) this subchapter\))?"
# Phrases whose duty depends on another provision or on a value that is not an input.
_PHRASES = tuple(
    (re.compile(_phrase(p) + r"\s*\.?\s*", _FLAGS), tag)
    for p, tag in (
        (r"no change", "no_change"),
        (rf"free, under bond(?:, as prescribed in {_NOTE} to this subchapter)?",
         "free_conditional"),
        (rf"free, under the terms of {_NOTE}(?: to this subchapter)?", "free_conditional"),
        (
            r"free, for such temporary periods as the secretary of the treasury"
            r" by regulation may prescribe",
            "free_conditional",
        ),
        (rf"free \(see {_NOTE} of this subchapter\)", "free_conditional"),
        (r"the rate applicable to each garment in the (?:in the )?ensemble if"
         r" (?:separately entered|entered separately)", "other_provision"),
        (r"the rate applicable,? to each article in the absence of this subheading",
         "other_provision"),
        (r"the rate applicable to the article of which it is (?:a part or accessory|an accessory)",
         "other_provision"),
        (r"the rate applicable to the complete, assembled(?: movement)?", "other_provision"),
        (r"the rate applicable to the natural juice in heading [0-9]{4}", "other_provision"),
        (r"the rate of duty applicable to that article in the set subject to the highest rate"
         r" of duty", "other_provision"),
        (r"the rate applicable in the absence of this (?:sub)?heading"
         r"(?: on the cost of such parts)?", "other_provision"),
        (rf"the rate provided for beneficiary countries in heading {_HEADING}", "other_provision"),
        (r"the duty rate provided for originating goods of [a-z]+ in such subheading",
         "other_provision"),
        (rf"see {_HEADINGS}", "other_provision"),
        (rf"see (?:additional )?{_NOTE}(?: (?:to|of) this subchapter)?", "us_note"),
        (rf"a duty upon the value of the repairs or alterations{_SEE_NOTE}", "repair_value"),
        (rf"a duty upon the value of such processing outside the united states{_SEE_NOTE}",
         "processing_value"),
        (r"a duty upon the full value of the imported article,? less the (?:cost or value of"
         r" such products|value of fabrics, components or materials) of the united states"
         + _SEE_NOTE, "us_content_deduction"),
        (r"a duty equal to the duty upon the importation of like articles not previously"
         r" exported, but in no case in excess of the sum of \(a\) any customs drawback proved"
         r" to have been allowed upon such exportation, and \(b\) the duty which would have"
         r" been payable on any articles used in the manufacture or production of such"
         rf" aircraft had they not been entered and exported under heading {_HEADING}",
         "reimport_like_articles"),
        (r"a duty \(in lieu of any other duty or tax\) equal to the sum of any duty and"
         r" internal-?revenue tax imposed upon the importation of like articles not previously"
         r" exported, but in no case in excess of the sum of \(a\) any customs drawback proved"
         r" to have been allowed upon such exportation of the article, and \(b\) any"
         r" internal-?revenue tax imposed, at the time such article is entered, upon the"
         r" importation of like articles not previously exported", "reimport_like_articles"),
    )
)  # fmt: skip
_ADDITIONAL = re.compile(
    _phrase(
        r"the duty (?:rate )?provided (?:for )?in (?:(?P<applicable>the applicable subheading)"
        rf"|subheadings? {_HEADINGS})(?:(?P<plus> (?:\+|plus) (?:a duty of )?)|\s*\.?\s*$)"
    ),
    _FLAGS,
)
_MINUS = re.compile(
    _phrase(rf"the duty rate provided in such subheading minus (?P<pct>{_NUM}) ?%\s*\.?\s*"),
    _FLAGS,
)
_PERCENT_OF = re.compile(
    rf"(?P<pct>{_NUM}) percent of the (?P<x>fair retail value|cost of such"
    r" (?:goods or repairs|parts or materials|parts))\s*\.?",
    _FLAGS,
)
_POLARITY = re.compile(
    _phrase(
        rf"{_money_re('b')} ?/ ?kg less {_money_re('s')} ?/ ?kg for each degree"
        r" under (?P<deg>[0-9]+) degrees \(and fractions of a degree in proportion\) but not"
        rf" less (?:than )?{_money_re('f')} ?/ ?kg\s*\.?"
    ),
    _FLAGS,
)
_MOVEMENT_CAP = re.compile(
    _phrase(
        r", but if consisting in part of a plate or a set of plates the total duty shall not"
        r" exceed the duty for the complete movement\s*\.?"
    )
    + "$",
    _FLAGS,
)


def _normalise(text: str) -> str:
    """Drop export markup and line-break hyphens, squeeze spaces."""
    s = re.sub(r"<[^>]*>", "", text).replace("\u00a0", " ")
    s = re.sub(r"([a-z])- ([a-z])", r"\1\2", s)  # "appli- cable", "thou- sand"
    s = re.sub(r"(/\s*m[23])(?=[a-z])", r"\1 ", s)  # "m2of recording surface"
    s = re.sub(r"\s+", " ", s).strip()
    return re.sub(r"\s+/$", "", s)  # "37% /": a stray slash after the rate


def _parse_formula(text: str, s: str) -> RateExpression | None:
    """Parse the whole-text forms that are not a plain sum of components."""
    if re.fullmatch(r"free\.?", s, _FLAGS):
        return RateExpression(text, "free", ())
    for regex, tag in _PHRASES:
        if regex.fullmatch(s):
            kind = "free" if tag == "free_conditional" else "formula"
            return RateExpression(text, kind, (), tag)
    if m := _ADDITIONAL.match(s):
        tag = "applicable_subheading" if m.group("applicable") else "named_subheadings"
        if m.group("plus") is None:
            return RateExpression(text, "additional", (), tag)
        components = _terms(s, m.end())
        return None if components is None else RateExpression(text, "additional", components, tag)
    if m := _MINUS.fullmatch(s):
        minus = (AdValorem(float(_dec(m.group("pct")) / 100)),)
        return RateExpression(text, "formula", minus, "applicable_subheading_minus")
    if m := _PERCENT_OF.fullmatch(s):
        tag = "fair_retail_value" if m.group("x") == "fair retail value" else "repair_cost"
        part = AdValorem(float(_dec(m.group("pct")) / 100), m.group("x"))
        return RateExpression(text, "formula", (part,), tag)
    if m := _POLARITY.fullmatch(s):
        steps = (
            Specific(_money(m, "b"), "kg"),
            Specific(_money(m, "s"), "kg", basis=f"per degree under {m.group('deg')} degrees"),
            Specific(_money(m, "f"), "kg", basis="minimum"),
        )
        return RateExpression(text, "formula", steps, "polarity_scale")
    if m := _MOVEMENT_CAP.search(s):
        components = _terms(s[: m.start()])
        if components is None:
            return None
        return RateExpression(text, "formula", components, "movement_cap")
    return None


@lru_cache(maxsize=65536)
def _parse(text: str) -> RateExpression:
    """Parse one rate text; RateParseError without the line (added by the caller)."""
    s = _normalise(text)
    if not s:
        raise RateParseError(text, "the text is empty")
    try:
        expr = _parse_formula(text, s)
        if expr is None and (components := _terms(s)) is not None:
            expr = RateExpression(text, _kind_of(components), components)
    except ArithmeticError as err:  # e.g. "1 1/0%"
        raise RateParseError(text, f"bad number ({err})") from err
    if expr is None:
        raise RateParseError(text, "not a known form of duty rate")
    return expr


def parse_rate(text: str, *, line: str | None = None) -> RateExpression:
    """Parse one General, Special (one program's part) or column 2 rate text.

    Raises :class:`RateParseError` naming ``line`` for an empty or unknown text.
    Results are cached on the text.
    """
    if not isinstance(text, str):
        raise RateParseError(repr(text), "a rate text must be a string", line)
    try:
        return _parse(text)
    except RateParseError as err:
        raise RateParseError(text, err.reason, line) from None


_PROGRAM = r"\.?[A-Z]{1,2}[*+]?"
_PROGRAM_LIST = re.compile(rf"\(\s*(?P<list>{_PROGRAM}(?:[\s,]+{_PROGRAM})*[\s,]*)(?:\)|$)")


@lru_cache(maxsize=16384)
def _special(text: str) -> tuple[tuple[str, RateExpression], ...]:
    s = _normalise(text)
    s = re.sub(r"\(([^()]*)\s*\(\1\)", r"(\1)", s)  # "(PA (PA)": a doubled opening
    if not s:
        raise RateParseError(text, "the text is empty")
    rates: dict[str, RateExpression] = {}
    pos = 0
    for m in _PROGRAM_LIST.finditer(s):
        part = s[pos : m.start()].strip()
        if not part:
            raise RateParseError(text, f"program list ({m.group('list')}) without a rate")
        try:
            expr = _parse(part)
        except RateParseError as err:
            raise RateParseError(text, f"rate part {part!r}: {err.reason}") from None
        for symbol in re.split(r"[\s,]+", m.group("list").strip(" ,")):
            symbol = symbol.lstrip(".")
            known = rates.get(symbol)
            if known is not None and (known.kind, known.components) != (expr.kind, expr.components):
                raise RateParseError(text, f"program {symbol} has two different rates")
            rates[symbol] = expr
        pos = m.end()
    tail = s[pos:].strip()
    if tail and rates:
        raise RateParseError(text, f"text after the last program list: {tail!r}")
    if tail:
        rates[ALL_PROGRAMS] = _parse(tail)
    return tuple(rates.items())


def parse_special(text: str, *, line: str | None = None) -> dict[str, RateExpression]:
    """Split a column 1 Special text into {program symbol: rate}.

    ``"Free (A+,AU,B) 25% (KR)"`` -> ``{"A+": Free, "AU": Free, "B": Free, "KR": 25%}``.
    Symbols are kept as printed (``A*``, ``A+``); spaces and stray commas inside a list are
    tolerated. A text without any program list (chapters 98-99) applies to every program
    and is returned under the key ``ALL_PROGRAMS`` (``"*"``).
    """
    if not isinstance(text, str):
        raise RateParseError(repr(text), "a rate text must be a string", line)
    try:
        return dict(_special(text))
    except RateParseError as err:
        raise RateParseError(text, err.reason, line) from None
