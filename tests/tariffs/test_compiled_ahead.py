"""The law compiled ahead for every line (goldenage.tariffs.kernel.ahead / .table).

One table is built for the module (about 4 s: every 10-digit line of the HTSUS in every
period of the actual scenario) in a store of its own.
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
from test_compiled import (  # the same random frames (tests/tariffs is on the path)
    _random_frame,
    assert_equal_amounts,
)

from goldenage.errors import InputError
from goldenage.tariffs.kernel.ahead import compile_ahead
from goldenage.tariffs.kernel.compiled import CompiledLaw, engine_amounts
from goldenage.tariffs.kernel.frame import EntryFrame
from goldenage.tariffs.kernel.store import CACHE_ENV
from goldenage.tariffs.kernel.table import folder_for, open_table, write_table
from goldenage.tariffs.law import law_for

CLI = str(Path(sys.executable).parent / "goldenage")


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A store holding the actual scenario's table (the environment points at it meanwhile)."""
    folder = tmp_path_factory.mktemp("ahead-store")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(CACHE_ENV, str(folder))
        done = compile_ahead("actual")
        assert done.fresh
        yield folder


def test_the_table_holds_every_line_in_every_period(store: Path) -> None:
    table = open_table("actual")
    assert table is not None
    starts = CompiledLaw("actual", saved=False).starts
    assert len(table.keys) == len(table.codes) * len(starts)
    assert bool(np.all(np.diff(table.keys) > 0))  # sorted, distinct: a binary search finds them
    again = compile_ahead("actual")
    assert not again.fresh  # up to date: nothing compiled
    assert again.folder == folder_for("actual")


def test_keys_from_the_table_equal_the_engine_to_the_cent(store: Path) -> None:
    # Random lines of every chapter with quantities, metal values, every declaration (keys the
    # table lacks are compiled by the rules) and codes that are no line at all.
    law = law_for("actual")
    frame = _random_frame(4_000, 321)
    expected = engine_amounts(frame.take(np.arange(len(frame))), law)
    compiled = CompiledLaw(law)
    assert compiled.compiled_ahead
    assert_equal_amounts(compiled.amounts(frame), expected)


def test_a_code_that_is_no_line_is_refused_without_the_rules(store: Path) -> None:
    compiled = CompiledLaw(law_for("actual"))
    frame = EntryFrame.of(
        code=np.array([101999999, 101999999]),
        day=np.array(["2025-03-01", "2026-03-01"], dtype="datetime64[D]"),
        value=[1_000.0, 1_000.0],
    )
    got = compiled.amounts(frame)
    assert got.failed.tolist() == [True, True]
    assert compiled.size == 0  # refused from the table's list of codes: no key compiled or copied
    # The message names the revision in force, as column 1 of the engine words it.
    assert str(got.error[0]).startswith("hts10: 0101.99.99.99 is not a line of the HTSUS in force")
    assert str(got.error[0]) == str(engine_amounts(frame.take(np.arange(2)), law_for("actual")).error[0])
    assert str(got.error[0]) != str(got.error[1])  # two revisions


_RUN = """
import sys
import polars as pl
from goldenage.tariffs.batch import compute
out = compute(pl.DataFrame({"hts10": ["8479500000", "0101999999"], "origin": ["JP", "JP"],
                            "entry_date": ["2025-10-01", "2025-10-01"], "customs_value": ["1000", "5"]}))
print(out["duty_total"][0], out["error"][1] is not None, "goldenage.tariffs.kernel.engine" in sys.modules,
      "goldenage.params.loader" in sys.modules)
"""


def test_a_first_run_served_by_the_table_never_loads_the_rules(store: Path, tmp_path: Path) -> None:
    # An empty store of the run's own keys beside the table: the keys come from the table.
    for stored in store.glob("compiled-*"):
        shutil.rmtree(stored)
    environment = {**os.environ, CACHE_ENV: str(store)}
    done = subprocess.run(  # noqa: S603 - our own interpreter and script
        [sys.executable, "-c", _RUN], capture_output=True, text=True, env=environment, check=True
    )
    # Robot 8479.50.00.00 on 2025-10-01, $1,000: 15% all-in under the agreement = 150.00; the
    # code that is no line is refused.
    assert done.stdout.split() == ["150.0", "True", "False", "False"]


