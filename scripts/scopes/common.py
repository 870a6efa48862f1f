"""Shared by the scope-list build scripts: the sources they read, how to cite them, and the helpers.

The helpers parse the Chapter 99 notes text, hold the lists being built and write them out
(``<id>.csv`` + ``<id>.yaml`` and a generated block of ``PROVENANCE.md``).
"""

from __future__ import annotations

import csv
import datetime as dt
import re
import textwrap
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow.parquet as pq
import yaml

from goldenage.tariffs.scopes import load_scope

REPO = Path(__file__).resolve().parents[2]
DEFAULT_SOURCE = REPO.parent / "shared" / "data" / "third_party"

YALE_REPO = "Budget-Lab-Yale/tariff-rate-tracker"
YALE_COMMIT = "8315fffd697c42559141ed5f8bf7c8fa3da47ae8"
YALE_LICENCE = "MIT (c) The Budget Lab at Yale"
NOTES_FILE = "data/us_notes/chapter99_2026_rev_6.txt"  # path in the Yale repository
NOTES_LICENCE = "USITC text, public domain (17 U.S.C. 105); distributed in an MIT repository"

FR = "https://www.federalregister.gov/d/"
PROVENANCE_HEADER = "# Provenance: data/tariffs/scopes/\n"  # a PROVENANCE.md that does not exist yet
HTS_HREF = "https://hts.usitc.gov/"

D = dt.date.fromisoformat


# --- parsing ------------------------------------------------------------------------------


def digits(code: str) -> str:
    """Return an HTS code without dots."""
    return code.replace(".", "")


class NoteText:
    """The Chapter 99 notes text, with helpers to cut out one subdivision.

    Markers are regular expressions; each script subclasses this with the list parsers it needs.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.lines = path.read_text(encoding="utf-8", errors="replace").splitlines()

    def find(self, marker: str, after: int = 0) -> int:
        """Return the index of the first line at or after ``after`` matching the regex ``marker``."""
        rx = re.compile(marker)
        for i in range(after, len(self.lines)):
            if rx.search(self.lines[i]):
                return i
        msg = f"{self.path.name}: no line matches {marker!r} after line {after + 1}"
        raise SystemExit(msg)

    def block(self, start: str, end: str) -> tuple[int, int]:
        """Return the line range [start, end) from a start marker to the next end marker."""
        first = self.find(start)
        return first, self.find(end, first + 1)


def expect(name: str, codes: list[str], count: int, members: Iterable[str] = ()) -> list[str]:
    """Check a parsed list's size, uniqueness and some hand-checked members; return it."""
    if len(codes) != count or len(set(codes)) != len(codes):
        msg = f"{name}: parsed {len(codes)} codes ({len(set(codes))} distinct), expected {count}"
        raise SystemExit(msg)
    missing = [m for m in members if m not in codes]
    if missing:
        msg = f"{name}: expected codes missing from the parse: {missing}"
        raise SystemExit(msg)
    return codes


