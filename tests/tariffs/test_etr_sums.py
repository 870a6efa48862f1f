"""The daily series' sums per segment, stored by ``goldenage tariff compile`` (goldenage.tariffs.etr_sums).

A series of the shipped weights reads them instead of the table compiled ahead; it must be the
series the table gives, to the last bit, and never one of other rules, data or weights, nor
one read from a changed file.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from goldenage.paths import data_dir
from goldenage.tariffs import etr_segments
from goldenage.tariffs.etr import EtrSeries, etr_series
from goldenage.tariffs.etr_segments import compile_sums
from goldenage.tariffs.etr_sums import WEIGHTS, folder_for, read_sums
from goldenage.tariffs.kernel.ahead import compile_ahead
from goldenage.tariffs.kernel.store import CACHE_ENV
from goldenage.tariffs.weights import SHIPPED, load_weights


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A store with the actual scenario's table and its series sums (the environment points at it)."""
    folder = tmp_path_factory.mktemp("sums-store")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(CACHE_ENV, str(folder))
        compile_ahead("actual")
        assert compile_sums("actual") == folder_for("actual")
        yield folder


def _assert_same(got: EtrSeries, expected: EtrSeries) -> None:
    assert got.to_json() == expected.to_json()
    assert (got.evaluated, got.rows, got.weights_source) == (
        expected.evaluated,
        expected.rows,
        expected.weights_source,
    )
    for name in ("days", "etr", "coverage", "weight_usd", "computed_usd"):
        assert np.array_equal(getattr(got, name), getattr(expected, name), equal_nan=True), name
    for name, rates in expected.by_authority.items():
        assert np.array_equal(got.by_authority[name], rates, equal_nan=True), name


def test_the_weights_file_is_the_shipped_one() -> None:
    assert WEIGHTS == SHIPPED


@pytest.mark.parametrize(
    ("first", "last"),
    [
        ("2025-01-01", "2026-12-07"),  # the command's default period (to the day of these tests)
        ("2025-04-05", "2025-08-07"),  # starts inside a segment, ends inside another
        ("2025-09-16", "2025-09-16"),  # one day, the first of a segment
        ("2026-12-31", "2026-12-31"),  # the last day of the coverage
    ],
)
def test_the_stored_sums_give_the_series_of_the_table_to_the_bit(
    store: Path, monkeypatch: pytest.MonkeyPatch, first: str, last: str
) -> None:
    assert read_sums("actual") is not None
    # Given as a Weights object, the shipped weights are summed from the table as before.
    expected = etr_series(first, last, weights=load_weights(None))

    def refuse(*args: object) -> None:
        msg = "the sums were computed instead of read"
        raise AssertionError(msg)

    monkeypatch.setattr(etr_segments, "segment_sums", refuse)
    _assert_same(etr_series(first, last), expected)


