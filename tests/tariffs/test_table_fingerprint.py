"""The law compiled ahead is never served once its inputs changed (its fingerprint check).

A table is named by a fingerprint of the rules' code and every data file they read, the HTSUS
revisions a user added included (:func:`goldenage.tariffs.kernel.store.fingerprint`), and
carries it in its facts. Each test compiles a table from a copy of the shipped data, answers a
line from it, then changes that copy, by a parameter file or by a revision a user adds
(``goldenage data add-revision``): the next process must answer from the rules with the new
rate, although the old table is still on disk. Each step runs in a process of its own, as a
user's commands would.
"""

from __future__ import annotations

import gzip
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from test_revision_roundtrip import (
    up_to,  # the same way of taking revisions out (tests/tariffs is on the path)
)

from goldenage.paths import data_dir
from goldenage.tariffs.hts_revisions import read_revisions
from goldenage.tariffs.kernel.store import CACHE_ENV

_STEP = """
import json, sys
from goldenage.tariffs import calc, law
from goldenage.tariffs.kernel.ahead import compile_ahead
kind, code, day = sys.argv[1:]
if kind == "compile":
    compile_ahead("actual", lines=[int(code)])
result = calc.duty(code, "JP", day, 10_000)
mfn = result.duties[0]
print(json.dumps({"total": result.duty_total, "mfn": [mfn.rate_text, mfn.amount],
                  "rules": law.law_for.cache_info().currsize > 0}))
"""
RATE = Path("params/us/s301/jp_floor_rate.yaml")
SHARED_HTS = Path(__file__).resolve().parents[3] / "shared" / "data" / "third_party" / "usitc-hts"
REVISION_10 = SHARED_HTS / "hts_2026_rev_10.json.gz"


def _environment(data: Path, cache: Path, home: Path | None = None) -> dict[str, str]:
    return {
        **{k: v for k, v in os.environ.items() if not k.startswith("GOLDENAGE_")},
        "GOLDENAGE_DATA_DIR": str(data),
        "GOLDENAGE_DATA_HOME": str(home or data.parent / "home"),
        CACHE_ENV: str(cache),
    }


def _step(kind: str, data: Path, cache: Path, code: str = "9503000073", day: str = "2026-08-01") -> dict:
    done = subprocess.run(  # noqa: S603 - our own interpreter and script
        [sys.executable, "-c", _STEP, kind, code, day],
        capture_output=True,
        text=True,
        env=_environment(data, cache),
        check=True,
    )
    return json.loads(done.stdout)


def test_a_changed_parameter_file_is_never_served_from_the_old_table(tmp_path: Path) -> None:
    data, cache = tmp_path / "data", tmp_path / "cache"
    shutil.copytree(data_dir(), data)
    # Toys of Japan (9503.00.00.73, column 1 Free) entered 2026-08-01 at $10,000: the Section 301
    # rate of 12.5% inclusive (91 FR 47318; U.S. note 52(k)) adds 12.5% = 1,250.00.
    assert _step("compile", data, cache)["total"] == 1_250.0  # compiling loads the rules
    assert _step("answer", data, cache) == {"total": 1_250.0, "mfn": ["Free", 0.0], "rules": False}
    tables = sorted(cache.glob("table-actual-*"))
    assert len(tables) == 1
    # The same file with the rate at 17.5%: 17.5% x 10,000 = 1,750.00, from the rules.
    text = (data / RATE).read_text(encoding="utf-8")
    assert text.count("value: 0.125") == 1
    (data / RATE).write_text(text.replace("value: 0.125", "value: 0.175"), encoding="utf-8")
    assert _step("answer", data, cache) == {"total": 1_750.0, "mfn": ["Free", 0.0], "rules": True}
    assert tables[0].is_dir()  # the old table is still there, and was not read
    # Compiled again, the new table answers without the rules, with the new rate.
    assert _step("compile", data, cache)["total"] == 1_750.0
    assert _step("answer", data, cache) == {"total": 1_750.0, "mfn": ["Free", 0.0], "rules": False}
    assert len(list(cache.glob("table-actual-*"))) == 1
    assert not tables[0].exists()  # the new table replaced the old one


@pytest.mark.slow
@pytest.mark.skipif(not REVISION_10.exists(), reason="the shared USITC exports are not on this machine")
def test_a_revision_a_user_adds_is_never_served_from_the_old_table(tmp_path: Path) -> None:
    # A copy of the data that ends with 2026 Revision 9; a table compiled from it answers a laptop
    # (8471.30.01.00, column 1 Free) entered 2026-06-15. The user then adds Revision 10 from
    # its official export, in which this test set the laptop's General rate to 5%: from
    # 2026-06-08 the laptop pays 5% x 10,000 = 500.00 of column 1, from the rules, although
    # the old table is still on disk.
    data, cache = tmp_path / "data", tmp_path / "cache"
    shutil.copytree(data_dir(), data)
    revisions = read_revisions(data / "hts" / "revisions.csv")
    table, kept = up_to(pq.read_table(data / "hts" / "hts_lines.parquet"), revisions, "2026_rev_9")
    pq.write_table(table, data / "hts" / "hts_lines.parquet")
    catalogue = (data / "hts" / "revisions.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    (data / "hts" / "revisions.csv").write_text("".join(catalogue[: len(kept) + 1]), encoding="utf-8")
    laptop = ("8471300100", "2026-06-15")
    assert _step("compile", data, cache, *laptop)["mfn"] == ["Free", 0.0]
    assert _step("answer", data, cache, *laptop)["rules"] is False  # from the table
    with gzip.open(REVISION_10, "rt", encoding="utf-8") as handle:
        records = json.load(handle)
    changed = [r for r in records if r.get("htsno") == "8471.30.01.00"]
    assert len(changed) == 1
    changed[0]["general"] = "5%"
    export = tmp_path / "hts_2026_rev_10.json.gz"
    export.write_bytes(gzip.compress(json.dumps(records).encode()))
    add = ["data", "add-revision", str(export), "--revision", "2026_rev_10", "--effective", "2026-06-08"]
    done = subprocess.run(  # noqa: S603 - our own command
        [str(Path(sys.executable).with_name("goldenage")), *add, "--no-compile"],
        capture_output=True,
        text=True,
        env=_environment(data, cache),
        check=False,
    )
    assert done.returncode == 0, done.stderr
    tables = sorted(cache.glob("table-actual-*"))
    answer = _step("answer", data, cache, *laptop)
    assert (answer["mfn"], answer["rules"]) == (["5%", 500.0], True)
    assert tables == sorted(cache.glob("table-actual-*"))  # the old table is still there, and was not read
