"""The compiled law gives the engine's amounts to the cent, on every kind of row."""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import polars as pl
import pytest

from goldenage.tariffs.errors import MissingQuantityError
from goldenage.tariffs.kernel import engine
from goldenage.tariffs.kernel.compiled import Amounts, CompiledLaw, engine_amounts
from goldenage.tariffs.kernel.frame import EntryFrame
from goldenage.tariffs.kernel.layout import AUTHORITIES
from goldenage.tariffs.kernel.store import CACHE_ENV, path_for
from goldenage.tariffs.law import Law, law_for
from goldenage.tariffs.scenarios import get_scenario
from goldenage.tariffs.schedule import schedule
from goldenage.tariffs.scopes import all_scopes, scope

SCENARIOS = ("actual", "no_deal", "liberation_day", "pre_2025", "ieepa_upheld")


def _random_frame(rows: int, seed: int) -> EntryFrame:
    """Random lines of chapters 1-97 (and a few codes that are no line), every declaration."""
    hts = schedule()
    codes = hts.lines.filter(pl.col("level") == 10, pl.col("chapter") < 98)["code"].unique().sort().to_numpy()
    rng = np.random.default_rng(seed)
    code = rng.choice(codes, rows).astype("<U10")
    # Lines of the actions after 2026 Revision 10 (quartz, UAS, polysilicon, pharmaceuticals),
    # over-sampled: they are a few dozen lines among 18,000.
    recent = _recent_lines()
    code = np.where(rng.random(rows) < 0.05, rng.choice(recent, rows), code).astype("<U10")
    code[rng.random(rows) < 0.01] = "0101999999"  # no such line
    span = (hts.coverage_end - hts.coverage_start).days
    day = np.datetime64(hts.coverage_start) + rng.integers(0, span + 1, rows).astype("timedelta64[D]")
    value = np.round(rng.lognormal(8, 2, rows), 2) + 0.01
    quantity = np.where(rng.random(rows) < 0.3, np.round(rng.uniform(0, 5_000, rows), 1), np.nan)
    metal = np.where(rng.random(rows) < 0.05, np.round(value * rng.random(rows), 2), np.nan)

    def flag(share: float) -> np.ndarray:
        return rng.random(rows) < share

    return EntryFrame.of(
        code=code,
        day=day,
        value=value,
        quantity=quantity,
        transport=rng.choice(np.array(["ocean", "air", "land"]), rows),
        metal_value=metal,
        civil_aircraft=flag(0.05),
        advanced_semiconductor=flag(0.05),
        metal_weight_below_15pct=flag(0.05),
        certified_auto_part=flag(0.05),
        pharmaceutical_use=flag(0.05),
        vehicle_part=rng.choice(np.array([-1, -1, -1, 0, 1]), rows),
        pharma=rng.choice(np.array([-1, -1, -1, *range(9)]), rows),
        quartz_surface_product=rng.choice(np.array([-1, -1, -1, 0, 1]), rows),
        quartz_quota=rng.choice(np.array([-1, -1, -1, 0, 1]), rows),
        uas_use=flag(0.3),
        uas_thermal_imaging=flag(0.3),
        uas_allied_components=flag(0.3),
        uas_onshoring=rng.choice(np.array([-1, -1, -1, -1, 0, 1]), rows),
        polysilicon_mip=flag(0.3),
        s301_particular_article=flag(0.1),
        donation=flag(0.02),
        informational_materials=flag(0.02),
        preference=np.where(flag(0.2), "JP", None),
        loaded_on=_loading_dates(rng, day),
    )


def _recent_lines() -> np.ndarray:
    """Return the 10-digit lines of the scope lists of the actions after 2026 Revision 10."""
    lines = schedule().lines.filter(pl.col("level") == 10)["code"].unique().sort().to_numpy()
    prefixes = [
        entry.prefix
        for list_id in (listed.id for listed in all_scopes())
        if list_id.startswith(
            ("s201_", "s232_uas", "s232_polysilicon", "s232_pharmaceuticals", "s301_particular")
        )
        for entry in scope(list_id).entries
    ]
    return np.array([code for code in lines.tolist() if code.startswith(tuple(prefixes))])


def _loading_dates(rng: np.random.Generator, day: np.ndarray) -> np.ndarray:
    """Return a loading date 0-60 days before the entry date on a fifth of the rows (NaT elsewhere)."""
    loaded = day - rng.integers(0, 61, len(day)).astype("timedelta64[D]")
    return np.where(rng.random(len(day)) < 0.2, loaded, np.datetime64("NaT"))


