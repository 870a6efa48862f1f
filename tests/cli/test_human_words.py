"""The CLI's tables speak in words: authority, fee, scenario, cause and declaration names from
``goldenage.tariffs.labels``, results titled by the full description path; ``--json`` keeps the ids.

The worked case is a used passenger car of Japan (HTSUS 8703.23.01.90) entered on 2025-10-01:
EO 14345 (90 FR 44638), HTSUS heading 9903.94.41, sets 15% inclusive of column 1's 2.5% (so
+12.5%, $1,250.00 on $10,000), and IEEPA heading 9903.01.33 exempts goods subject to Section 232
(EO 14257 as amended, U.S. note 2(v)(vi)). The description path is the one printed in the
HTSUS: heading 8703 "Motor cars and other motor vehicles principally designed for the transport
of persons ...", ... "Other", statistical suffix 90 "Used".
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest

from goldenage.cli.app import main
from goldenage.tariffs.collected import CAUSES
from goldenage.tariffs.kernel.layout import AUTHORITIES
from goldenage.tariffs.labels import CAUSE_LABELS, description_title, scenario_label

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
CAR = ["--hts", "8703.23.01.90", "--date", "2025-10-01"]
# An authority id standing as a word of its own (``us.s122.*``, a parameter id in a scenario's
# assumptions, is a parameter's name, not an authority shown as a layer's name).
AUTHORITY_ID = re.compile(
    r"(?<![\w.])(" + "|".join(sorted(AUTHORITIES, key=len, reverse=True)) + r")(?![\w.])"
)


@pytest.fixture(autouse=True)
def _wide(monkeypatch: pytest.MonkeyPatch) -> None:
    """Print tables wide enough that no cell wraps (each row on one line)."""
    monkeypatch.setenv("COLUMNS", "1200")


def _run(capsys: pytest.CaptureFixture[str], argv: list[str]) -> tuple[str, str]:
    with pytest.raises(SystemExit) as done:
        main(argv)
    captured = capsys.readouterr()
    assert (done.value.code or 0) == 0, captured.err
    return captured.out, captured.err


def _plain(text: str) -> str:
    """Return the text of a table without its borders and line breaks (cells wrap at any width)."""
    return " ".join(re.sub(r"[│┃┏┓┗┛┡┩└┘├┤┬┴┼━─═╇╈╋]+", " ", text).split())


def _no_ids(text: str) -> None:
    found = sorted(set(AUTHORITY_ID.findall(text)))
    assert not found, f"internal ids in the human output: {found}"


def test_the_duty_of_a_car_reads_in_words(capsys: pytest.CaptureFixture[str]) -> None:
    out, err = _run(capsys, ["tariff", "duty", *CAR, "--value", "10000"])
    text = _plain(out)
    assert text.startswith(
        "8703.23.01.90 Motor cars and other motor vehicles principally designed for the transport of persons"
    )
    assert "› Of a cylinder capacity exceeding 1,500 cc but not exceeding 3,000 cc › Other › Used" in text
    assert "scenario: The law as in force" in text
    assert "Section 232 — autos and parts 9903.94.41 15% inclusive: +12.5% (column 1 2.5%) $1,250.00" in text
    assert (
        "IEEPA — reciprocal tariff 9903.01.33 exempt: subject to Section 232 (autos and parts) $0.00" in text
    )
    assert "Column 1 general rate (MFN) 8703.23.01 2.5% $250.00" in text
    assert "total 15% $1,500.00" in text
    assert "Merchandise processing fee (MPF)" in text
    _no_ids(out + err)


def test_the_json_keeps_the_ids(capsys: pytest.CaptureFixture[str]) -> None:
    out, _ = _run(capsys, ["tariff", "duty", *CAR, "--value", "10000", "--json"])
    result = json.loads(out)
    duties = {d["authority"]: d for d in result["duties"]}
    assert duties["s232_autos"]["heading"] == "9903.94.41"
    assert duties["ieepa_reciprocal"]["rate_text"] == "exempt: subject to Section 232 (s232_autos)"
    assert result["scenario"] == "actual"
    assert {fee["name"] for fee in result["fees"]} == {"mpf", "hmf"}


def test_explain_names_every_authority_and_its_reason(capsys: pytest.CaptureFixture[str]) -> None:
    out, err = _run(capsys, ["tariff", "explain", *CAR])
    text = _plain(out)
    # 14 authorities on 2025-10-01, each by its label; the other Section 232 programs give way
    # to the autos program (one Section 232 program per article).
    assert (
        "Section 232 — trucks, buses and their parts no — not considered: Section 232 — autos and parts"
        in text
    )
    assert "IEEPA — reciprocal tariff no 9903.01.33 Section 232 goods are excluded" in text
    _no_ids(out + err)


def test_the_timeline_names_what_changed(capsys: pytest.CaptureFixture[str]) -> None:
    out, err = _run(
        capsys, ["tariff", "timeline", "--hts", "8703.23.01.90", "--from", "2025-01-01", "--to", "2025-10-01"]
    )
    text = _plain(out)
    # Proclamation 10908: +25% under 9903.94.01 from 2025-04-03 (27.5% with column 1's 2.5%).
    assert "2025-04-03 27.5%" in text
    assert "Section 232 — autos and parts: 9903.94.01 +25%" in text
    assert "2025-09-16 15%" in text
    _no_ids(out + err)


def test_the_tariff_listings_name_scenarios_and_authorities(capsys: pytest.CaptureFixture[str]) -> None:
    out, err = _run(capsys, ["tariff", "scenarios"])
    assert "No US–Japan deal (--scenario no_deal):" in _plain(out)
    _no_ids(out + err)
    out, err = _run(capsys, ["tariff", "search", "tyres", "--date", "2025-10-01", "--limit", "3"])
    assert "total rate for goods of Japan (The law as in force)" in _plain(out)
    _no_ids(out + err)
    out, err = _run(capsys, ["tariff", "lookup", "8703.23.01", "--date", "2025-10-01"])
    _no_ids(out + err)
    out, err = _run(capsys, ["report", "--date", "2025-10-01"])
    assert "Section 232 — autos and parts: 9903.94.41 15% inclusive" in _plain(out)
    _no_ids(out + err)


def test_the_effective_rate_and_savings_name_their_parts(capsys: pytest.CaptureFixture[str]) -> None:
    out, err = _run(capsys, ["tariff", "etr", "--from", "2025-09-15", "--to", "2025-09-17"])
    text = _plain(out)
    assert "scenario: The law as in force" in text
    assert "Section 232 — autos and parts" in text
    _no_ids(out + err)
    out, err = _run(
        capsys,
        ["tariff", "etr", "--basis", "collected", "--monthly", "--from", "2025-04-01", "--to", "2025-04-30"],
    )
    text = _plain(out)
    assert all(label in text for label in CAUSE_LABELS.values())
    _no_ids(out + err)


def test_refunds_and_batch_summaries_have_no_ids(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out, err = _run(capsys, ["tariff", "refunds", str(EXAMPLES / "entries.csv"), "--as-of", "2026-06-30"])
    _no_ids(out + err)
    out, err = _run(capsys, ["tariff", "batch", str(EXAMPLES / "entries.csv"), str(tmp_path / "duties.csv")])
    _no_ids(out + err)


def test_project_amounts_say_their_basis_in_words(capsys: pytest.CaptureFixture[str]) -> None:
    out, _ = _run(capsys, ["invest", "projects"])
    text = _plain(out)
    # data/investment/projects.yaml: the Westinghouse reactors are "up to" $100B, the unnamed
    # gas-fired plants have no reported amount.
    assert "up to" in text
    assert "not reported" in text
    assert "up_to" not in text
    assert "not_reported" not in text


def test_the_registry_names_causes_scenarios_and_paths() -> None:
    assert set(CAUSE_LABELS) == set(CAUSES)
    assert scenario_label("no_deal") == "No US–Japan deal"
    assert scenario_label(None) == "The law as in force"  # the default scenario
    title = description_title("8703230190", dt.date(2025, 10, 1))
    assert title.startswith("Motor cars and other motor vehicles")
    assert title.endswith(" › Other › Used")
    assert description_title("9999999999", dt.date(2025, 10, 1), "fallback") == "fallback"
