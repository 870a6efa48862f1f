"""Reader of the USITC's official HTSUS JSON export (one file per revision).

The export is a JSON array with one object per printed row of the schedule: ``htsno``
(dotted, empty on un-numbered "superior" rows), ``indent``, ``description``, ``units``,
``general``/``special``/``other`` (column 1 General, column 1 Special, column 2), and
``footnotes`` (``{columns, value, type}``). This module validates each record and resolves
what the printed layout leaves implicit: the description path from the indent hierarchy,
rates that 10-digit statistical lines inherit from their 8-digit parent, and footnote
references to Chapter 99 headings.

Law: HTSUS General Notes; the statistical suffixes (9th-10th digits) are not legal
provisions (General Statistical Note 1), so they carry the rate of their 8-digit subheading.
"""

from __future__ import annotations

import gzip
import io
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from goldenage.errors import DataFileError
from goldenage.tariffs.hts_code import digits_of

_CH99_REF = re.compile(r"\b(99\d{2}\.\d{2}\.\d{2})\b")
# Some revisions carry HTML-like markup (<i>, <sup>3</sup>, <il>, <newline>); others do not.
_INLINE_MARKUP = re.compile(r"</?(?:il|i|u|b|em|span|sup|sub)\b[^<>]*>", re.IGNORECASE)
_BREAK_MARKUP = re.compile(r"</?(?:newline|nl|br|p)\b[^<>]*>", re.IGNORECASE)
_RATE_COLUMNS = ("general", "special", "other")


class HTSFormatError(DataFileError):
    """A record of an HTS JSON export is malformed (names file, record index and field)."""


@dataclass(frozen=True)
class HTSRow:
    """One numbered row of one revision, with the implicit parts resolved."""

    code: str  # digits, 4/6/8/10
    htsno: str  # as printed
    indent: int
    description: str
    description_path: tuple[str, ...]  # from the heading down to this row
    units: tuple[str, ...]
    general: str
    special: str
    other: str
    rate_line: str | None  # printed htsno of the row that prints the rate, if any
    footnotes: tuple[dict[str, Any], ...]
    ch99_refs: tuple[str, ...]  # Chapter 99 headings named in this row's or its parent's notes


def _text(record: dict[str, Any], key: str, where: str) -> str:
    value = record.get(key)
    if value is None:
        return ""
    if not isinstance(value, str):
        msg = f"{where}: field '{key}' must be a string or null, got {type(value).__name__}"
        raise HTSFormatError(msg)
    return normalise_text(value)


def normalise_text(text: str) -> str:
    """Drop the markup some revisions carry and collapse whitespace.

    ``m<sup>3</sup>`` becomes ``m3``; line-break tags become spaces.
    """
    return " ".join(_INLINE_MARKUP.sub("", _BREAK_MARKUP.sub(" ", text)).split())


def _validate(record: Any, where: str) -> tuple[str, int, str, tuple[str, ...], list[dict]]:
    if not isinstance(record, dict):
        msg = f"{where}: expected an object, got {type(record).__name__}"
        raise HTSFormatError(msg)
    for key in ("htsno", "indent", "description"):
        if key not in record:
            msg = f"{where}: missing field '{key}'"
            raise HTSFormatError(msg)
    htsno = _text(record, "htsno", where)
    if htsno:
        try:
            digits_of(htsno)
        except ValueError as err:
            msg = f"{where}: field 'htsno': {err}"
            raise HTSFormatError(msg) from err
    raw_indent = record["indent"]
    try:
        indent = int(raw_indent)
    except (TypeError, ValueError) as err:
        msg = f"{where}: field 'indent' must be a whole number, got {raw_indent!r}"
        raise HTSFormatError(msg) from err
    if indent < 0:
        msg = f"{where}: field 'indent' must be >= 0, got {indent}"
        raise HTSFormatError(msg)
    units = record.get("units") or []
    if not isinstance(units, list) or not all(isinstance(u, str) for u in units):
        msg = f"{where}: field 'units' must be a list of strings"
        raise HTSFormatError(msg)
    footnotes = record.get("footnotes") or []
    if not isinstance(footnotes, list) or not all(
        isinstance(f, dict) and isinstance(f.get("value", ""), str) for f in footnotes
    ):
        msg = f"{where}: field 'footnotes' must be a list of {{columns, value, type}} objects"
        raise HTSFormatError(msg)
    cleaned_units = tuple(normalise_text(u).replace("²", "2").replace("³", "3") for u in units if u.strip())
    return htsno, indent, _text(record, "description", where), cleaned_units, footnotes


