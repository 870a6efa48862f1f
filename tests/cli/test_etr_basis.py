"""``goldenage tariff etr --basis --monthly`` and ``goldenage tariff savings``: contracts and bad input."""

from __future__ import annotations

import csv
import io
import json

import pytest

from goldenage.cli.app import main
from goldenage.tariffs.collected import CAUSES


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as caught:
        main(argv)
    out, err = capsys.readouterr()
    return caught.value.code, out, err


def test_statutory_monthly_is_the_mean_of_its_days(capsys: pytest.CaptureFixture[str]) -> None:
    period = ["--from", "2025-04-01", "--to", "2025-04-10"]
    code, out, _ = run(["tariff", "etr", *period, "--monthly", "--json"], capsys)
    assert code == 0
    report = json.loads(out)
    assert report["basis"] == "statutory"
    (month,) = report["series"]
    assert month["month"] == "2025-04"
    assert month["days"] == 10
    assert month["by_cause"] is None
    assert month["census"]["month"] == "2025-04"
    _, out, _ = run(["tariff", "etr", *period, "--json"], capsys)
    days = json.loads(out)["series"]
    # The same weight computed every day of these ten: the month is the mean of the days.
    assert month["etr"] == pytest.approx(sum(day["etr"] for day in days) / 10)
    assert all(day["by_cause"] is None for day in days)


def test_collected_csv_has_the_causes(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        ["tariff", "etr", "--basis", "collected", "--from", "2025-08-06", "--to", "2025-08-08", "--csv"],
        capsys,
    )
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [row["date"] for row in rows] == ["2025-08-06", "2025-08-07", "2025-08-08"]
    assert {f"cause_{name}" for name in CAUSES} <= set(rows[0])
    # No clause is open on 08-06; goods loaded before 08-07 stay at 10% stacked from 08-07.
    assert float(rows[0]["cause_in_transit"]) == 0
    assert float(rows[1]["cause_in_transit"]) < 0


@pytest.mark.parametrize(
    ("argv", "field"),
    [
        (["--basis", "actual"], "--basis"),
        (["--basis", "collected", "--weights", "w.csv"], "--weights"),
        (["--ocean-share", "0.5"], "--ocean-share"),
        (["--basis", "collected", "--ocean-share", "1.5"], "--ocean-share"),
    ],
)
def test_bad_options_exit_2_naming_the_option(
    argv: list[str], field: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(["tariff", "etr", "--from", "2025-01-01", "--to", "2025-01-02", *argv], capsys)
    assert code == 2
    assert field in err


def test_savings_csv(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["tariff", "savings", "--from", "2025-12-30", "--to", "2026-01-02", "--csv"], capsys)
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [row["month"] for row in rows] == ["2025-12", "2026-01"]
    # No Census figure for these months: the 2024 value per day (2024 has 366 days).
    assert [row["value_basis"] for row in rows] == ["2024", "2024"]
    assert float(rows[0]["value_usd"]) == pytest.approx(151_340_030_810 * 2 / 366, rel=1e-9)
    assert float(rows[0]["saved_vs_ieepa_upheld"]) == 0
