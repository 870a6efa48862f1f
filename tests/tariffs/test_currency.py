"""How current the law of an answer is: law_as_of, the HTSUS revision, the warning of a gap.

The shipped value (2026-09-29: the shipped HTSUS runs to 2026 Revision 20, in force from
2026-09-29, and no source shows a later one; docs/law.md) is checked once; the other tests fix
law_as_of at 2026-06-30 so that they hold whatever value the law's maintainers record next.
Revision dates: revision_dates.csv (rev_25 2025-09-26, rev_26 2025-10-06) and the change records
of Revisions 11-20 (Rev 20 in force from 2026-09-29).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from goldenage.cli.app import main
from goldenage.params import get
from goldenage.tariffs import currency as currency_module
from goldenage.tariffs.currency import LAW_AS_OF, law_currency

D = dt.date
CHECKED = D(2026, 6, 30)
NEWEST = "2026 HTS Revision 20"


@pytest.fixture(autouse=True)
def checked(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fix law_as_of at 2026-06-30 (with the shipped citation)."""
    citation = get(LAW_AS_OF).periods[-1].reference
    monkeypatch.setattr(currency_module, "law_as_of", lambda: (CHECKED, citation))


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as caught:
        main(argv)
    out, err = capsys.readouterr()
    return caught.value.code, out, err


def test_law_as_of_is_a_cited_parameter() -> None:
    parameter = get(LAW_AS_OF)
    period = parameter.periods[-1]
    assert period.value == D(2026, 9, 29)  # the value documented in docs/law.md
    assert period.reference.document or period.reference.href
    assert period.start <= D(2026, 12, 6)  # recorded on or before the day it was checked


def test_a_date_up_to_law_as_of_has_no_warning() -> None:
    currency = law_currency(D(2025, 10, 1))
    assert currency.to_json() == {"law_as_of": "2026-06-30", "hts_revision": "2025 HTS Revision 25"}
    assert currency.warning() is None
    assert currency.stamp({"a": 1}) == {**currency.to_json(), "a": 1, "warnings": []}
    assert law_currency(CHECKED).warning() is None


def test_a_date_after_law_as_of_names_the_gap() -> None:
    currency = law_currency(D(2026, 12, 6))
    assert currency.revision.edition == NEWEST
    # 2026-06-30 -> 2026-12-06: 31 + 31 + 30 + 31 + 30 + 6 = 159 days.
    assert currency.warning() == (
        "2026-12-06 is after 2026-06-30, the date up to which the shipped law was checked "
        "(159 days later): legal changes since then may be missing; the newest HTSUS revision in "
        "use is 2026 HTS Revision 20 (from 2026-09-29)"
    )
    one_day = law_currency(D(2026, 7, 1)).warning()
    assert one_day is not None
    assert "(1 day later)" in one_day


def test_a_range_names_the_part_after_law_as_of() -> None:
    currency = law_currency(D(2025, 1, 1), D(2026, 12, 6))
    assert currency.gap == (D(2026, 7, 1), D(2026, 12, 6))
    assert currency.warning().startswith("2026-07-01 to 2026-12-06 is after 2026-06-30")
    assert currency.revision.edition == NEWEST  # in force on the last day
    assert law_currency(D(2025, 1, 1), D(2025, 12, 31)).gap is None


def test_stamp_keeps_the_answers_own_warnings_first() -> None:
    stamped = law_currency(D(2026, 12, 6)).stamp({"warnings": ["assumed: 2026-Q3 ..."]})
    assert stamped["warnings"][0] == "assumed: 2026-Q3 ..."
    assert stamped["warnings"][1].startswith("warning: 2026-12-06 is after 2026-06-30")


def test_the_duty_json_and_table_say_how_current_the_law_is(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["tariff", "duty", "--hts", "8703.23.01.90", "--value", "30000", "--date", "2026-12-06"]
    code, out, err = run([*argv, "--json"], capsys)
    assert code == 0
    result = json.loads(out)
    assert (result["law_as_of"], result["hts_revision"]) == ("2026-06-30", NEWEST)
    assert result["warnings"] == [line for line in err.splitlines() if line.startswith("warning: ")]
    assert len(result["warnings"]) == 1
    code, out, err = run(argv, capsys)
    assert code == 0
    assert "Law checked to 2026-06-30; HTSUS 2026 HTS Revision 20 (in force from 2026-09-29)." in out
    assert "warning: 2026-12-06 is after 2026-06-30" in err
    code, out, err = run([*argv[:-1], "2025-10-01"], capsys)
    assert "Law checked to 2026-06-30; HTSUS 2025 HTS Revision 25" in out
    assert "warning" not in err


@pytest.mark.parametrize(
    "argv",
    [
        ["tariff", "explain", "--hts", "8703.23.01.90", "--date", "2026-12-06"],
        ["tariff", "timeline", "--hts", "8703.23.01.90", "--from", "2026-06-01", "--to", "2026-12-06"],
        ["tariff", "scenarios"],
        ["tariff", "lookup", "8703.23.01.90", "--date", "2026-12-06"],
        ["tariff", "search", "motor cars", "--date", "2026-12-06", "--limit", "2"],
        ["tariff", "etr", "--from", "2026-12-05", "--to", "2026-12-06"],
        ["data", "status"],
    ],
)
def test_every_tariff_json_carries_law_as_of_and_hts_revision(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run([*argv, "--json"], capsys)
    assert code == 0, err
    payload = json.loads(out)
    assert payload["law_as_of"] == "2026-06-30"
    assert payload["hts_revision"] == NEWEST
    dated = "--date" in argv or "--to" in argv
    assert bool(payload["warnings"]) is dated
    code, out, _ = run(argv, capsys)
    assert code == 0
    # The tables end with the line; data status lists law_as_of as a dataset (its shipped value).
    assert "[law_as_of]" in out if argv[0] == "data" else "Law checked to 2026-06-30" in out


def test_refunds_and_batch_say_it_too(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    entries = tmp_path / "entries.csv"
    entries.write_text(
        "entry_number,hts10,origin,entry_date,customs_value\nE1,8479.50.00.00,JP,2026-12-01,1000\n",
        encoding="utf-8",
    )
    code, out, _ = run(["tariff", "refunds", str(entries), "--as-of", "2026-12-06", "--json"], capsys)
    assert code == 0
    result = json.loads(out)
    assert result["law_as_of"] == "2026-06-30"
    assert result["warnings"][-1].startswith("warning: 2026-12-01 is after 2026-06-30")
    code, _, err = run(["tariff", "batch", str(entries), str(tmp_path / "out.csv")], capsys)
    assert code == 0
    assert "Law checked to 2026-06-30; HTSUS 2026 HTS Revision 20" in err
    assert "warning: 2026-12-01 is after 2026-06-30" in err