_SERIES = """
import json, sys
from goldenage.tariffs import law
from goldenage.tariffs.etr import etr_series
series = etr_series("2025-01-01", "2026-11-30")
print(json.dumps({"etr": [None if x != x else x for x in series.etr.tolist()],
                  "rules": law.law_for.cache_info().currsize > 0,
                  "engine": "goldenage.tariffs.kernel.engine" in sys.modules}))
"""


def test_the_daily_series_is_read_from_the_table_without_the_rules(store: Path) -> None:
    # The series of every weighted line (the watches' 8-digit subheadings included) in a fresh
    # process: no rule module imported, no law loaded, and the same rates as the rules give.
    environment = {**os.environ, CACHE_ENV: str(store)}
    done = subprocess.run(  # noqa: S603 - our own interpreter and script
        [sys.executable, "-c", _SERIES], capture_output=True, text=True, env=environment, check=True
    )
    got = json.loads(done.stdout)
    assert (got["rules"], got["engine"]) == (False, False)
    rules = subprocess.run(  # noqa: S603 - the same with the store off: the rules
        [sys.executable, "-c", _SERIES],
        capture_output=True,
        text=True,
        env={**environment, CACHE_ENV: "off"},
        check=True,
    )
    expected = json.loads(rules.stdout)
    assert expected["rules"] is True
    assert got["etr"] == expected["etr"]


