"""The newest exported HTSUS revision, removed from a copy of the store and added back by a user.

Issue 16, item 4: a copy of ``data/`` without its newest revision, then ``goldenage data
add-revision`` of the official USITC export of that revision (``../shared/data/third_party/
usitc-hts/``): the schedule, the revision list and the answers must be identical to the shipped
store's. The newest revision with an official export is 2026 Revision 10; Revisions 11-20 are
shipped rebuilt from their change records (no export exists to add them back from), so the copy
lacks Revisions 10-20, and it is compared with the shipped store up to Revision 10: its table
without Revisions 11-20 (taken out the same way) and its answers for dates before Revision 11
(2026-07-01): a batch of lines new, changed and unchanged in Revision 10 around its effective
date, single lines, a lookup. The commands run as a user runs them, in processes of their own.
"""

from __future__ import annotations

import csv
import gzip
import json
import os
import random
import shutil
import subprocess
import sys
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from goldenage.paths import data_dir
from goldenage.tariffs.hts_revisions import read_revisions
from goldenage.tariffs.hts_versions import drop_newest

SHARED_HTS = Path(__file__).resolve().parents[3] / "shared" / "data" / "third_party" / "usitc-hts"
NEWEST = SHARED_HTS / "hts_2026_rev_10.json.gz"
PREVIOUS = SHARED_HTS / "hts_2026_rev_9.json.gz"
DATES = ("2026-05-28", "2026-06-07", "2026-06-08", "2026-06-30")  # Revision 11 takes effect 2026-07-01
EXPORTED = "2026_rev_10"  # the newest revision with an official export

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not NEWEST.exists(), reason="the shared USITC exports are not on this machine"),
]


