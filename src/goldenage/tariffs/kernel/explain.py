"""The explanations of the law compiled ahead: what the rules decided for each key, in words.

``goldenage tariff compile`` evaluates the rules on a customs value of 1 with their details
(headings, reasons, citations, bases) for every key of the table (:mod:`.ahead`). Keys of
different lines and periods mostly share what the rules decided (1,257,228 keys, a few
thousand distinct explanations), so the rows of an evaluation are grouped by every detail
:func:`.render.explanation` reads, one explanation is made per group, and each key keeps the
index of its explanation (:mod:`.table`). A single entry line is then rendered from its key's
explanation (:func:`.render.render`) without evaluating the rules.

Stored as data (JSON): the explanations as lists of numbers and indexes into a table of
strings and a table of citations.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from typing import Any

import numpy as np
import polars as pl

from goldenage.provenance.citation import Citation
from goldenage.tariffs.kernel.layout import AUTHORITIES, FEE_PARAMETERS
from goldenage.tariffs.kernel.render import (
    AuthorityPart,
    Column1Part,
    DefaultPart,
    Explanation,
    FeePart,
    explanation,
)
from goldenage.tariffs.kernel.state import State

FORMAT = 3  # bump when the stored form changes


def _identities(column: np.ndarray) -> np.ndarray:
    """Return the identity of every element of an object column (the same object, the same number).

    Read from the array's buffer of object references, without a Python loop. Grouping rows by
    identity never merges different values; two equal texts that are distinct objects only
    make two groups, whose explanations are found equal when stored (:class:`Explanations`).
    """
    return np.frombuffer(np.ascontiguousarray(column, dtype=object), dtype=np.intp)


def _bits(column: np.ndarray) -> np.ndarray:
    """Return floats as their bit patterns (exact comparison; a NaN equals the same NaN)."""
    return np.ascontiguousarray(column, dtype=np.float64).view(np.int64)


def _codes(column: np.ndarray) -> np.ndarray:
    """Return integers equal where the values of a column of any kind are equal (see above)."""
    kind = column.dtype.kind
    if kind == "O":
        return _identities(column)
    if kind == "f":
        return _bits(column)
    if kind in "iub":
        return column.astype(np.int64)
    return np.unique(column, return_inverse=True)[1].reshape(-1).astype(np.int64)  # text


def _cited_periods(state: State, cite: np.ndarray, identities: np.ndarray) -> np.ndarray:
    """Return, per row, the period index of the parameter its outcome cites (-1: none)."""
    out = np.full(len(cite), -1, dtype=np.int64)
    for identity in pl.Series(identities).unique().to_list():
        rows = identities == identity
        parameter_id = cite[int(np.argmax(rows))]
        if parameter_id is not None:
            parameter = state.ctx.param(parameter_id)
            out[rows] = parameter.per_index[parameter.pidx[rows]]
    return out


def signature(state: State) -> dict[str, np.ndarray]:
    """Return, per row, every input of :func:`.render.explanation` as integer columns.

    Two rows with equal columns have equal explanations (a test mutates each part of the
    explanation and checks that the signature sees it).
    """
    mfn, ctx = state.mfn, state.ctx
    columns = {
        "failed": ctx.frame.failed.astype(np.int64),
        "loaded": np.asarray(ctx.frame.loaded_on, dtype="datetime64[D]").view(np.int64),
        "mfn text": _identities(mfn.text),
        "mfn column": _identities(mfn.column),
        "mfn ad valorem": _bits(mfn.ad_valorem_rate),
        "mfn amount": _bits(mfn.amount),
        "ave": _bits(state.ave),
        "s232": _identities(state.s232),
    }
    for name in AUTHORITIES[1:]:
        out = state.outcomes[name]
        cited = _identities(out.cite)
        columns |= {
            f"{name} applied": out.applied.astype(np.int64),
            f"{name} heading": _identities(out.heading),
            f"{name} reason": out.reason.astype(np.int64),
            f"{name} kind": out.kind.astype(np.int64),
            f"{name} rate": _bits(out.rate),
            f"{name} base": _bits(out.base),
            f"{name} label": _identities(out.label),
            f"{name} cite": cited,
            f"{name} cited period": _cited_periods(state, out.cite, cited),
            f"{name} amount": _bits(out.amount),
        }
    for parameter_id in FEE_PARAMETERS:
        parameter = ctx.param(parameter_id)
        columns[parameter_id] = _bits(parameter.value)
        columns[parameter_id + " period"] = parameter.per_index[parameter.pidx].astype(np.int64)
    for at, (_, rows) in enumerate(state.notes):
        columns[f"note {at}"] = rows.astype(np.int64)
    for at, (_, rows, values, _) in enumerate(state.defaults):
        columns[f"default {at}"] = rows.astype(np.int64)
        for name, value in values.items():
            columns[f"default {at} {name}"] = np.where(rows, _codes(np.asarray(value)), 0)
    return columns


def group(state: State) -> tuple[np.ndarray, list[Explanation]]:
    """Return the explanation of every row of ``state`` as an index into the list returned (-1: failed).

    ``state`` was evaluated on a customs value of 1, unrounded, with details. Rows are grouped
    by a 64-bit hash of their signature, then every column is compared with its group's first
    row; on a hash collision (never seen) the rows are grouped exactly by sorting instead.
    """
    columns = signature(state)
    n = len(state.ctx.frame)
    if n == 0:
        return np.zeros(0, dtype=np.int64), []
    hashes = pl.DataFrame(columns).hash_rows()
    first = pl.DataFrame({"hash": hashes}).with_row_index("row").select(pl.col("row").min().over("hash"))
    first = first.to_series().to_numpy().astype(np.int64)
    if any(not np.array_equal(column, column.take(first)) for column in columns.values()):
        _, first_of, inverse = np.unique(
            np.column_stack(list(columns.values())), axis=0, return_index=True, return_inverse=True
        )
        first = first_of[inverse.reshape(-1)]
    chosen = np.flatnonzero(first == np.arange(n))
    kept = chosen[~state.ctx.frame.failed[chosen]]  # "failed" is in the signature: whole groups
    position = np.full(n, -1, dtype=np.int64)
    position[kept] = np.arange(len(kept))
    return position.take(first), [explanation(state, row, per_dollar=True) for row in kept.tolist()]


class Explanations:
    """The distinct explanations of a table being compiled, with their strings and citations."""

    def __init__(self) -> None:
        self._strings: dict[str | None, int] = {}
        self._citations: dict[Citation, int] = {}
        self._records: dict[str, int] = {}

    def __len__(self) -> int:
        return len(self._records)

    def add(self, state: State) -> np.ndarray:
        """Return the index of every row's explanation among all those added (-1: failed row)."""
        index, made = group(state)
        known = np.array([self._record(e) for e in made] + [-1], dtype=np.int64)
        return known.take(index)  # index -1 takes the trailing -1

    def _string(self, text: str | None) -> int:
        return self._strings.setdefault(text, len(self._strings))

    def _citation(self, citation: Citation | None) -> int:
        return -1 if citation is None else self._citations.setdefault(citation, len(self._citations))

    def _record(self, made: Explanation) -> int:
        s, c = self._string, self._citation
        mfn = made.mfn
        record = [
            [s(mfn.text), s(mfn.column), mfn.ad_valorem_rate, mfn.amount, mfn.ave],
            [
                [
                    s(a.authority),
                    a.applied,
                    s(a.heading),
                    s(a.reason),
                    a.kind,
                    a.rate,
                    a.base,
                    s(a.label),
                    c(a.citation),
                    a.amount,
                    s(a.exempt),
                ]
                for a in made.authorities
            ],
            s(made.s232),
            [list(made.fees.values), [c(x) for x in made.fees.citations]],
            [
                [s(d.message), [[s(k), _encoded(v)] for k, v in d.values], [s(k) for k in d.scaled]]
                for d in made.defaults
            ],
            [s(note) for note in made.notes],
            s(made.loaded),
        ]
        text = json.dumps(record, separators=(",", ":"))
        return self._records.setdefault(text, len(self._records))

    def to_json(self) -> str:
        """Return the explanations, strings and citations as one JSON document."""
        return json.dumps(
            {
                "format": FORMAT,
                "strings": list(self._strings),
                "citations": [c.model_dump(mode="json", exclude_none=True) for c in self._citations],
                "records": [json.loads(text) for text in self._records],
            },
            separators=(",", ":"),
        )


