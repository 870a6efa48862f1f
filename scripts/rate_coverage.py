"""Measure how much of the real HTSUS rate text ``goldenage.tariffs.rate_text`` parses.

Reads every USITC JSON export in ``--hts-dir`` (default ``../shared/data/third_party/usitc-hts``
relative to the repository root) and counts, for the General, Special and column 2 (Other)
columns, the rows with non-empty text and the share parsed, separately for chapters 01-97 and
98-99, over all revisions (each revision's row counts once). A Special text counts as parsed
when every rate part of it parses (:func:`parse_special`). Prints Markdown: the shares, the
rows by kind of rate and by formula tag, and every distinct text that fails with its reason.

Usage: ``python scripts/rate_coverage.py [--hts-dir DIR]``.
"""

from __future__ import annotations

import argparse
import gzip
import json
from collections import Counter
from pathlib import Path

from goldenage.tariffs.errors import RateParseError
from goldenage.tariffs.rate_text import KINDS, RateExpression, parse_rate, parse_special

REPO = Path(__file__).resolve().parents[1]
DEFAULT_HTS_DIR = REPO.parent / "shared" / "data" / "third_party" / "usitc-hts"
COLUMNS = ("general", "special", "other")
GROUPS = ("01-97", "98-99")

Key = tuple[str, str, str]  # column, chapter group, text


def count_texts(hts_dir: Path) -> tuple[Counter[Key], int]:
    """Return rows per (column, chapter group, text) over all revisions, and the file count."""
    paths = sorted(hts_dir.glob("hts_*.json.gz"))
    if not paths:
        msg = f"no hts_*.json.gz export in {hts_dir}"
        raise SystemExit(msg)
    rows: Counter[Key] = Counter()
    for path in paths:
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            records = json.load(handle)
        chapter = ""
        for record in records:
            chapter = (record.get("htsno") or "")[:2] or chapter  # unnumbered rows: last chapter
            group = "98-99" if chapter in ("98", "99") else "01-97"
            for column in COLUMNS:
                text = record.get(column) or ""
                if text.strip():
                    rows[(column, group, text)] += 1
    return rows, len(paths)


def rates_of(column: str, text: str) -> tuple[RateExpression, ...] | str:
    """Return the distinct rates of a text (one, or one per Special program), or the error."""
    try:
        if column == "special":
            return tuple(dict.fromkeys(parse_special(text).values()))
        return (parse_rate(text),)
    except RateParseError as err:
        return err.reason


def report(rows: Counter[Key], files: int) -> str:
    """Return the Markdown report of the counted rows."""
    total: Counter[tuple[str, str]] = Counter()
    parsed: Counter[tuple[str, str]] = Counter()
    by_kind: Counter[tuple[str, str, str]] = Counter()
    by_tag: Counter[tuple[str, str, str]] = Counter()
    failures: list[tuple[str, str, int, str, str]] = []
    for (column, group, text), n in rows.items():
        total[(column, group)] += n
        rates = rates_of(column, text)
        if isinstance(rates, str):
            failures.append((column, group, n, text, rates))
            continue
        parsed[(column, group)] += n
        for kind in {rate.kind for rate in rates}:
            by_kind[(column, group, kind)] += n
        for rate in {(rate.kind, rate.formula) for rate in rates if rate.formula}:
            by_tag[(group, *rate)] += n
    lines = [
        f"Rate lines of {files} HTSUS revisions (each revision's row counted once).",
        "",
        "| column | chapters | rate lines | parsed | share parsed |",
        "|---|---|---:|---:|---:|",
    ]
    for column in COLUMNS:
        for group in GROUPS:
            n, ok = total[(column, group)], parsed[(column, group)]
            share = f"{ok / n:.3%}" if n else "n/a"
            lines.append(f"| {column} | {group} | {n:,} | {ok:,} | {share} |")
    lines += ["", "Rows by kind (a Special row counts once for each kind among its programs):", ""]
    lines += ["| column | chapters | " + " | ".join(KINDS) + " |"]
    lines += ["|---|---|" + "---:|" * len(KINDS)]
    for column in COLUMNS:
        for group in GROUPS:
            cells = " | ".join(f"{by_kind[(column, group, kind)]:,}" for kind in KINDS)
            lines.append(f"| {column} | {group} | {cells} |")
    lines += ["", "Rows with a formula tag, all columns:", ""]
    lines += ["| chapters | kind | formula | rows |", "|---|---|---|---:|"]
    for (group, kind, tag), n in sorted(by_tag.items()):
        lines.append(f"| {group} | {kind} | {tag} | {n:,} |")
    lines += ["", f"Distinct texts that fail: {len(failures)}", ""]
    if failures:
        lines += ["| column | chapters | rows | text | reason |", "|---|---|---:|---|---|"]
        for column, group, n, text, reason in sorted(failures):
            shown = " ".join(text.split()).replace("|", "\\|")
            lines.append(f"| {column} | {group} | {n:,} | `{shown}` | {reason} |")
    return "\n".join(lines)


def main() -> None:
    """Parse the command line, count and print the report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hts-dir", type=Path, default=DEFAULT_HTS_DIR)
    args = parser.parse_args()
    rows, files = count_texts(args.hts_dir)
    print(report(rows, files))


if __name__ == "__main__":
    main()