def _same(left: np.ndarray, right: np.ndarray) -> bool:
    return bool(np.array_equal(left, right, equal_nan=True))


def assert_equal_amounts(got: Amounts, expected: Amounts) -> None:
    """Assert two results equal row by row: refusals, messages, every component, total and fees."""
    assert _same(got.failed, expected.failed)
    assert [str(e) for e in got.error] == [str(e) for e in expected.error]
    for name in AUTHORITIES:
        assert _same(got.components[name], expected.components[name]), name
    assert _same(got.total, expected.total)
    assert _same(got.mpf, expected.mpf)
    assert _same(got.hmf, expected.hmf)


def count_evaluations(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Return a list that receives the number of rows of every evaluation of the rules from now."""
    evaluated: list[int] = []
    real = engine.evaluate

    def counting(part: EntryFrame, *args: object, **kwargs: object) -> object:
        evaluated.append(len(part))
        return real(part, *args, **kwargs)

    monkeypatch.setattr(engine, "evaluate", counting)
    return evaluated


@pytest.mark.parametrize(("scenario", "seed"), [(s, 100 + k) for k, s in enumerate(SCENARIOS)])
def test_compiled_amounts_equal_the_engine_to_the_cent(scenario: str, seed: int) -> None:
    law = law_for(scenario)
    frame = _random_frame(4_000, seed)
    expected = engine_amounts(frame.take(np.arange(len(frame))), law)
    compiled = CompiledLaw(law)
    for _ in range(2):  # cold (compiles the keys), then warm (reads them)
        assert_equal_amounts(compiled.amounts(frame), expected)


def _every_period(law: Law, lines: int, seed: int) -> EntryFrame:
    """Lines on the first and last day of every period of ``law``, with random declarations.

    Random lines of chapters 1-97 plus lines under the Section 232 programs, metals and
    pharmaceuticals, and a code that is no line, so that scope lists and revisions change
    under the same line.
    """
    hts = schedule()
    codes = hts.lines.filter(pl.col("level") == 10, pl.col("chapter") < 98)["code"].unique().sort().to_numpy()
    rng = np.random.default_rng(seed)
    chosen = [*rng.choice(codes, lines).tolist(), "8703230190", "8708295160", "7208100000", "3004909290"]
    chosen += ["4407110000", "8542310001", "0101999999"]
    chosen += [
        "6810990020",
        "7020006000",
        "8806220000",
        "8807300060",
        "8541430010",
        "3818000040",
        "2922190910",
    ]
    starts = CompiledLaw(law).starts
    ends = np.append(starts[1:] - np.timedelta64(1, "D"), np.datetime64(hts.coverage_end))
    days = np.concatenate([starts, ends])
    code = np.repeat(np.array(chosen, dtype="<U10"), len(days))
    day = np.tile(days, len(chosen))
    n = len(code)
    return EntryFrame.of(
        code=code,
        day=day,
        value=np.round(rng.lognormal(8, 2, n), 2) + 0.01,
        civil_aircraft=rng.random(n) < 0.05,
        certified_auto_part=rng.random(n) < 0.05,
        pharma=rng.choice(np.array([-1, -1, -1, 0, 1]), n),
        preference=np.where(rng.random(n) < 0.2, "JP", None),
        loaded_on=_loading_dates(rng, day),
    )


@pytest.mark.parametrize("scenario", ["actual", "liberation_day"])
def test_keys_with_alike_inputs_are_evaluated_once_and_equal_the_engine(
    scenario: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A line whose parameters, line version and scope entries are alike in two periods gets
    the rates evaluated for the first (goldenage.tariffs.kernel.alike); every row still equals the engine."""
    monkeypatch.setenv(CACHE_ENV, "off")
    law = law_for(scenario)
    frame = _every_period(law, 300, 7)
    expected = engine_amounts(frame.take(np.arange(len(frame))), law)
    evaluated = count_evaluations(monkeypatch)
    compiled = CompiledLaw(law)
    got = compiled.amounts(frame)
    assert evaluated[0] < 0.8 * compiled.size  # fewer evaluations than keys
    assert_equal_amounts(got, expected)


def test_a_hash_collision_of_inputs_evaluates_every_key(monkeypatch: pytest.MonkeyPatch) -> None:
    """Inputs grouped by hash are compared in full: if every row hashed alike, no key is merged."""
    monkeypatch.setenv(CACHE_ENV, "off")
    law = law_for("actual")
    frame = _every_period(law, 20, 8)
    expected = engine_amounts(frame.take(np.arange(len(frame))), law)
    monkeypatch.setattr(pl.DataFrame, "hash_rows", lambda self: pl.Series(np.zeros(self.height, np.uint64)))
    evaluated = count_evaluations(monkeypatch)
    compiled = CompiledLaw(law)
    got = compiled.amounts(frame)
    assert compiled.size >= 1_000  # enough keys for the search to run
    assert evaluated[0] == compiled.size
    assert _same(got.total, expected.total)
    assert [str(e) for e in got.error] == [str(e) for e in expected.error]


def test_keys_are_compiled_once_per_line_period_and_declarations(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(CACHE_ENV, "off")  # count the keys of this run only
    law = law_for("actual")
    compiled = CompiledLaw(law)
    # Two lines, two days in one period, two values: one key per line.
    frame = EntryFrame.of(
        code=np.array([8703230190, 8703230190, 8471300100, 8471300100]),
        day=np.array(["2025-10-01", "2025-10-02", "2025-10-01", "2025-10-02"], dtype="datetime64[D]"),
        value=[10_000.0, 25_000.0, 1_000.0, 3_000.0],
    )
    first = compiled.amounts(frame)
    assert compiled.size == 2
    compiled.amounts(frame)
    assert compiled.size == 2
    # 8703.23.01.90 (passenger car), October 2025: Japan's 15% inclusive Section 232 rate
    # (9903.94.41, EO 14345, U.S. note 33(k)-(m)) on column 1 General of 2.5%: 15% - 2.5% =
    # 12.5% added; IEEPA reciprocal exempt (9903.01.33).
    # $10,000: 2.5% = $250.00 + 12.5% = $1,250.00, total $1,500.00;
    # $25,000: $625.00 + $3,125.00 = $3,750.00.
    assert first.components["mfn"][:2].tolist() == [250.0, 625.0]
    assert first.components["s232_autos"][:2].tolist() == [1_250.0, 3_125.0]
    assert first.total[:2].tolist() == [1_500.0, 3_750.0]
    # 8471.30.01.00 (laptops): column 1 Free; IEEPA exempt (Annex II, 9903.01.32): no duty.
    assert first.total[2:].tolist() == [0.0, 0.0]


def test_a_rate_that_needs_a_quantity_is_refused_without_one_and_computed_with_one() -> None:
    law = law_for("pre_2025")
    # 0201.10.05.10 (beef carcasses): column 1 General 4.4 cents/kg, specific.
    line = schedule().find("0201100510", dt.date(2025, 1, 2))
    assert line is not None
    assert "¢/kg" in line.general
    frame = EntryFrame.of(
        code=np.array([201100510, 201100510]),
        day=np.array(["2025-01-02", "2025-01-02"], dtype="datetime64[D]"),
        value=[5_000.0, 5_000.0],
        quantity=[np.nan, 1_000.0],
        unit=[None, "kg"],
    )
    got = CompiledLaw(law).amounts(frame)
    assert got.failed.tolist() == [True, False]
    assert isinstance(got.error[0], MissingQuantityError)
    # 4.4 cents x 1,000 kg = $44.00.
    assert got.components["mfn"][1] == 44.0


def test_keys_compiled_ahead_in_blocks_serve_the_rows_later(monkeypatch: pytest.MonkeyPatch) -> None:
    # compile_rows (a batch's first run) compiles what amounts() would, in blocks of rows; the
    # rows then need no compilation and get the engine's amounts.
    monkeypatch.setenv(CACHE_ENV, "off")
    law = law_for("actual")
    frame = _random_frame(3_000, 7)
    ahead = CompiledLaw(law)
    ahead.compile_rows(frame, block=700)
    size = ahead.size
    assert size > 0
    got = ahead.amounts(frame)
    assert ahead.size == size  # nothing left to compile
    direct = CompiledLaw(law)
    expected = direct.amounts(frame)
    assert direct.size == size
    assert _same(got.total, expected.total)
    assert [str(e) for e in got.error] == [str(e) for e in expected.error]


def _two_lines() -> EntryFrame:
    return EntryFrame.of(
        code=np.array([8703230190, 8471300100]),
        day=np.array(["2025-10-01", "2025-10-01"], dtype="datetime64[D]"),
        value=[10_000.0, 1_000.0],
    )


def test_a_compiled_law_is_kept_on_disk_and_read_by_the_next_run(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv(CACHE_ENV, str(tmp_path))
    law = law_for("actual")
    first = CompiledLaw(law)
    expected = first.amounts(_two_lines())
    stored = path_for("actual")
    assert stored is not None
    assert not stored.exists()  # written at exit, or when flushed
    first.flush()
    assert stored is not None
    assert stored.is_dir()
    assert stored.parent == tmp_path
    second = CompiledLaw(law)  # a later run: the keys come from the file
    assert second.size == first.size == 2
    got = second.amounts(_two_lines())
    assert second.size == 2  # nothing compiled again
    assert got.total.tolist() == expected.total.tolist() == [1_500.0, 0.0]


def test_an_unreadable_store_is_ignored(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(CACHE_ENV, str(tmp_path))
    stored = path_for("actual")
    assert stored is not None
    stored.mkdir()
    (stored / "keys.npy").write_bytes(b"not an array")
    compiled = CompiledLaw(law_for("actual"))
    assert compiled.size == 0
    assert compiled.amounts(_two_lines()).total.tolist() == [1_500.0, 0.0]


def test_an_ad_hoc_law_is_not_stored(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(CACHE_ENV, str(tmp_path))
    law = Law(get_scenario("actual"))  # not the shipped law object: it could differ from the files
    CompiledLaw(law).amounts(_two_lines())
    assert list(tmp_path.iterdir()) == []


def test_a_store_of_older_rules_is_replaced(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(CACHE_ENV, str(tmp_path))
    older = tmp_path / "compiled-actual-0123456789abcdef.pickle"  # the earlier format
    older.write_bytes(b"keys of other rules")
    (tmp_path / "compiled-actual-0123456789abcdef").mkdir()  # another fingerprint
    compiled = CompiledLaw(law_for("actual"))
    compiled.amounts(_two_lines())
    compiled.flush()
    assert [p.name for p in tmp_path.iterdir()] == [path_for("actual").name]  # type: ignore[union-attr]


_RUN = """
import sys
import polars as pl
from goldenage.tariffs.batch import compute
out = compute(pl.DataFrame({"hts10": ["8479500000"], "origin": ["JP"], "entry_date": ["2025-10-01"],
                            "customs_value": ["1000"]}))
print(out["duty_total"][0], "goldenage.tariffs.kernel.engine" in sys.modules,
      "goldenage.params.loader" in sys.modules)
"""


def test_a_run_whose_keys_are_stored_never_loads_the_rules(tmp_path: Path) -> None:
    # The stored file holds the keys and the facts they rest on (periods, fees, coverage,
    # origins): a later run reads neither the parameters nor the rule modules.
    environment = {**os.environ, CACHE_ENV: str(tmp_path)}

    def run() -> list[str]:
        done = subprocess.run(  # noqa: S603 - our own interpreter and script
            [sys.executable, "-c", _RUN], capture_output=True, text=True, env=environment, check=True
        )
        return done.stdout.split()

    # Robot 8479.50.00.00 on 2025-10-01, $1,000: 15% all-in under the agreement = 150.00.
    assert run() == ["150.0", "True", "True"]  # first run: compiles, loads the rules
    assert run() == ["150.0", "False", "False"]  # second run: from the stored file


def test_rules_read_the_date_only_through_the_context() -> None:
    """The compiled law merges periods whose dated inputs are alike (Context.dated_inputs); a rule
    module that read the entry date itself would escape that list. Only column 1 reads it, for the
    revision named by an unknown code's error, which dated_inputs includes."""
    package = Path(__file__).parents[2] / "src" / "goldenage" / "tariffs"
    readers = sorted(
        path.relative_to(package).as_posix()
        for path in [
            *(package / "authorities").glob("*.py"),
            package / "kernel" / "state.py",
            package / "kernel" / "column1.py",
        ]
        if re.search(r"\.day\b|\.pidx\b|\.starts\b", path.read_text(encoding="utf-8"))
    )
    assert readers == ["kernel/column1.py"]


def test_stores_of_older_rules_are_removed_whatever_their_scenario(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv(CACHE_ENV, str(tmp_path))
    older = tmp_path / "compiled-no_deal-0123456789abcdef.pickle"  # another scenario, other rules
    older.write_bytes(b"keys of other rules")
    current = path_for("no_deal")
    assert current is not None
    current.mkdir()  # this version's: kept
    compiled = CompiledLaw(law_for("actual"))
    compiled.amounts(_two_lines())
    compiled.flush()
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([path_for("actual").name, current.name])  # type: ignore[union-attr]