class StoredExplanations:
    """The explanations of a table, read from its JSON; each one built on first use."""

    def __init__(self, text: str | bytes) -> None:
        payload = json.loads(text)
        if payload.get("format") != FORMAT:
            msg = f"explanations of format {payload.get('format')!r}, not {FORMAT}"
            raise ValueError(msg)
        self._strings: list[str | None] = payload["strings"]
        self._citations = [Citation.model_validate(c) for c in payload["citations"]]
        self._records: list[Any] = payload["records"]
        self._made: dict[int, Explanation] = {}

    def __len__(self) -> int:
        return len(self._records)

    def __getitem__(self, index: int) -> Explanation:
        """Return the explanation at ``index`` (an ``IndexError`` outside the table)."""
        found = self._made.get(index)
        if found is None:
            found = self._made[index] = self._build(self._records[index])
        return found

    def _build(self, record: list[Any]) -> Explanation:
        s, c = self._strings.__getitem__, self._citation
        mfn, authorities, s232, fees, defaults, notes, loaded = record
        return Explanation(
            mfn=Column1Part(s(mfn[0]), s(mfn[1]), _number(mfn[2]), mfn[3], mfn[4]),  # type: ignore[arg-type]
            authorities=tuple(
                AuthorityPart(
                    authority=s(a[0]),  # type: ignore[arg-type]
                    applied=a[1],
                    heading=s(a[2]),
                    reason=s(a[3]),  # type: ignore[arg-type]
                    kind=a[4],
                    rate=a[5],
                    base=a[6],
                    label=s(a[7]),
                    citation=c(a[8]),
                    amount=a[9],
                    exempt=s(a[10]),  # type: ignore[arg-type]
                )
                for a in authorities
            ),
            s232=s(s232),
            fees=FeePart(tuple(fees[0]), tuple(c(x) for x in fees[1])),  # type: ignore[arg-type]
            defaults=tuple(
                DefaultPart(s(m), tuple((s(k), _decoded(v)) for k, v in values), tuple(s(k) for k in scaled))  # type: ignore[misc]
                for m, values, scaled in defaults
            ),
            notes=tuple(s(note) for note in notes),  # type: ignore[misc]
            loaded=s(loaded),  # type: ignore[arg-type]
            per_dollar=True,
        )

    def _citation(self, index: int) -> Citation | None:
        return None if index < 0 else self._citations[index]


def _encoded(value: object) -> object:
    """Return a value a default names as JSON data (a date as ``{"date": "YYYY-MM-DD"}``)."""
    return {"date": value.isoformat()} if isinstance(value, dt.date) else value


def _decoded(value: object) -> object:
    """Return the value :func:`_encoded` stored."""
    return dt.date.fromisoformat(value["date"]) if isinstance(value, dict) else value


def _number(value: float | None) -> float | None:
    return None if value is None or math.isnan(value) else value


__all__ = ["Explanations", "StoredExplanations", "group", "signature"]
