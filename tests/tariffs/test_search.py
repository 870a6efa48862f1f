"""Finding HTS lines by words of their description (engine and ``goldenage tariff search``)."""

from __future__ import annotations

import json

import pytest

from goldenage.cli.app import main
from goldenage.errors import InputError
from goldenage.tariffs.search import search_lines


def test_every_word_must_appear_in_the_description_path() -> None:
    # HTSUS 8428.70.00.00 "Industrial robots" (heading 8428: other lifting, handling... machinery).
    hits = search_lines("industrial robots", "2025-10-01")
    assert "8428700000" in [hit.code for hit in hits]
    assert all("industrial" in hit.path.lower() and "robots" in hit.path.lower() for hit in hits)


def test_digits_search_by_code_prefix_and_statistical_lines_come_first() -> None:
    hits = search_lines("8703.23.01", "2025-10-01", limit=50)
    codes = [hit.code for hit in hits]
    assert codes
    assert all(code.startswith("87032301") for code in codes)
    assert "87032301" not in codes  # the 8-digit parent is left out when its 10-digit lines are shown


def test_bad_queries_name_the_field() -> None:
    with pytest.raises(InputError, match="^query: is empty"):
        search_lines("  ", "2025-10-01")
    with pytest.raises(InputError, match="^q: .*more than 10 digits"):
        search_lines("12345678901", "2025-10-01", field="q")


def test_the_search_command(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        main(["tariff", "search", "industrial robots", "--date", "2025-10-01", "--json"])
    assert done.value.code == 0
    found = json.loads(capsys.readouterr().out)  # the document of GET /api/tariff/search
    assert (found["query"], found["date"]) == ("industrial robots", "2025-10-01")
    assert {"code": "8428700000", "htsno": "8428.70.00.00"}.items() <= found["lines"][0].items()
    with pytest.raises(SystemExit) as done:
        main(["tariff", "search", ""])
    assert done.value.code == 2
    assert capsys.readouterr().err.startswith("error: query:")