def _clean_footnote(note: dict[str, Any]) -> dict[str, Any]:
    return {
        "columns": [str(c) for c in note.get("columns") or []],
        "value": normalise_text(str(note.get("value") or "")),
        "type": note.get("type"),
    }


def resolve_rows(records: Iterable[Any], source: str = "<records>") -> list[HTSRow]:
    """Validate records of one revision and resolve descriptions, rates and references.

    Raises :class:`HTSFormatError` on the first malformed record or a duplicate ``htsno``.
    """
    rows: list[HTSRow] = []
    stack: list[tuple[int, str]] = []  # (indent, description) of the open ancestors
    parents: dict[str, HTSRow] = {}  # 8-digit rows seen so far
    seen: set[str] = set()
    for index, record in enumerate(records):
        where = f"{source}: record {index}"
        htsno, indent, description, units, footnotes = _validate(record, where)
        while stack and stack[-1][0] >= indent:
            stack.pop()
        path = (*(d for _, d in stack), description)
        stack.append((indent, description))
        if not htsno:
            continue
        if htsno in seen:
            msg = f"{where}: duplicate htsno {htsno}"
            raise HTSFormatError(msg)
        seen.add(htsno)
        code = digits_of(htsno)
        rates = {col: _text(record, col, where) for col in _RATE_COLUMNS}
        notes = tuple(_clean_footnote(f) for f in footnotes)
        refs = {m for f in notes for m in _CH99_REF.findall(f["value"])}
        rate_line = htsno if rates["general"] else None
        parent = parents.get(code[:8]) if len(code) == 10 else None
        if parent is not None:
            refs |= set(parent.ch99_refs)
            # Column by column: a statistical row sometimes prints one column only
            # (9006.59.15.20 prints its column 2 rate but not the General rate).
            for column in _RATE_COLUMNS:
                if not rates[column]:
                    rates[column] = getattr(parent, column)
            if rate_line is None:
                rate_line = parent.rate_line
        row = HTSRow(
            code=code,
            htsno=htsno,
            indent=indent,
            description=description,
            description_path=path,
            units=units,
            general=rates["general"],
            special=rates["special"],
            other=rates["other"],
            rate_line=rate_line,
            footnotes=notes,
            ch99_refs=tuple(sorted(refs)),
        )
        if len(code) == 8:
            parents[code] = row
        rows.append(row)
    return rows


@dataclass(frozen=True)
class ExportLimits:
    """Bounds on an export read from a file that may come from anyone (sizes in bytes).

    A 2026 export is 13.5 MB of JSON (0.7 MB gzipped) with 35,509 records nested 5 deep
    (array > record > footnotes > footnote > columns); the defaults leave room for growth.
    """

    max_file_bytes: int = 64 * 1024 * 1024  # the file as given (gzip or not)
    max_json_bytes: int = 64 * 1024 * 1024  # the JSON text (after gunzip)
    max_records: int = 200_000
    max_depth: int = 5


LIMITS = ExportLimits()
_GZIP_MAGIC = b"\x1f\x8b"


