"""Find the HTSUS lines of a product by words (or a code prefix), ranked, with what goods of Japan pay.

``goldenage tariff search``, ``GET /api/tariff/search`` and the web calculator's search call
:func:`search`. Words are matched by SQLite FTS5 over each line's whole description path
(:mod:`.search_index`), with stemming, British and American spellings, everyday synonyms and
one-typo tolerance (:mod:`.search_terms`), and ranked by BM25: a word in the line's own
description counts most, then in its heading, then in the subheadings between. Every word must
match (in any of its alternatives); when no line has them all, lines having some are shown,
said so. Words search the goods of chapters 1 to 97: chapter 98 (special classification
provisions) and chapter 99 (temporary legislation, trade remedies) name no goods of their own
and are found by their codes. Digits search by code prefix, in code order.

Each line found carries the total duty rate of goods of Japan entered on the date, every
layer included (column 1, Section 232, the blanket layer of the day), without declarations:
the rates per dollar of the compiled law (:meth:`.kernel.compiled.CompiledLaw.rates`), the
same rules as ``goldenage tariff duty``.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from goldenage.tariffs.inputs import parse_date
from goldenage.tariffs.kernel.compiled import compiled
from goldenage.tariffs.kernel.frame import EntryFrame
from goldenage.tariffs.kernel.layout import AUTHORITIES, NEEDS_QUANTITY, OK
from goldenage.tariffs.scenario_names import scenario_name
from goldenage.tariffs.search_index import query
from goldenage.tariffs.search_terms import FIELD, Group, groups, parse_query

MAX_RESULTS = 50
ORIGIN = "JP"  # the totals are those of goods of Japan, the origin goldenage models
# BM25 weights of the index's columns (heading, parents, leaf): what a line is (its heading,
# its own description) before what it is part of or used with.
WEIGHTS = (3.0, 1.0, 2.0)
SYNONYM = 0.8  # weight of a match by an everyday synonym rather than the word itself
# The lines Japan ships most come first among lines of similar relevance: the score is
# multiplied by 1 + PRIOR x sqrt(the line's 2024 US imports from Japan / the largest among the
# lines found) (Census; data/weights/).
PRIOR = 0.5
_IN_FORCE = "l.valid_from <= :day AND (l.valid_to IS NULL OR l.valid_to >= :day)"
# An 8-digit line is shown only where no statistical line under it is in force on the day.
_LEAF = (
    "(length(l.code) = 10 OR NOT EXISTS (SELECT 1 FROM lines c WHERE c.parent = l.code AND "
    "c.valid_from <= :day AND (c.valid_to IS NULL OR c.valid_to >= :day)))"
)
_COLUMNS = "l.code, l.htsno, l.description, l.path, l.general"


@dataclass(frozen=True)
class SearchHit:
    """A line found, with the total rate goods of Japan pay on the date (``None``: see ``rate_note``)."""

    code: str
    htsno: str
    description: str
    path: str
    general: str
    score: float = 0.0  # relevance (higher first); 0 for a code-prefix search
    total_rate: float | None = None  # every layer, as a fraction of the customs value
    layers: tuple[tuple[str, float], ...] = ()  # (authority, rate) of the layers that charge
    rate_note: str | None = None  # why there is no total rate

    def to_json(self) -> dict[str, Any]:
        """Return the hit as JSON-ready data (rates as fractions, rounded to 1e-6)."""
        return {
            "code": self.code,
            "htsno": self.htsno,
            "description": self.description,
            "path": self.path,
            "general": self.general,
            "score": round(self.score, 4),
            "total_rate": None if self.total_rate is None else round(self.total_rate, 6),
            "total_rate_text": percent(self.total_rate),
            "layers": [{"authority": a, "rate": round(r, 6)} for a, r in self.layers],
            "rate_note": self.rate_note,
        }


@dataclass(frozen=True)
class SearchResult:
    """What a search found, and how it read the query."""

    query: str
    date: dt.date
    scenario: str
    hits: tuple[SearchHit, ...]
    groups: tuple[Group, ...] = ()
    every_word: bool = True  # False: no line had every word; these lines have some

    @property
    def corrections(self) -> dict[str, list[str]]:
        """Return the words read as typos and the words of the schedule searched instead."""
        return {g.word: list(g.corrected) for g in self.groups if g.corrected}

    def to_json(self) -> dict[str, Any]:
        """Return the document of ``goldenage tariff search --json`` and ``GET /api/tariff/search``."""
        return {
            "query": self.query,
            "date": self.date.isoformat(),
            "scenario": self.scenario,
            "origin": ORIGIN,
            "searched": {g.word: list(g.searched) for g in self.groups},
            "corrections": self.corrections,
            "every_word": self.every_word,
            "lines": [hit.to_json() for hit in self.hits],
        }


def percent(rate: float | None) -> str | None:
    """Return a rate as a percentage with at most three decimals (``0.125`` -> ``12.5%``)."""
    if rate is None:
        return None
    return f"{rate * 100:.3f}".rstrip("0").rstrip(".") + "%"


def _occurs(term: str) -> bool:
    return bool(query("SELECT 1 FROM docs WHERE docs MATCH ? LIMIT 1", (f'"{term}"',)))


def _frequent(candidates: set[str]) -> list[str]:
    if not candidates:
        return []
    marks = ", ".join("?" * len(candidates))
    sql = f"SELECT word FROM words WHERE word IN ({marks}) ORDER BY n DESC, word"  # noqa: S608 - placeholders
    return [row[0] for row in query(sql, tuple(candidates))]


def _matches(term: str, day: dt.date) -> dict[int, tuple[float, float]]:
    """Return the lines shown on ``day`` that match ``term``: id -> (BM25 score, imports)."""
    weights = ", ".join(str(w) for w in WEIGHTS)
    sql = (
        f"SELECT l.id, -bm25(docs, {weights}), l.imports FROM docs JOIN lines l ON l.id = docs.rowid "  # noqa: S608
        f"WHERE docs MATCH :match AND {_IN_FORCE} AND {_LEAF} AND substr(l.code, 1, 2) NOT IN ('98', '99')"
    )
    rows = query(sql, {"match": f'"{term}"', "day": day.isoformat()})  # type: ignore[arg-type]
    return {row[0]: (row[1], row[2]) for row in rows}


def _group_scores(group: Group, day: dt.date, imports: dict[int, float]) -> dict[int, float]:
    """Return the score of each line matching one query word (any of its alternatives).

    A line's score is its best BM25 score among the word's alternatives; an everyday synonym
    counts at most as much as the best line matching the word itself (a rare synonym would
    otherwise outrank the word), times :data:`SYNONYM`.
    """
    scores: dict[int, float] = {}
    for term in group.alternatives:
        for line, (score, value) in _matches(term, day).items():
            scores[line] = max(scores.get(line, 0.0), score)
            imports[line] = value
    cap = max(scores.values(), default=float("inf"))
    for term in group.expansions:
        for line, (score, value) in _matches(term, day).items():
            scores[line] = max(scores.get(line, 0.0), SYNONYM * min(score, cap))
            imports[line] = value
    return scores


def _ranked(parts: list[Group], day: dt.date, limit: int) -> tuple[list[tuple], bool]:
    """Return the rows of the best ``limit`` lines and whether they match every word.

    The score of a line is the sum of its scores for each query word, times
    ``1 + PRIOR x sqrt(imports / the largest imports among the lines found)``.
    """
    imports: dict[int, float] = {}
    per_word = [_group_scores(group, day, imports) for group in parts]
    every = set.intersection(*(set(s) for s in per_word))
    found = every or set().union(*(set(s) for s in per_word))
    if not found:
        return [], True
    top = max(imports[i] for i in found) or 1.0
    score = {
        i: sum(s.get(i, 0.0) for s in per_word) * (1 + PRIOR * math.sqrt(imports[i] / top)) for i in found
    }
    best = sorted(found, key=lambda i: -score[i])[: limit * 2]
    marks = ", ".join("?" * len(best))
    rows = query(f"SELECT l.id, {_COLUMNS} FROM lines l WHERE l.id IN ({marks})", tuple(best))  # noqa: S608
    ordered = sorted(rows, key=lambda row: (-score[row[0]], row[1]))[:limit]
    return [(*row[1:], score[row[0]]) for row in ordered], bool(every)


def _by_prefix(prefix: str, day: dt.date, limit: int) -> list[tuple]:
    sql = (
        f"SELECT {_COLUMNS}, 0.0 FROM lines l WHERE l.code LIKE :prefix AND {_IN_FORCE} AND {_LEAF} "  # noqa: S608 - constants only
        "ORDER BY l.code LIMIT :limit"
    )
    return query(sql, {"prefix": prefix + "%", "day": day.isoformat(), "limit": limit})  # type: ignore[arg-type]


def _with_rates(rows: list[tuple], day: dt.date, scenario: str) -> tuple[SearchHit, ...]:
    """Return the hits of ``rows`` with the total rate of goods of Japan on ``day``."""
    ten = [i for i, row in enumerate(rows) if len(row[0]) == 10]  # noqa: PLR2004 - statistical lines
    rated: dict[int, tuple[float | None, tuple[tuple[str, float], ...], str | None]] = {}
    if ten:
        codes = np.array([int(rows[i][0]) for i in ten], dtype=np.int64)
        frame = EntryFrame.of(
            code=codes, day=np.full(len(ten), np.datetime64(day, "D")), value=np.ones(len(ten))
        )
        found = compiled(scenario).rates(frame)
        for k, i in enumerate(ten):
            status = int(found.status[k])
            if status == OK:
                column = found.rates[:, k]
                layers = tuple((a, float(r)) for a, r in zip(AUTHORITIES, column, strict=True) if r != 0)
                rated[i] = (float(column.sum()), layers, None)
            elif status == NEEDS_QUANTITY:
                rated[i] = (None, (), "a specific or compound rate: the total depends on the quantity")
            else:
                rated[i] = (None, (), str(found.errors[k]) if found.errors[k] is not None else "not computed")
    hits = []
    for i, (code, htsno, description, path, general, score) in enumerate(rows):
        total, layers, note = rated.get(
            i, (None, (), "an 8-digit line without statistical lines: see its duty")
        )
        hits.append(SearchHit(code, htsno, description, path, general, float(score), total, layers, note))
    return tuple(hits)


def search(
    text: str, on: str | dt.date, limit: int = 20, field: str = FIELD, scenario: str | None = None
) -> SearchResult:
    """Return up to ``limit`` lines in force on ``on`` matching ``text``, most relevant first.

    ``field`` names the query in errors (the web form calls it ``q``). Raises
    :class:`~goldenage.errors.InputError` for a bad query and
    :class:`~goldenage.tariffs.errors.CoverageError` for a date outside the data.
    """
    day = parse_date(on)
    name = scenario_name(scenario)
    start, end = (d.item() for d in compiled(name).coverage)
    if not start <= day <= end:
        from goldenage.tariffs.schedule import schedule  # noqa: PLC0415 - the error names the coverage

        schedule().revision_at(day)
    prefix, words = parse_query(text, field)
    limit = max(1, min(int(limit), MAX_RESULTS))
    if prefix is not None:
        return SearchResult(text, day, name, _with_rates(_by_prefix(prefix, day, limit), day, name))
    parts = groups(words, _occurs, _frequent)
    rows, every = _ranked(parts, day, limit)
    return SearchResult(text, day, name, _with_rates(rows, day, name), tuple(parts), every)


def search_lines(query_text: str, on: str | dt.date, limit: int = 20, field: str = FIELD) -> list[SearchHit]:
    """Return the hits of :func:`search` (kept for callers that need only the lines)."""
    return list(search(query_text, on, limit, field).hits)


__all__ = ["MAX_RESULTS", "SearchHit", "SearchResult", "percent", "search", "search_lines"]
