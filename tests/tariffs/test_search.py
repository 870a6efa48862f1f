"""Finding HTS lines by words (``goldenage tariff search``): ranking, spellings, synonyms, typos, totals.

The expected lines are read from the HTSUS itself (2026 edition, https://hts.usitc.gov/): the
heading or subheading that names the product. The totals are worked by hand from the law
(docs/law.md): column 1 plus the layer in force on the date for goods of Japan.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from goldenage.cli.app import main
from goldenage.errors import DataFileError, InputError
from goldenage.tariffs import search_index
from goldenage.tariffs.search import search, search_lines
from goldenage.tariffs.search_terms import load_synonyms, one_edit, parse_query

DAY = "2026-12-06"  # a fixed "today" (the tests must not move with the calendar)


def _codes(text: str, limit: int = 20, on: str = DAY) -> list[str]:
    return [hit.code for hit in search(text, on, limit).hits]


def test_camera_puts_digital_cameras_of_8525_89_in_the_top_5() -> None:
    # HTSUS 8525.89: "Television cameras, digital cameras and video camera recorders: Other".
    top = _codes("camera")[:5]
    assert sum(code.startswith("852589") for code in top) >= 2, top


def test_whisky_and_whiskey_find_the_whiskies_of_2208_30() -> None:
    # HTSUS 2208.30 "Whiskies" (British "whisky", American "whiskey").
    for word in ("whisky", "whiskey", "Whiskies"):
        assert any(code.startswith("220830") for code in _codes(word)[:5]), word


def test_tyres_find_new_pneumatic_tires_of_4011_10() -> None:
    # HTSUS 4011.10 "New pneumatic tires, of rubber: of a kind used on motor cars".
    for word in ("tyres", "tyre", "tires"):
        assert any(code.startswith("401110") for code in _codes(word)), word
    found = search("tyres", DAY)
    assert "tire" in found.to_json()["searched"]["tyres"]


def test_car_puts_motor_cars_of_8703_first_not_carcasses() -> None:
    # HTSUS 8703 "Motor cars and other motor vehicles principally designed for the transport of
    # persons"; heading 0201/0202 "carcasses" must not match "car" (a word, not a prefix).
    codes = _codes("car")
    assert all(code.startswith("8703") for code in codes[:5]), codes[:5]
    assert not any(code.startswith(("0201", "0202", "0204")) for code in codes)
    assert any(code.startswith("8703") for code in _codes("automobile")[:5])


def test_robot_finds_8479_50_with_its_total_rate_for_goods_of_japan() -> None:
    # 8479.50.00 "Industrial robots": column 1 2.5%. On 2026-12-06 the Section 301 layer (U.S.
    # note 52(k), heading 9903.05.49) is all-inclusive at 12.5%: total 12.5%. On 2025-10-01 the
    # IEEPA reciprocal rate for Japan (U.S. note 2(v)(xix), heading 9903.02.73) is all-inclusive
    # at 15%: total 15%.
    for day, total, layer in (("2026-12-06", 0.125, "s301"), ("2025-10-01", 0.15, "ieepa_reciprocal")):
        hits = {hit.code: hit for hit in search("robot", day).hits}
        robot = hits["8479500000"]
        assert robot.total_rate == pytest.approx(total, abs=1e-9), day
        assert dict(robot.layers) == pytest.approx({"mfn": 0.025, layer: total - 0.025}), day
        assert robot.to_json()["total_rate_text"] == f"{total * 100:g}%"


def test_one_typo_is_tolerated_and_reported() -> None:
    found = search("cemera", DAY)
    assert found.corrections == {"cemera": ["camera"]}
    assert found.hits[0].code.startswith("8525")
    assert any(code.startswith("7601") for code in _codes("aluminim unwrought"))  # 7601: unwrought aluminum


def test_british_spelling_and_synonyms_of_everyday_words() -> None:
    assert any(code.startswith("7601") for code in _codes("unwrought aluminium"))
    assert "8471300100" in _codes("laptop")[:3]  # 8471.30: portable automatic data processing machines
    assert any(code.startswith("8517") for code in _codes("mobile phone")[:3])  # 8517.13 smartphones


def test_lines_with_some_words_are_shown_when_none_has_all() -> None:
    found = search("whisky zzzzqqq", DAY)
    assert not found.every_word
    assert any(hit.code.startswith("220830") for hit in found.hits)


def test_specific_rates_have_no_total_but_say_why() -> None:
    # 2206.00.45 (sake and other fermented beverages, 3¢/liter): the total needs a quantity.
    hits = {hit.code[:8]: hit for hit in search("2206.00.45", DAY).hits}
    assert hits["22060045"].total_rate is None
    assert "quantity" in (hits["22060045"].rate_note or "")


def test_digits_search_by_code_prefix_and_statistical_lines_come_first() -> None:
    hits = search_lines("8703.23.01", "2025-10-01", limit=50)
    codes = [hit.code for hit in hits]
    assert codes
    assert codes == sorted(codes)
    assert all(code.startswith("87032301") for code in codes)
    assert "87032301" not in codes  # the 8-digit parent is left out when its 10-digit lines are shown


def test_bad_queries_name_the_field() -> None:
    with pytest.raises(InputError, match="^query: is empty"):
        search_lines("  ", "2025-10-01")
    with pytest.raises(InputError, match="^q: .*more than 10 digits"):
        search_lines("12345678901", "2025-10-01", field="q")
    with pytest.raises(InputError, match="^--date: .*outside the data's coverage"):
        search_lines("car", "2024-06-01")


@given(st.text(max_size=120))
def test_any_text_is_parsed_or_refused_with_an_input_error(text: str) -> None:
    try:
        prefix, words = parse_query(text)
    except InputError as err:
        assert err.field == "query"
        return
    assert (prefix is None) != (not words)
    assert len(words) <= 8


@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=12))
def test_one_edit_is_one_edit(word: str) -> None:
    for other in one_edit(word):
        assert other != word
        assert abs(len(other) - len(word)) <= 1
        if len(other) == len(word):  # a replacement or a swap of neighbours
            diff = [i for i, (a, b) in enumerate(zip(word, other, strict=True)) if a != b]
            assert len(diff) == 1 or (len(diff) == 2 and diff[1] == diff[0] + 1), (word, other)


def test_a_malformed_synonym_file_is_refused_naming_it(tmp_path: Path) -> None:
    path = tmp_path / "synonyms.yaml"
    path.write_text("spellings: [[tyre]]\nexpansions: {}\n")
    with pytest.raises(DataFileError, match="synonyms.yaml: spelling group"):
        load_synonyms(path)
    path.write_text("spellings: []\nexpansions: {car: automobile}\n")
    with pytest.raises(DataFileError, match="expansion 'car'"):
        load_synonyms(path)
    path.write_text("spelings: []\nexpansions: {}\n")
    with pytest.raises(DataFileError, match="expected the keys"):
        load_synonyms(path)


def test_the_index_is_written_atomically_and_replaces_older_ones(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    old = tmp_path / "search-0000.sqlite"
    old.write_bytes(b"an index of another schedule")
    target = tmp_path / "search-1111.sqlite"

    def broken(db: sqlite3.Connection) -> None:
        db.execute("CREATE TABLE half (x)")
        msg = "disk full"
        raise RuntimeError(msg)

    monkeypatch.setattr(search_index, "_fill", broken)
    with pytest.raises(RuntimeError):
        search_index.build(target)
    assert sorted(p.name for p in tmp_path.iterdir()) == [old.name]  # nothing half-written
    monkeypatch.undo()
    search_index.build(target)
    assert sorted(p.name for p in tmp_path.iterdir()) == [target.name]
    db = sqlite3.connect(target)
    assert db.execute("SELECT count(*) FROM docs WHERE docs MATCH 'robots'").fetchone()[0] >= 3


def test_the_index_is_named_by_the_schedule() -> None:
    path = search_index.index_path()
    assert path is not None
    assert path.name == f"search-{search_index.fingerprint()}.sqlite"


def test_the_search_command(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        main(["tariff", "search", "industrial robots", "--date", "2025-10-01", "--json"])
    assert done.value.code == 0
    found = json.loads(capsys.readouterr().out)  # the document of GET /api/tariff/search
    assert (found["query"], found["date"], found["origin"]) == ("industrial robots", "2025-10-01", "JP")
    assert "8479500000" in [line["code"] for line in found["lines"]]
    with pytest.raises(SystemExit) as done:
        main(["tariff", "search", "tyres", "--date", DAY, "--limit", "5"])
    assert done.value.code == 0
    assert "4011." in capsys.readouterr().out
    with pytest.raises(SystemExit) as done:
        main(["tariff", "search", ""])
    assert done.value.code == 2
    assert capsys.readouterr().err.startswith("error: query:")
    with pytest.raises(SystemExit) as done:
        main(["tariff", "search", "car", "--limit", "0"])
    assert done.value.code == 2
    assert capsys.readouterr().err.startswith("error: --limit:")
