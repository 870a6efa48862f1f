"""Search the HTSUS lines in force on a date by words of their description (or a code prefix).

The tariff engine looks lines up by code (:mod:`goldenage.tariffs.lookup`); a person who
does not know the code types words instead (``goldenage tariff search``, the web calculator).
This reads the engine's own schedule (:func:`goldenage.tariffs.schedule.schedule`) and only
filters it: every word must appear in the line's description path (case-insensitive); digits
search by code prefix.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import cache
from typing import Any

import polars as pl

from goldenage.errors import InputError
from goldenage.tariffs.inputs import parse_date
from goldenage.tariffs.schedule import schedule

MAX_QUERY = 100
MAX_WORDS = 8
MAX_RESULTS = 50
FIELD = "query"
ACCEPTED = (
    "one to eight words of a description (e.g. 'passenger motor vehicles') or the first digits of a code"
)
_WORD = re.compile(r"[^\W_]+(?:[-'][^\W_]+)*", re.UNICODE)


@dataclass(frozen=True)
class SearchHit:
    """A line matching the search."""

    code: str
    htsno: str
    description: str
    path: str
    general: str

    def to_json(self) -> dict[str, Any]:
        """Return the hit as JSON-ready data."""
        return {
            "code": self.code,
            "htsno": self.htsno,
            "description": self.description,
            "path": self.path,
            "general": self.general,
        }


@cache
def _searchable() -> pl.DataFrame:
    """Return the 8- and 10-digit lines with their lower-cased description path."""
    lines = schedule().lines.filter(pl.col("code").str.len_chars().is_in([8, 10]))
    path = pl.col("description_path").list.join(" › ")
    return lines.select(
        "code",
        "htsno",
        "description",
        path.alias("path"),
        path.str.to_lowercase().alias("haystack"),
        "general",
        "valid_from",
        "valid_to",
    )


def parse_query(query: str, field: str = FIELD) -> tuple[str | None, list[str]]:
    """Return ``(code prefix, words)`` of a query; bad queries raise :class:`InputError` on ``field``."""
    text = str(query).strip()
    if not text or len(text) > MAX_QUERY:
        msg = "is empty" if not text else f"is longer than {MAX_QUERY} characters"
        raise InputError(field, msg, ACCEPTED)
    compact = text.replace(".", "").replace(" ", "")
    if compact.isdigit() and compact.isascii():
        if len(compact) > 10:
            msg = f"{text!r} has more than 10 digits"
            raise InputError(field, msg, ACCEPTED)
        return compact, []
    words = [w.lower() for w in _WORD.findall(text)]
    if not words or len(words) > MAX_WORDS:
        msg = f"{text!r} has no searchable word" if not words else f"{text!r} has more than {MAX_WORDS} words"
        raise InputError(field, msg, ACCEPTED)
    return None, words


def search_lines(query: str, on: str | dt.date, limit: int = 20, field: str = FIELD) -> list[SearchHit]:
    """Return up to ``limit`` lines in force on ``on`` matching ``query`` (10-digit lines first).

    ``field`` names the query in errors (the web form calls it ``q``).
    """
    day = parse_date(on)
    schedule().revision_at(day)  # raises CoverageError outside the data
    prefix, words = parse_query(query, field)
    limit = max(1, min(int(limit), MAX_RESULTS))
    live = _searchable().filter(
        (pl.col("valid_from") <= day) & (pl.col("valid_to").is_null() | (pl.col("valid_to") >= day))
    )
    if prefix is not None:
        found = live.filter(pl.col("code").str.starts_with(prefix))
    else:
        found = live
        for word in words:
            found = found.filter(pl.col("haystack").str.contains(word, literal=True))
    parents = set(found.filter(pl.col("code").str.len_chars() == 10)["code"].str.slice(0, 8).to_list())
    found = found.filter((pl.col("code").str.len_chars() == 10) | ~pl.col("code").is_in(sorted(parents)))
    found = found.sort("code").head(limit)
    return [
        SearchHit(row["code"], row["htsno"], row["description"], row["path"], row["general"] or "")
        for row in found.iter_rows(named=True)
    ]
