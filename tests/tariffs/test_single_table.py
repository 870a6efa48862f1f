"""A plain entry line answered from the law compiled ahead equals the rules' answer, to the byte.

For every shipped scenario a table of 700 random lines (every period, as ``goldenage tariff
compile`` writes it) is compiled into a store of this module. 10,000 random entries of those
lines (date, customs value from one cent to millions, transport, sometimes a quantity) are
answered by :func:`goldenage.tariffs.calc.duty`, from the table where it holds the key, and
by the rules: the JSON of ``goldenage tariff explain`` (which holds that of ``tariff duty``)
must be equal byte for byte, and refusals must be the same error. The rules' side evaluates
each scenario's entries in one frame and renders each row as the single-line path does
(``row_result``); 300 entries also go through ``calc.duty`` itself with the table turned off.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import polars as pl
import pytest

from goldenage.errors import GoldenageError
from goldenage.paths import data_dir
from goldenage.tariffs import calc
from goldenage.tariffs.declaration_effects import evaluate_declaration_effects, plain_declaration_effects
from goldenage.tariffs.kernel import store
from goldenage.tariffs.kernel import table as table_module
from goldenage.tariffs.kernel.ahead import compile_ahead
from goldenage.tariffs.kernel.compiled import CompiledLaw
from goldenage.tariffs.kernel.engine import evaluate
from goldenage.tariffs.kernel.explain import Explanations, StoredExplanations, group
from goldenage.tariffs.kernel.frame import EntryFrame
from goldenage.tariffs.kernel.render import explanation, row_result
from goldenage.tariffs.kernel.store import CACHE_ENV
from goldenage.tariffs.kernel.table import open_table
from goldenage.tariffs.law import law_for
from goldenage.tariffs.scenarios import scenarios
from goldenage.tariffs.schedule import schedule

ENTRIES = 10_000
LINES = 700
# Lines of every kind of decision: a car, auto parts, steel and aluminium derivatives (default
# metal shares), a robot (15% inclusive), an aircraft part, a medicine, wood, a chip, a bolt.
CHOSEN = (
    "8703230190",
    "8708295060",
    "7318158090",
    "7616995190",
    "8479500000",
    "8411123000",
    "3004909250",
    "4418999195",
    "8542310075",
    "9401710011",
)


def _lines() -> np.ndarray:
    codes = schedule().lines.filter(pl.col("level") == 10, pl.col("chapter") < 98)["code"].unique().sort()
    rng = np.random.default_rng(20)
    picked = rng.choice(codes.to_numpy(), LINES, replace=False)
    return np.unique(np.concatenate([picked, np.array(CHOSEN)]).astype(np.int64))


@pytest.fixture(scope="module")
def tables(tmp_path_factory: pytest.TempPathFactory) -> Iterator[np.ndarray]:
    """Tables of the chosen lines for every scenario (the environment points at their store)."""
    folder = tmp_path_factory.mktemp("single-table-store")
    lines = _lines()
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(CACHE_ENV, str(folder))
        for name in scenarios():
            assert compile_ahead(name, lines=lines).fresh
        yield lines


def _entries(lines: np.ndarray, rows: int = 16_000) -> pl.DataFrame:
    """Return random entries of ``lines``: dates of the whole coverage, values from one cent."""
    hts = schedule()
    rng = np.random.default_rng(2026)
    span = (hts.coverage_end - hts.coverage_start).days
    value = np.round(rng.lognormal(8, 2.5, rows), 2) + 0.01
    value[:50] = 0.01
    return pl.DataFrame(
        {
            "code": np.char.zfill(rng.choice(lines, rows).astype("<U10"), 10),
            "day": np.datetime64(hts.coverage_start)
            + rng.integers(0, span + 1, rows).astype("timedelta64[D]"),
            "value": value,
            "quantity": np.where(rng.random(rows) < 0.2, np.round(rng.uniform(1, 5_000, rows), 1), np.nan),
            "transport": rng.choice(np.array(["ocean", "air", "land"]), rows),
            "scenario": rng.choice(np.array(sorted(scenarios())), rows),
        }
    )


def _quantity(value: float) -> float | None:
    return None if np.isnan(value) else value


def _answer(call: object) -> str:
    """Return the JSON of a result, or the type and message of the error it raised."""
    try:
        result = call()  # type: ignore[operator]
    except GoldenageError as err:
        return f"{type(err).__name__}: {err}"
    return json.dumps(result.explain_json(), ensure_ascii=False)


def _duty(entry: dict) -> str:
    """Return the answer of calc.duty to an entry of :func:`_entries` (JSON, or the error)."""
    return _answer(
        lambda: calc.duty(
            entry["code"],
            "JP",
            entry["day"],
            entry["value"],
            quantity=_quantity(entry["quantity"]),
            transport=entry["transport"],
            scenario=entry["scenario"],
        )
    )


def _by_the_rules(entries: pl.DataFrame, scenario: str) -> list[str]:
    """Return the answers of the rules to entries of one scenario: one frame, rendered row by row."""
    frame = EntryFrame.of(
        code=entries["code"].to_numpy().astype("<U10"),
        day=entries["day"].to_numpy(),
        value=entries["value"].to_numpy(),
        quantity=entries["quantity"].to_numpy(),
        transport=entries["transport"].to_numpy(),
    )
    state = evaluate(frame, law_for(scenario))
    answers = []
    for row in range(entries.height):
        if frame.failed[row]:
            error = frame.error[row]
            answers.append(f"{type(error).__name__}: {error}")
            continue
        answers.append(json.dumps(row_result(state, row, scenario).explain_json(), ensure_ascii=False))
    return answers


def test_the_table_answers_plain_lines_as_the_rules_do_to_the_byte(
    tables: np.ndarray, monkeypatch: pytest.MonkeyPatch
) -> None:
    entries = _entries(tables)
    hts = schedule()
    served = pl.Series(
        [
            hts.find(c, d) is not None and open_table(s).explanation(c, d) is not None  # type: ignore[union-attr]
            for c, d, s in entries.select("code", "day", "scenario").iter_rows()
        ]
    )
    # Entries the table does not hold (a line not in force on the day, a rate needing the
    # quantity given, a refused key) go to the rules on both sides: 10,000 it holds are compared.
    chosen = entries.filter(served).head(ENTRIES)
    assert chosen.height == ENTRIES
    for (scenario,), part in chosen.group_by(["scenario"]):
        expected = _by_the_rules(part, str(scenario))
        for entry, wanted in zip(part.iter_rows(named=True), expected, strict=True):
            got = _duty(entry)
            assert got == wanted, (entry, got, wanted)
    # The batched rules above are the single-line rules path: those of the first 250 entries in
    # force on their day (served by the table or not) through calc.duty with the table turned off.
    monkeypatch.setattr(calc, "open_table", lambda scenario: None)
    in_force = pl.Series(
        [hts.find(c, d) is not None for c, d in entries.head(250).select("code", "day").iter_rows()]
    )
    for entry in entries.head(250).filter(in_force).iter_rows(named=True):
        rules = _duty(entry)
        assert rules == _by_the_rules(pl.DataFrame([entry]), entry["scenario"])[0]


def test_a_plain_line_in_the_table_evaluates_no_rule(
    tables: np.ndarray, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        msg = "the rules were evaluated"
        raise AssertionError(msg)

    monkeypatch.setattr(calc, "evaluate", refuse)
    # A passenger car of Japan entered 2025-10-01 at $30,000: column 1 2.5% (750.00) and the
    # Section 232 autos rate of 15% inclusive of it, +12.5% (3,750.00) under 9903.94.41
    # (EO 14345, HTSUS ch. 99 subch. III U.S. note 33), no IEEPA duty on a Section 232 article
    # (9903.01.33); MPF 0.3464% = 103.92, HMF 0.125% = 37.50.
    result = calc.duty("8703.23.01.90", "JP", "2025-10-01", 30_000)
    assert [(d.authority, d.heading, d.amount) for d in result.duties] == [
        ("mfn", "8703.23.01", 750.0),
        ("s232_autos", "9903.94.41", 3_750.0),
        ("ieepa_reciprocal", "9903.01.33", 0.0),
    ]
    assert (result.duty_total, [f.amount for f in result.fees]) == (4_500.0, [103.92, 37.5])
    with pytest.raises(AssertionError, match="rules were evaluated"):  # a declaration: the rules
        calc.duty("8703.23.01.90", "JP", "2025-10-01", 30_000, preference="JP")


def test_rows_grouped_alike_have_equal_explanations() -> None:
    # The grouping (explain.signature) must see every detail the explanation reads: every row's
    # own explanation equals its group's, on random lines of every chapter and period.
    codes = schedule().lines.filter(pl.col("level") == 10)["code"].unique().sort().to_numpy()
    rng = np.random.default_rng(7)
    law = CompiledLaw("actual", saved=False)
    rows = 3_000
    frame = EntryFrame.of(
        code=rng.choice(codes, rows).astype("<U10"),
        day=rng.choice(law.starts, rows),
        value=np.ones(rows),
    )
    state = evaluate(frame, law.law, rates_only=True, details=True)
    index, made = group(state)
    assert 10 < len(made) < rows  # grouped, not one per row
    for row in range(rows):
        if frame.failed[row]:
            assert index[row] == -1
        else:
            assert repr(explanation(state, row, per_dollar=True)) == repr(made[index[row]]), row  # NaN-aware
    stored = Explanations()
    positions = stored.add(state)
    again = StoredExplanations(stored.to_json())
    assert 0 < len(again) <= len(made)  # equal explanations of two groups are stored once
    for row in np.flatnonzero(~frame.failed)[:500].tolist():
        assert repr(again[int(positions[row])]) == repr(made[index[row]])


def test_a_table_of_other_rules_is_not_read(tables: np.ndarray, tmp_path: Path) -> None:
    # A table folder carries the fingerprint of the rules and data that compiled it in its name
    # and in its facts: one renamed from another fingerprint is ignored.
    table = open_table("actual")
    assert table is not None
    assert table.facts["fingerprint"] == store.fingerprint(data_dir())
    copy = tmp_path / table.folder.name
    shutil.copytree(table.folder, copy)
    meta = json.loads((copy / "meta.json").read_text(encoding="utf-8"))
    meta["facts"]["fingerprint"] = "0" * 32
    (copy / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
    manifest = json.loads((copy / "manifest.json").read_text(encoding="utf-8"))  # checksums match
    manifest["files"]["meta.json"] = hashlib.sha256((copy / "meta.json").read_bytes()).hexdigest()
    (copy / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    assert table_module._read(copy) is None  # noqa: SLF001
    assert table_module._read(table.folder) is not None  # noqa: SLF001


def test_the_declarations_that_change_a_plain_answer_are_those_the_rules_find(tables: np.ndarray) -> None:
    # plain_declaration_effects (rates per dollar of every declaration value, kept per line)
    # against evaluate_declaration_effects (the rules on every alternative) on 400 entries of
    # 60 lines, every scenario, values from one cent: the same JSON.
    lines = tables[:: max(1, len(tables) // 60)][:60]
    entries = _entries(lines, rows=800)
    hts = schedule()
    compared = 0
    for entry in entries.iter_rows(named=True):
        if hts.find(entry["code"], entry["day"]) is None:
            continue
        law = law_for(entry["scenario"])
        args = (entry["code"], entry["day"], entry["value"], law)
        expected = [e.to_json() for e in evaluate_declaration_effects(*args)]
        assert json.dumps([e.to_json() for e in plain_declaration_effects(*args)]) == json.dumps(expected), (
            entry
        )
        compared += 1
        if compared == 400:  # noqa: PLR2004
            break
    assert compared == 400  # noqa: PLR2004


def test_duty_carries_the_declarations_that_change_a_plain_answer(tables: np.ndarray) -> None:
    # Turbine parts (8411.91.90.85, column 1 Free) entered 2026-03-02 at $10,000: Section 122
    # charges 10% = 1,000.00 (9903.03.01), nothing when the civil aircraft use is declared
    # (U.S. note 2(aa)); declared a certified auto part, the Section 232 parts rate of 15%
    # inclusive applies instead (EO 14345): 1,500.00.
    result = calc.duty("8411.91.90.85", "JP", "2026-03-02", 10_000, effects=True)
    found = {
        e.name: [(a.value, a.duty_total) for a in e.alternatives]
        for e in result.declarations_that_change_this or ()
    }
    assert result.duty_total == 1_000.0
    assert found == {"civil_aircraft": [("true", 0.0)], "certified_auto_part": [("true", 1_500.0)]}
    rules = evaluate_declaration_effects("8411919085", dt.date(2026, 3, 2), 10_000.0, law_for("actual"))
    assert [e.to_json() for e in result.declarations_that_change_this or ()] == [e.to_json() for e in rules]