def test_a_changed_sums_file_is_never_used(store: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    expected = etr_series("2025-01-01", "2026-12-31", weights=load_weights(None))
    folder = folder_for("actual")
    assert folder is not None
    duty = folder / "duty.npy"
    data = bytearray(duty.read_bytes())
    data[-8:] = np.array([1e190]).tobytes()  # a huge duty in the last segment
    duty.write_bytes(bytes(data))
    assert read_sums("actual") is None
    assert not folder.exists()  # deleted: the next compile writes it again
    _assert_same(etr_series("2025-01-01", "2026-12-31"), expected)  # from the table
    compile_sums("actual")
    assert read_sums("actual") is not None


def test_adding_a_revision_compiles_the_sums_with_the_table(
    store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # `goldenage data add-revision` compiles the law ahead again (goldenage.cli.data._compile):
    # the series' sums too, or the series would be summed from the table until the next
    # `goldenage tariff compile`.
    from goldenage.cli import data as data_command
    from goldenage.tariffs import search_index

    folder = folder_for("actual")
    assert folder is not None
    shutil.rmtree(folder)
    assert read_sums("actual") is None
    monkeypatch.setattr(search_index, "ensure_index", lambda: None)  # not this test's subject
    assert data_command._compile() is not None
    assert read_sums("actual") is not None


_COMMAND = """
import contextlib, io, json, sys
from goldenage.cli.app import main
out = io.StringIO()
with contextlib.redirect_stdout(out), contextlib.suppress(SystemExit):
    main(["tariff", "etr", "--json", "--to", "2026-11-30"])
heavy = ("polars", "scipy", "rich", "goldenage.tariffs.kernel.table", "goldenage.tariffs.law")
print(json.dumps({"days": len(json.loads(out.getvalue())["series"]),
                  "imported": [name for name in heavy if name in sys.modules]}))
"""


def test_the_command_reads_the_sums_without_polars_the_table_or_the_rules(store: Path) -> None:
    # `goldenage tariff etr --json` after `goldenage tariff compile`, in a fresh process: the
    # series of 2025-01-01 to 2026-11-30 (699 days) from the stored sums; neither polars, scipy
    # nor the table or the rules are imported (their imports were most of the command's time).
    environment = {**os.environ, CACHE_ENV: str(store)}
    done = subprocess.run(  # noqa: S603 - our own interpreter and script
        [sys.executable, "-c", _COMMAND], capture_output=True, text=True, env=environment, check=True
    )
    assert json.loads(done.stdout) == {"days": 699, "imported": []}


# --- never stale: each step in a process of its own, on a copy of the data ---------------------

_STEP = """
import json, sys
from goldenage.tariffs import law
from goldenage.tariffs.etr import etr_series
from goldenage.tariffs.etr_segments import compile_sums
from goldenage.tariffs.kernel import table
from goldenage.tariffs.kernel.ahead import compile_ahead
if sys.argv[1] == "compile":
    compile_ahead("actual", lines=[9503000073])
    compile_sums("actual")
    table._OPEN.clear()
point = etr_series("2026-08-01", "2026-08-01").point(0)
print(json.dumps({"etr": point.etr, "coverage": point.coverage, "table": bool(table._OPEN),
                  "rules": law.law_for.cache_info().currsize > 0}))
"""
RATE = Path("params/us/s301/jp_floor_rate.yaml")


def _step(kind: str, data: Path, cache: Path) -> dict:
    environment = {
        **{k: v for k, v in os.environ.items() if not k.startswith("GOLDENAGE_")},
        "GOLDENAGE_DATA_DIR": str(data),
        "GOLDENAGE_DATA_HOME": str(data.parent / "home"),
        CACHE_ENV: str(cache),
    }
    done = subprocess.run(  # noqa: S603 - our own interpreter and script
        [sys.executable, "-c", _STEP, kind], capture_output=True, text=True, env=environment, check=True
    )
    return json.loads(done.stdout)


def _weights(data: Path, valid_to: str = "") -> None:
    """Make the shipped weights of ``data`` one line: toys of Japan, $10,000 from 2025-01-01."""
    header = "hts10,value_usd,description,calculated_duty_usd,valid_from,valid_to,census_hts10,mapping\n"
    row = f"9503000073,10000,TOYS,0,2025-01-01,{valid_to},9503000073,identity\n"
    (data / WEIGHTS).write_text(header + row, encoding="utf-8")
    meta = data / WEIGHTS.with_suffix(".yaml")
    lines = meta.read_text(encoding="utf-8").splitlines(keepends=True)
    rows = [at for at, line in enumerate(lines) if line.startswith("rows:")]
    assert len(rows) == 1
    lines[rows[0]] = "rows: 1\n"
    meta.write_text("".join(lines), encoding="utf-8")


def test_changed_parameters_or_weights_are_never_served_from_old_sums(tmp_path: Path) -> None:
    data, cache = tmp_path / "data", tmp_path / "cache"
    shutil.copytree(data_dir(), data)
    _weights(data)
    # Toys of Japan (9503.00.00.73, column 1 Free) on 2026-08-01: the Section 301 rate of 12.5%
    # inclusive (91 FR 47318; U.S. note 52(k)) is the only duty, so the ETR of this one line is
    # 12.5% of its value, and all of its weight is computed.
    assert _step("compile", data, cache)["etr"] == pytest.approx(0.125, abs=1e-12)
    stored = {"etr": pytest.approx(0.125, abs=1e-12), "coverage": 1.0, "table": False, "rules": False}
    assert _step("answer", data, cache) == stored  # from the sums: the table is not even opened
    sums = sorted(cache.glob("series-actual-*"))
    assert len(sums) == 1
    # The rate at 17.5%: new rules and data, so neither the old table nor the old sums serve.
    text = (data / RATE).read_text(encoding="utf-8")
    assert text.count("value: 0.125") == 1
    (data / RATE).write_text(text.replace("value: 0.125", "value: 0.175"), encoding="utf-8")
    rules = _step("answer", data, cache)
    assert (rules["etr"], rules["rules"]) == (pytest.approx(0.175, abs=1e-12), True)
    assert sums[0].is_dir()  # the old sums are still there, and were not read
    assert _step("compile", data, cache)["etr"] == pytest.approx(0.175, abs=1e-12)
    assert len(list(cache.glob("series-actual-*"))) == 1  # the new sums replaced the old ones
    assert _step("answer", data, cache)["table"] is False
    # The weights end on 2026-07-31: on 2026-08-01 no weight is in force, so no rate and no
    # coverage, from the table (the rules and data are unchanged; the stored sums are not).
    _weights(data, valid_to="2026-07-31")
    assert _step("answer", data, cache) == {"etr": None, "coverage": None, "table": True, "rules": False}