def read_revision(path: Path, limits: ExportLimits = LIMITS) -> list[HTSRow]:
    """Read one official export (JSON, gzipped or not) and resolve its rows.

    Every bound of ``limits`` is checked before the records are built; any failure raises
    :class:`HTSFormatError` naming the file and what was wrong.
    """
    path = Path(path)
    return parse_export(read_export_bytes(path, limits), str(path), limits)


def parse_export(data: bytes, source: str, limits: ExportLimits = LIMITS) -> list[HTSRow]:
    """Resolve the rows of an export given as bytes (the file's content, gzipped or not)."""
    return resolve_rows(load_records(data, source, limits), source=source)


def read_export_bytes(path: Path, limits: ExportLimits = LIMITS) -> bytes:
    """Return the bytes of an export file, refusing one over ``limits.max_file_bytes``."""
    try:
        size = path.stat().st_size
        if size > limits.max_file_bytes:
            msg = f"{path}: {size:,} bytes, over the limit of {limits.max_file_bytes:,}"
            raise HTSFormatError(msg)
        with path.open("rb") as handle:
            data = handle.read(limits.max_file_bytes + 1)
    except OSError as err:
        msg = f"{path}: not a readable HTS JSON export: {err.strerror or err}"
        raise HTSFormatError(msg) from err
    if len(data) > limits.max_file_bytes:  # it grew while being read
        msg = f"{path}: over the limit of {limits.max_file_bytes:,} bytes"
        raise HTSFormatError(msg)
    return data


def load_records(data: bytes, source: str, limits: ExportLimits = LIMITS) -> list[Any]:
    """Return the records (a JSON array) of an export's bytes, within ``limits``."""
    text = _json_text(data, source, limits)
    try:
        records = json.loads(text, parse_constant=_no_constant)
    except RecursionError as err:
        msg = f"{source}: JSON nested too deep (an export is at most {limits.max_depth} levels)"
        raise HTSFormatError(msg) from err
    except ValueError as err:  # json.JSONDecodeError is a ValueError
        msg = f"{source}: not a readable HTS JSON export: {err}"
        raise HTSFormatError(msg) from err
    if not isinstance(records, list):
        msg = f"{source}: expected a JSON array of records, got {type(records).__name__}"
        raise HTSFormatError(msg)
    if len(records) > limits.max_records:
        msg = f"{source}: {len(records):,} records, over the limit of {limits.max_records:,}"
        raise HTSFormatError(msg)
    _check_depth(records, limits.max_depth, source)
    return records


def _json_text(data: bytes, source: str, limits: ExportLimits) -> str:
    """Return the JSON text of ``data`` (gunzipped when it starts with the gzip magic), size-checked."""
    if data[:2] == _GZIP_MAGIC:
        try:
            with gzip.GzipFile(fileobj=io.BytesIO(data)) as stream:
                data = stream.read(limits.max_json_bytes + 1)
        except (OSError, EOFError) as err:
            msg = f"{source}: not a readable gzip file: {err}"
            raise HTSFormatError(msg) from err
    if len(data) > limits.max_json_bytes:
        msg = f"{source}: the JSON text is over the limit of {limits.max_json_bytes:,} bytes"
        raise HTSFormatError(msg)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        msg = f"{source}: not UTF-8 text ({err})"
        raise HTSFormatError(msg) from err


def _no_constant(name: str) -> None:
    msg = f"{name} is not a JSON number"
    raise ValueError(msg)


def _check_depth(records: list[Any], limit: int, source: str) -> None:
    """Refuse any value nested deeper than ``limit`` (the array itself is level 1)."""
    stack: list[tuple[Any, int, int]] = [(record, 2, index) for index, record in enumerate(records)]
    while stack:
        value, depth, index = stack.pop()
        if isinstance(value, dict | list):
            if depth > limit:
                msg = f"{source}: record {index}: nested {depth} levels deep (an export has at most {limit})"
                raise HTSFormatError(msg)
            children = value.values() if isinstance(value, dict) else value
            stack.extend((child, depth + 1, index) for child in children)
