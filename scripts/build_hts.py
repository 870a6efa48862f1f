"""Build the date-versioned HTSUS table shipped in ``data/hts/`` from the USITC JSON exports.

Reads every revision export in ``--source`` (default ``../shared/data/third_party/usitc-hts``)
in effective-date order, resolves each revision's rows (description paths, inherited rates,
Chapter 99 references; see ``goldenage.tariffs.hts_source``) and stores each distinct
version of a line once, with ``valid_from``/``valid_to`` (inclusive) dates and the
revisions that carried it. Writes:

- ``data/hts/hts_lines.parquet``: the table;
- ``data/hts/revisions.csv``: each revision, its effective date, source file and sha256.

After the exported revisions come those rebuilt from their USITC change records
(``data/hts/changes/``, see :mod:`goldenage.tariffs.hts_changes`): each is the revision before
it with the numbered lines of its change record established or retired; its catalogue row names
the change-record file and that file's sha256.

Usage: ``python scripts/build_hts.py [--source DIR] [--out DIR]``.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import hashlib
import sys
from collections.abc import Iterator
from pathlib import Path

import pyarrow.parquet as pq

from goldenage.tariffs.hts_changes import apply_changes, read_changes, read_revisions
from goldenage.tariffs.hts_revisions import edition_label
from goldenage.tariffs.hts_source import read_revision
from goldenage.tariffs.hts_versions import merge_revisions, to_table

REPO = Path(__file__).resolve().parents[1]
CHANGES_DIR = REPO / "data" / "hts" / "changes"
CHANGED_REVISIONS = "revisions_after_rev10.csv"
CHANGE_ITEMS = "after_rev10.csv"
DEFAULT_SOURCE = REPO.parent / "shared" / "data" / "third_party" / "usitc-hts"

# Revisions present as files but absent from the source's revision_dates.csv, with the
# date and reason for including them (see docs/data.md).
EXTRA_REVISIONS = {
    "2026_rev_8": (
        "2026-05-22",
        "Editorial-only revision (descriptions of 9819.11.12, AGOA apparel); effective date "
        "'published May 22' per the note on 2026_rev_9 in revision_dates.csv",
    ),
}


def source_file(revision: str) -> str:
    """Map a revision id of revision_dates.csv to its export's file name."""
    year, _, rest = revision.partition("_") if revision.startswith("2026") else ("2025", "", revision)
    return f"hts_{year}_{rest}.json.gz"


def read_revision_dates(source: Path) -> list[dict[str, str]]:
    """Return the revisions in effective-date order with their dates and notes."""
    with (source / "revision_dates.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    revisions = [
        {
            "revision": r["revision"],
            "effective_date": r["effective_date"],
            "note": r["policy_event"],
        }
        for r in rows
    ]
    for revision, (date, note) in EXTRA_REVISIONS.items():
        if (source / source_file(revision)).exists():
            revisions.append({"revision": revision, "effective_date": date, "note": note})
    revisions.sort(key=lambda r: r["effective_date"])
    dates = [r["effective_date"] for r in revisions]
    if len(set(dates)) != len(dates):
        msg = f"two revisions share an effective date: {dates}"
        raise SystemExit(msg)
    return revisions


def build(source: Path, out: Path, changes: Path = CHANGES_DIR) -> None:
    """Build the table and the revision list from the exports in ``source`` and the change records."""
    revisions = read_revision_dates(source)
    catalogue = []

    def each_revision() -> Iterator[tuple[str, dt.date, list]]:
        rows: list = []
        for rev in revisions:
            path = source / source_file(rev["revision"])
            rows = read_revision(path)
            catalogue.append(
                {
                    "revision": rev["revision"],
                    "edition": edition_label(rev["revision"]),
                    "effective_date": rev["effective_date"],
                    "source_file": path.name,
                    "sha256_gz": hashlib.sha256(path.read_bytes()).hexdigest(),
                    "rows": len(rows),
                    "note": "" if rev["note"] == "NA" else rev["note"],
                }
            )
            print(
                f"{rev['revision']:>12} {rev['effective_date']} {len(rows):>6} rows",
                file=sys.stderr,
            )
            yield rev["revision"], dt.date.fromisoformat(rev["effective_date"]), rows
        yield from rebuilt_revisions(changes, rows, catalogue)

    table = to_table(merge_revisions(each_revision()))
    out.mkdir(parents=True, exist_ok=True)
    pq.write_table(table, out / "hts_lines.parquet", compression="zstd", compression_level=12)
    with (out / "revisions.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(catalogue[0]))
        writer.writeheader()
        writer.writerows(catalogue)
    print(
        f"wrote {table.num_rows} line versions from {len(catalogue)} revisions to {out}",
        file=sys.stderr,
    )


def rebuilt_revisions(
    changes: Path, rows: list, catalogue: list[dict[str, object]]
) -> Iterator[tuple[str, dt.date, list]]:
    """Yield the revisions rebuilt from change records after the last export (``rows``)."""
    index = changes / CHANGED_REVISIONS
    if not index.exists():
        return
    items_file = changes / CHANGE_ITEMS
    items = read_changes(items_file)
    digest = hashlib.sha256(items_file.read_bytes()).hexdigest()
    for revision in read_revisions(index):
        rows = apply_changes(rows, items, revision)
        catalogue.append(
            {
                "revision": revision.id,
                "edition": revision.edition,
                "effective_date": revision.effective_date.isoformat(),
                "source_file": f"changes/{CHANGE_ITEMS}",
                "sha256_gz": digest,
                "rows": len(rows),
                "note": f"{revision.change_record}. {revision.note}",
            }
        )
        print(
            f"{revision.id:>12} {revision.effective_date} {len(rows):>6} rows (change record)",
            file=sys.stderr,
        )
        yield revision.id, revision.effective_date, rows


def main() -> None:
    """Parse arguments and build."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE)
    parser.add_argument("--out", type=Path, default=REPO / "data" / "hts")
    args = parser.parse_args()
    build(args.source, args.out)


if __name__ == "__main__":
    main()