def yale_csv(yale: Path, name: str) -> list[dict[str, str]]:
    """Return the rows of a CSV file of the Yale ``resources/`` folder (``yale`` is the checkout)."""
    with (yale / "resources" / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


# --- lists --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    """One CSV row of a scope list (an including row unless ``include`` is false)."""

    prefix: str
    start: dt.date
    end: dt.date | None
    note: str
    include: bool = True


@dataclass
class ScopeList:
    """A scope list being built, with its metadata and the findings to report."""

    id: str
    title: str
    description: str
    reference: list[dict[str, str]]
    sources: list[dict[str, str]]
    complete: bool
    note: str
    legal_text: str
    rows: list[Row] = field(default_factory=list)
    findings: list[str] = field(default_factory=list)
    dating: list[str] = field(default_factory=list)

    def add(self, prefix: str, start: dt.date, note: str, end: dt.date | None = None) -> None:
        """Add an including row."""
        self.rows.append(Row(prefix, start, end, note))


# --- sources and citations ----------------------------------------------------------------


def yale_source(file: str) -> dict[str, str]:
    """Return a source entry for a file of the Yale repository."""
    return {"repository": YALE_REPO, "commit": YALE_COMMIT, "file": file, "licence": YALE_LICENCE}


def notes_source() -> dict[str, str]:
    """Return the source entry of the Chapter 99 notes text."""
    return {
        "repository": YALE_REPO,
        "commit": YALE_COMMIT,
        "file": NOTES_FILE,
        "licence": NOTES_LICENCE,
    }


def hts_note(note: str, edition: str = "2026 Revision 6") -> dict[str, str]:
    """Return a citation of a U.S. note to subchapter III of Chapter 99."""
    return {
        "title": "Harmonized Tariff Schedule of the United States, Chapter 99, subchapter III",
        "document": f"HTSUS {edition}, Chapter 99",
        "section": note,
        "href": HTS_HREF,
        "edition": edition,
    }


def cite(title: str, document: str, section: str, href: str | None = None) -> dict[str, str]:
    """Return a citation of an executive order, proclamation, notice or CBP message."""
    out = {"title": title, "document": document, "section": section}
    if href:
        out["href"] = href
    return out


# --- writing ------------------------------------------------------------------------------


def write_scope(out: Path, s: ScopeList, built_by: str) -> Path:
    """Write ``<id>.csv`` and ``<id>.yaml`` into ``out``; return the path of the CSV."""
    rows = sorted(s.rows, key=lambda r: (r.prefix, r.start, not r.include))
    keys = [(r.prefix, r.start) for r in rows]
    if len(keys) != len(set(keys)):
        msg = f"{s.id}: duplicate prefix/start rows"
        raise SystemExit(msg)
    path = out / f"{s.id}.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(("prefix", "include", "start", "end", "note"))
        for r in rows:
            writer.writerow(
                (
                    r.prefix,
                    "true" if r.include else "false",
                    r.start.isoformat(),
                    r.end.isoformat() if r.end else "",
                    r.note,
                )
            )
    meta = {
        "description": s.description,
        "reference": s.reference,
        "sources": s.sources,
        "built_by": built_by,
        "complete": s.complete,
        "note": s.note,
    }
    text = yaml.safe_dump(meta, sort_keys=False, allow_unicode=True, width=100)
    (out / f"{s.id}.yaml").write_text(text, encoding="utf-8")
    return path


def write_provenance(out: Path, block: str, *, begin: str, end: str, header: str) -> None:
    """Insert or replace a generated block in ``out/PROVENANCE.md``, keeping everything else.

    The block runs from the line ``begin`` to the line ``end``; a missing file starts as ``header``.
    """
    path = out / "PROVENANCE.md"
    text = path.read_text(encoding="utf-8") if path.exists() else header
    if begin in text and end in text:
        head, _, rest = text.partition(begin)
        _, _, tail = rest.partition(end)
        text = head + block.rstrip("\n") + tail
    else:
        text = text.rstrip("\n") + "\n\n" + block
    path.write_text(text, encoding="utf-8")


# --- checks shared by the build scripts ---------------------------------------------------


class HtsLines:
    """Validity intervals of every HTSUS line prefix (4, 6, 8 and 10 digits)."""

    def __init__(self, path: Path) -> None:
        table = pq.read_table(path, columns=["code", "valid_from", "valid_to"]).to_pylist()
        self.spans: dict[str, list[tuple[dt.date, dt.date | None]]] = {}
        for rec in table:
            code = rec["code"]
            for n in (4, 6, 8, 10):
                if len(code) >= n:
                    self.spans.setdefault(code[:n], []).append((rec["valid_from"], rec["valid_to"]))

    def in_force(self, prefix: str, on: dt.date) -> bool:
        """Return whether some HTSUS line under ``prefix`` is in force on ``on``."""
        return any(lo <= on and (hi is None or on <= hi) for lo, hi in self.spans.get(prefix, ()))


def check_lines(lists: dict[str, ScopeList], hts: HtsLines, unlisted: Iterable[tuple[str, str]] = ()) -> None:
    """Fail unless every row's prefix is an HTSUS line in force on the row's start date.

    ``unlisted`` holds the (list, prefix) pairs of later revisions that are not in the table;
    they were reported in PROVENANCE.md and are kept.
    """
    kept = set(unlisted)
    bad = [
        f"{s.id}:{r.prefix}@{r.start}"
        for s in lists.values()
        for r in s.rows
        if (s.id, r.prefix) not in kept and not hts.in_force(r.prefix, r.start)
    ]
    if bad:
        msg = f"prefixes that are no HTSUS line on their start date: {bad}"
        raise SystemExit(msg)


def write_checked(out: Path, s: ScopeList, built_by: str) -> None:
    """Write ``<id>.csv`` and ``<id>.yaml`` and load them back through the package loader."""
    path = write_scope(out, s, built_by)
    loaded = load_scope(path)
    if len(loaded.entries) != len(s.rows):
        msg = f"{s.id}: wrote {len(s.rows)} rows, loaded {len(loaded.entries)}"
        raise SystemExit(msg)


def bullet(text: str) -> str:
    """Return a Markdown bullet wrapped at 100 columns."""
    return textwrap.fill(text, width=100, initial_indent="- ", subsequent_indent="  ", break_on_hyphens=False)


def list_section(s: ScopeList, built_by: str) -> list[str]:
    """Return the lines of one list's section of PROVENANCE.md (title, sources, note, dating, checks)."""
    parts = [f"## {s.id}", ""]
    parts.append(
        textwrap.fill(f"{s.title}. {len(s.rows)} rows; complete: {'yes' if s.complete else 'NO'}.", width=100)
    )
    parts.append("")
    parts.append(bullet(f"Legal text: {s.legal_text}."))
    for src in s.sources:
        commit = (src.get("commit") or "")[:12]
        where = f"{src['repository']} @ `{commit}`; " if src.get("repository") else ""
        parts.append(bullet(f"Source: `{src['file']}` ({where}{src['licence']})."))
    parts.append(bullet(f"Built by: `{built_by}`."))
    parts.append(bullet(f"Note: {s.note}"))
    parts += [bullet(f"Dating: {item}") for item in s.dating]
    parts += [bullet(f"Check: {finding}") for finding in s.findings]
    return parts


CHANGE_RECORDS = REPO / "data" / "hts" / "changes"


def rebuilt_revision_transfers() -> dict[str, tuple[dt.date, tuple[str, ...]]]:
    """Return, for every 10-digit line a rebuilt revision retired, its date and the lines it went to.

    From ``data/hts/changes/`` (the change records of 2026 Revisions 11-20, see docs/data.md).
    """
    with (CHANGE_RECORDS / "revisions_after_rev10.csv").open(encoding="utf-8") as handle:
        dates = {r["revision"]: D(r["effective_date"]) for r in csv.DictReader(handle)}
    with (CHANGE_RECORDS / "after_rev10.csv").open(encoding="utf-8") as handle:
        return {
            digits(r["item"]): (dates[r["revision"]], tuple(digits(c) for c in r["related"].split()))
            for r in csv.DictReader(handle)
            if r["change"] != "established"
        }


def carry_to_successors(s: ScopeList) -> None:
    """Add, for each 10-digit row of a line a rebuilt revision retired, rows of the lines it went to.

    A note that prints a statistical number keeps covering the goods of that number after a
    revision moves them to new numbers (the statistical suffixes are no legal provisions, General
    Statistical Note 1): each successor is in scope from the date of the change, as long as the
    row it comes from. The list's findings name every row added.
    """
    transfers = rebuilt_revision_transfers()
    present = {(r.prefix, r.start) for r in s.rows}
    added = []
    for row in list(s.rows):
        if len(row.prefix) != 10 or row.prefix not in transfers or not row.include:
            continue
        on, successors = transfers[row.prefix]
        if row.start >= on or (row.end is not None and row.end < on):
            continue
        for successor in successors:
            if (successor, on) in present:
                continue
            note = (
                f"{row.note}; from {on}, successor of {row.prefix} (retired by the change record of that day)"
            )
            s.rows.append(Row(successor, on, row.end, note))
            present.add((successor, on))
            added.append(f"{row.prefix}->{successor}")
    if added:
        s.findings.append(
            f"Lines retired on 2026-07-01 by 2026 Revision 11 (rebuilt from its change record,"
            f" data/hts/changes/) carried to the lines they were transferred to: {', '.join(added)}."
        )