def test_an_unreadable_table_is_ignored(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(CACHE_ENV, str(tmp_path))
    folder = folder_for("actual")
    assert folder is not None
    folder.mkdir()
    (folder / "keys.npy").write_bytes(b"not an array")
    assert open_table("actual") is None
    compiled = CompiledLaw(law_for("actual"))
    assert not compiled.compiled_ahead
    frame = EntryFrame.of(
        code=np.array([8479500000]), day=np.array(["2025-10-01"], dtype="datetime64[D]"), value=[1_000.0]
    )
    assert compiled.amounts(frame).total.tolist() == [150.0]


def test_the_command_compiles_once_and_says_so(store: Path) -> None:
    environment = {**os.environ, CACHE_ENV: str(store)}
    done = subprocess.run(
        [CLI, "tariff", "compile", "--scenario", "actual", "--json"],
        capture_output=True,
        text=True,
        env=environment,
        check=False,
    )  # noqa: S603
    assert done.returncode == 0, done.stderr
    (payload,) = json.loads(done.stdout)["tables"]
    assert payload["scenario"] == "actual"
    assert payload["compiled"] is False  # the module's table is up to date
    assert payload["keys"] == len(open_table("actual").keys)  # type: ignore[union-attr]
    text = subprocess.run(
        [CLI, "tariff", "compile", "--scenario", "actual"],
        capture_output=True,
        text=True,
        env=environment,
        check=False,
    )  # noqa: S603
    assert text.returncode == 0
    assert text.stdout.startswith("actual: ")
    assert "up to date" in text.stdout


def test_the_command_refuses_without_a_store_or_with_an_unknown_scenario() -> None:
    environment = {**os.environ, CACHE_ENV: "off"}
    done = subprocess.run(
        [CLI, "tariff", "compile"], capture_output=True, text=True, env=environment, check=False
    )  # noqa: S603
    assert done.returncode == 2
    assert "GOLDENAGE_CACHE_DIR" in done.stderr
    done = subprocess.run(
        [CLI, "tariff", "compile", "--scenario", "nope"], capture_output=True, text=True, check=False
    )  # noqa: S603
    assert done.returncode == 2
    assert "--scenario" in done.stderr


def test_a_new_table_removes_the_tables_of_older_rules(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv(CACHE_ENV, str(tmp_path))
    older = tmp_path / "table-no_deal-0123456789abcdef"  # another scenario, other rules
    older.mkdir()
    writing = tmp_path / "table-actual-0123456789abcdef.partial-x1"  # another process's, unfinished
    writing.mkdir()
    arrays = {
        "keys": np.array([1], dtype=np.int64),
        "charges": np.zeros((0, 1)),
        "columns": np.zeros((0, 1), dtype=np.int8),
        "count": np.zeros(1, dtype=np.int64),
        "status": np.zeros(1, dtype=np.int8),
        "errors": np.array([None], dtype=object),
        "label": np.zeros(1, dtype=np.int32),
        "label_texts": [],
    }
    folder = write_table("actual", arrays, {"starts": np.zeros(0)}, np.array([0]))
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([folder.name, writing.name])
    table = open_table("actual")
    assert table is not None
    assert table.find(np.array([1, 2], dtype=np.int64))[0].tolist() == [True, False]


# --- the cache holds data only, checked on open (issue 17, item 7) ---------------------------


def test_a_corrupted_table_array_is_never_used(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    # One changed byte of charges.npy gave a batch total of 8.2e190 with exit 0: the table is now
    # checked against its checksums when opened, and a changed one is deleted, not used.
    monkeypatch.setenv(CACHE_ENV, str(tmp_path))
    frame = EntryFrame.of(
        code=np.array([8479500000]), day=np.array(["2025-10-01"], dtype="datetime64[D]"), value=[1_000.0]
    )
    done = compile_ahead("actual")
    charges = done.folder / "charges.npy"
    data = bytearray(charges.read_bytes())
    data[-8:] = np.array([1e190]).tobytes()  # a huge rate per dollar in the last key's slot
    charges.write_bytes(bytes(data))
    from goldenage.tariffs.kernel import table as table_module

    table_module._OPEN.clear()
    assert open_table("actual") is None
    assert not done.folder.exists()  # deleted: the next compile writes it again
    compiled = CompiledLaw(law_for("actual"))
    # Robot 8479.50.00.00 on 2025-10-01, $1,000: 15% all-in under the agreement = 150.00.
    assert compiled.amounts(frame).total.tolist() == [150.0]


def test_the_cache_has_no_pickle_and_refuses_foreign_classes(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from goldenage.tariffs.kernel import cachefile

    monkeypatch.setenv(CACHE_ENV, str(tmp_path))
    folder = compile_ahead("actual").folder
    names = sorted(p.name for p in folder.iterdir())
    assert "extra.pickle" not in names
    assert {"manifest.json", "meta.json", "keys.npy"} <= set(names)
    assert not [n for n in names if n.endswith((".pickle", ".pkl"))]
    for record in ({"class": "os:system", "args": ["true"]}, {"class": "builtins:eval", "args": ["1"]}):
        with pytest.raises(cachefile.CorruptCacheError):
            cachefile.error_from_record(record)
    error = cachefile.error_from_record(
        cachefile.error_record(InputError("--quantity", "is required", "a number"))
    )
    assert (type(error), str(error), error.field) == (
        InputError,
        "--quantity: is required (expected a number)",
        "--quantity",
    )


def test_a_corrupted_store_is_rebuilt(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from goldenage.tariffs.kernel.store import path_for

    monkeypatch.setenv(CACHE_ENV, str(tmp_path))
    frame = EntryFrame.of(
        code=np.array([8479500000]), day=np.array(["2025-10-01"], dtype="datetime64[D]"), value=[1_000.0]
    )
    first = CompiledLaw(law_for("actual"))
    first.amounts(frame)
    first.flush()
    stored = path_for("actual")
    charges = stored / "charges.npy"
    data = bytearray(charges.read_bytes())
    data[-8:] = np.array([1e190]).tobytes()
    charges.write_bytes(bytes(data))
    second = CompiledLaw(law_for("actual"))
    assert second.size == 0  # the changed store is not read
    assert second.amounts(frame).total.tolist() == [150.0]
