"""A line's answers under every declaration value are evaluated once and kept for every process.

:func:`goldenage.tariffs.declaration_effects.plain_declaration_effects` reads them from the
store of :mod:`goldenage.tariffs.kernel.answers_store` (a SQLite file named by the fingerprint
of the rules and data) when another process, or an earlier run, evaluated them: the effects
must be those the rules find, and a stored row that does not fit the law is never used.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from pathlib import Path

import pytest

from goldenage.paths import data_dir
from goldenage.tariffs import declaration_effects
from goldenage.tariffs.declaration_effects import evaluate_declaration_effects, plain_declaration_effects
from goldenage.tariffs.kernel import store
from goldenage.tariffs.kernel.answers_store import FILE, PREFIX, answers_store
from goldenage.tariffs.kernel.layout import AUTHORITIES
from goldenage.tariffs.kernel.store import CACHE_ENV
from goldenage.tariffs.law import law_for

# Turbine parts entered 2026-03-02 at $10,000: Section 122 charges 10% = 1,000.00 (9903.03.01),
# nothing when the civil aircraft use is declared (U.S. note 2(aa)); a certified auto part pays
# the Section 232 parts rate of 15% inclusive instead (EO 14345): 1,500.00.
TURBINE_PARTS = ("8411919085", dt.date(2026, 3, 2), 10_000.0)


def _effects(law_name: str = "actual") -> str:
    code, day, value = TURBINE_PARTS
    return json.dumps([e.to_json() for e in plain_declaration_effects(code, day, value, law_for(law_name))])


@pytest.fixture
def empty_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point the store at an empty folder; forget the answers this process kept in memory."""
    monkeypatch.setenv(CACHE_ENV, str(tmp_path))
    declaration_effects._line_answers.cache_clear()  # noqa: SLF001
    yield tmp_path
    declaration_effects._line_answers.cache_clear()  # noqa: SLF001


def _no_rules(*args: object) -> None:
    msg = "the rules were evaluated although the answers were stored"
    raise AssertionError(msg)


def test_answers_evaluated_once_are_read_by_the_next_process(
    empty_store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = _effects()
    found = json.loads(first)
    assert {e["name"]: [a["duty_total"] for a in e["alternatives"]] for e in found} == {
        "civil_aircraft": [0.0],
        "certified_auto_part": [1_500.0],
    }
    code, day, value = TURBINE_PARTS
    rules = [e.to_json() for e in evaluate_declaration_effects(code, day, value, law_for("actual"))]
    assert first == json.dumps(rules)
    folder = empty_store / f"{PREFIX}actual-{store.fingerprint(data_dir())}"
    assert (folder / FILE).is_file()  # named by the fingerprint of the rules and data
    declaration_effects._line_answers.cache_clear()  # noqa: SLF001 - as a new process
    monkeypatch.setattr(declaration_effects, "_evaluate_line", _no_rules)
    assert _effects() == first


def test_a_stored_row_that_does_not_fit_the_law_is_not_used(empty_store: Path) -> None:
    first = _effects()
    path = empty_store / f"{PREFIX}actual-{store.fingerprint(data_dir())}" / FILE
    with sqlite3.connect(path) as connection:  # an answer index past the distinct answers
        (blob,) = connection.execute("SELECT idx FROM answers WHERE code = ?", (TURBINE_PARTS[0],)).fetchone()
        damaged = b"\xff\xff\x00\x00" + blob[4:]
        connection.execute("UPDATE answers SET idx = ? WHERE code = ?", (damaged, TURBINE_PARTS[0]))
    declaration_effects._line_answers.cache_clear()  # noqa: SLF001
    store_of = answers_store("actual")
    assert store_of is not None
    layout = declaration_effects._layout(law_for("actual"))  # noqa: SLF001
    shape = (len(layout.starts), len(layout.slots), len(AUTHORITIES))
    assert store_of.get(TURBINE_PARTS[0], *shape) is None
    assert _effects() == first  # evaluated again by the rules, and stored in its place
    assert store_of.get(TURBINE_PARTS[0], *shape) is not None


def test_nothing_is_kept_when_the_store_is_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(CACHE_ENV, "off")
    assert answers_store("actual") is None


def test_answers_evaluated_ahead_for_many_lines_are_those_of_each_line(
    empty_store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`goldenage tariff compile --answers` evaluates many lines in one frame: the same answers."""
    law = law_for("actual")
    layout = declaration_effects._layout(law)  # noqa: SLF001
    # Turbine parts, a passenger car, a steel article, a line of chapter 30 and a free line.
    codes = [TURBINE_PARTS[0], "8703230190", "7318158069", "3004909290", "0101210010"]
    assert declaration_effects.warm_line_answers(law, codes) == len(codes)
    assert declaration_effects.warm_line_answers(law, codes) == 0  # all kept already
    shared = answers_store("actual")
    assert shared is not None
    shape = (len(layout.starts), len(layout.slots), len(AUTHORITIES))
    for code in codes:  # each stored answer as the line's own frame gives it
        index, rates, failed, errors = shared.get(code, *shape)
        own_index, own_rates, own_failed, own_errors = declaration_effects._evaluate_line(law, code, layout)  # noqa: SLF001
        assert (index == own_index).all()
        assert (rates == own_rates).all()
        assert (failed == own_failed).all()
        assert errors == own_errors
    monkeypatch.setattr(declaration_effects, "_evaluate_line", _no_rules)
    found = json.loads(_effects())  # read from the store: the hand-worked answers above
    assert {e["name"]: [a["duty_total"] for a in e["alternatives"]] for e in found} == {
        "civil_aircraft": [0.0],
        "certified_auto_part": [1_500.0],
    }
