"""Looking up an HTS line as in force on a date (``goldenage tariff lookup``)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from goldenage.tariffs.concordance import Mapping, concordance
from goldenage.tariffs.errors import UnknownHTSCodeError
from goldenage.tariffs.hts_code import format_code, parse_hts_code
from goldenage.tariffs.inputs import parse_date
from goldenage.tariffs.schedule import HTSLine, schedule


@dataclass(frozen=True)
class LineReport:
    """A line and, for an 8-digit subheading, its statistical lines.

    For a code that is no line on the date asked but was one before (a retired statistical
    number), ``line`` is its last version and ``successors`` the line(s) in force it is now
    entered under (:mod:`goldenage.tariffs.concordance`).
    """

    line: HTSLine
    statistical_lines: tuple[HTSLine, ...]
    successors: Mapping | None = None

    def to_json(self) -> dict[str, Any]:
        """Return a JSON-ready description of the line."""
        line = self.line
        return {
            "code": line.code,
            "htsno": line.htsno,
            "revision": line.revision.edition,
            "revision_effective": line.revision.effective_date.isoformat(),
            "valid_from": line.valid_from.isoformat(),
            "valid_to": line.valid_to.isoformat() if line.valid_to else None,
            "description": line.description,
            "description_path": list(line.description_path),
            "units": list(line.units),
            "general": line.general,
            "special": line.special,
            "other": line.other,
            "rate_line": line.rate_line,
            "ch99_refs": list(line.ch99_refs),
            "footnotes": list(line.footnotes),
            "statistical_lines": [
                {
                    "code": s.code,
                    "htsno": s.htsno,
                    "description": s.description,
                    "units": list(s.units),
                }
                for s in self.statistical_lines
            ],
            **(
                {}
                if self.successors is None
                else {"in_force": False, "successors": self.successors.to_json()}
            ),
        }


def lookup(code: str, on: str | dt.date) -> LineReport:
    """Return the line ``code`` (8 or 10 digits) in force on ``on``."""
    digits = parse_hts_code(code, field="CODE")
    day = parse_date(on)
    hts = schedule()
    line = hts.find(digits, day)
    children = tuple(hts.statistical_lines(digits, day)) if len(digits) == 8 else ()
    if line is None and children:
        # A subheading printed only at 10 digits: show its single statistical line.
        line, children = children[0], children
    if line is None:
        field = "CODE"
        mapped = concordance().resolve(digits, day) if len(digits) == 10 else None  # noqa: PLR2004
        if mapped is not None:
            last = _last_version(digits)
            if last is None:  # a code of an older schedule that no shipped revision prints
                raise UnknownHTSCodeError(field, mapped.describe(), "a code in force on the date")
            return LineReport(last, (), mapped)
        hts.resolve(digits, day, field=field)  # raises, naming the lines that do exist
        msg = f"{format_code(digits)} is not a line of the HTSUS on {day}"  # pragma: no cover
        raise UnknownHTSCodeError(field, msg)  # pragma: no cover
    return LineReport(line, children)


def _last_version(code: str) -> HTSLine | None:
    """Return the last version of a line that is no longer in force, or ``None``."""
    hts = schedule()
    versions = hts.lines.filter(hts.lines["code"] == code)
    if versions.height == 0:
        return None
    last = versions["valid_to"].max()
    return hts.find(code, last) if last is not None else None  # type: ignore[arg-type]