def goldenage(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    script = Path(sys.executable).with_name("goldenage")
    done = subprocess.run([str(script), *args], env=env, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    return done


def up_to(table: pa.Table, revisions: tuple, last: str) -> tuple[pa.Table, tuple]:
    """Return the table and revisions without those after ``last`` (each taken out, newest first)."""
    while revisions[-1].id != last:
        table = drop_newest(table, revisions[-1].id, revisions[-2].id)
        revisions = revisions[:-1]
    return table.sort_by([("code", "ascending"), ("valid_from", "ascending")]), revisions


def numbered_codes(path: Path) -> set[str]:
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        return {r["htsno"].replace(".", "") for r in json.load(handle) if r["htsno"]}


@pytest.fixture(scope="module")
def stores(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, str], dict[str, str], Path]:
    """The shipped store's environment, and a copy's without 2026 Revision 10 (and its data folder)."""
    root = tmp_path_factory.mktemp("roundtrip")
    copy = root / "data"
    shutil.copytree(data_dir(), copy)
    revisions = read_revisions(copy / "hts" / "revisions.csv")
    before = [r.id for r in revisions].index(EXPORTED) - 1
    table, kept = up_to(pq.read_table(copy / "hts" / "hts_lines.parquet"), revisions, revisions[before].id)
    pq.write_table(table, copy / "hts" / "hts_lines.parquet")
    lines = (copy / "hts" / "revisions.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    (copy / "hts" / "revisions.csv").write_text("".join(lines[: len(kept) + 1]), encoding="utf-8")
    base = {k: v for k, v in os.environ.items() if not k.startswith("GOLDENAGE_")}
    shipped = {
        **base,
        "GOLDENAGE_DATA_HOME": str(root / "home-shipped"),
        "GOLDENAGE_CACHE_DIR": str(root / "c1"),
    }
    copied = {
        **base,
        "GOLDENAGE_DATA_DIR": str(copy),
        "GOLDENAGE_DATA_HOME": str(root / "home"),
        "GOLDENAGE_CACHE_DIR": str(root / "c2"),
    }
    return shipped, copied, root


def test_adding_the_newest_revision_back_gives_the_shipped_results(
    stores: tuple[dict[str, str], dict[str, str], Path],
) -> None:
    shipped, copied, root = stores
    before = json.loads(goldenage(copied, "tariff", "compile", "--scenario", "actual", "--json").stdout)
    assert before["hts_revision"] == "2026 HTS Revision 9"
    shipped_table, shipped_revisions = up_to(
        pq.read_table(data_dir() / "hts" / "hts_lines.parquet"),
        read_revisions(data_dir() / "hts" / "revisions.csv"),
        EXPORTED,
    )
    note = shipped_revisions[-1].note
    added = json.loads(
        goldenage(
            copied,
            "data",
            "add-revision",
            str(NEWEST),
            "--revision",
            "2026_rev_10",
            "--effective",
            "2026-06-08",
            "--note",
            note,
            "--json",
        ).stdout
    )
    # The lines Revision 10 creates and retires, counted from the two official exports.
    new = numbered_codes(NEWEST) - numbered_codes(PREVIOUS)
    gone = numbered_codes(PREVIOUS) - numbered_codes(NEWEST)
    assert new  # 9903.82.20-.26 among them
    assert added["follows"] == "2026_rev_9"
    assert added["new_lines"] == len(new)
    assert added["retired_lines"] == len(gone)
    assert added["compiled"]["keys"] > 0

    # The schedule and the revision list are the shipped ones to Revision 10 (the revision is yours).
    (merged,) = (root / "home" / "hts").glob("merged-*")
    assert pq.read_table(merged / "hts_lines.parquet").equals(shipped_table)
    mine = read_revisions(merged / "revisions.csv")
    assert [r.origin for r in mine[-2:]] == ["shipped", "user"]
    assert [(r.id, r.edition, r.effective_date, r.note) for r in mine] == [
        (r.id, r.edition, r.effective_date, r.note) for r in shipped_revisions
    ]
    assert mine[-1].sha256_gz == shipped_revisions[-1].sha256_gz  # the same official file

    # The compiled law was made anew for the added revision: a table of before is never served.
    after = json.loads(goldenage(copied, "tariff", "compile", "--scenario", "actual", "--json").stdout)
    assert after["tables"][0]["table"] != before["tables"][0]["table"]
    assert after["tables"][0]["compiled"] is False  # add-revision compiled it already
    assert after["hts_revision"] == "2026 HTS Revision 10"

    # The answers: a batch of new, changed and unchanged lines around the effective date and today.
    tens = sorted(code for code in numbered_codes(NEWEST) if len(code) == 10)
    codes = sorted(new) + random.Random(16).sample(tens, 300)  # new codes that are no line: the same errors
    entries = root / "entries.csv"
    with entries.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["hts10", "origin", "entry_date", "customs_value"])
        writer.writerows([code, "JP", day, "1000"] for code in codes for day in DATES)
    goldenage(shipped, "tariff", "batch", str(entries), str(root / "shipped.csv"))
    goldenage(copied, "tariff", "batch", str(entries), str(root / "copied.csv"))
    assert (root / "copied.csv").read_bytes() == (root / "shipped.csv").read_bytes()
    for args in (
        ("tariff", "duty", "--hts", "8703.23.01.90", "--value", "30000", "--date", "2026-06-30", "--json"),
        ("tariff", "lookup", min(code for code in new if len(code) == 8), "--date", "2026-06-08", "--json"),
    ):
        assert goldenage(copied, *args).stdout == goldenage(shipped, *args).stdout

    # data status lists the revision as yours, in force from its date.
    status = json.loads(goldenage(copied, "data", "status", "--json").stdout)
    yours = [d for d in status["datasets"] if d["origin"] == "user"]
    assert [(d["id"], d["edition"], d["as_of"]) for d in yours] == [
        ("hts_user_2026_rev_10", "2026 HTS Revision 10", "2026-06-08")
    ]
    assert "applied after the shipped revisions" in yours[0]["note"]
