"""``goldenage invest``: the JSON contracts, files and bad inputs (exit 2, one line naming the option)."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest

from goldenage.cli.app import main

PROJECT_KEYS = {"japan_total", "us_total", "recouped_period", "japan_irr", "japan_npv", "periods"}
PERIOD_KEYS = {"period", "distributable", "japan", "us", "balance_end"}


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as caught:
        main(argv)
    out, err = capsys.readouterr()
    return caught.value.code, out, err


def write(tmp_path: Path, text: str, name: str = "input.yaml") -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def project(capsys, *args: str) -> dict:
    code, out, err = run(["invest", "project", *args, "--json"], capsys)
    assert code == 0, err
    return json.loads(out)


def test_project_json_contract_case_2(capsys) -> None:
    # $1,000M funded, $300M a year for 20 years at 5% (tests/investment/test_waterfall.py):
    # Japan 1,597,874,854.43; US 4,402,125,145.57; recouped in year 9; NPV 0.1*PV(CF) - 0.2*F.
    data = project(
        capsys, "--amount", "1000000000", "--cash-flow", "300000000", "--years", "20", "--deemed-rate", "0.05"
    )
    assert PROJECT_KEYS <= set(data)
    assert all(PERIOD_KEYS <= set(row) for row in data["periods"])
    assert data["japan_total"] == pytest.approx(1_597_874_854.43, abs=0.01)
    assert data["us_total"] == pytest.approx(4_402_125_145.57, abs=0.01)
    assert data["recouped_period"] == 9
    annuity = (1 - 1.05**-20) / 0.05
    assert data["japan_npv"] == pytest.approx(0.1 * 300e6 * annuity - 0.2 * 1e9, abs=0.01)
    assert data["japan_irr"] == pytest.approx(0.08062, abs=1e-5)
    assert data["periods"][8] == data["periods"][8] | {"period": 9, "balance_end": 0.0}
    assert data["deemed_rate_source"] == "input"
    assert data["assumptions"] == []
    assert data["citations"][0]["document"] == "US-Japan strategic investment MOU of 2025-09-04"


def test_project_never_recouped_is_null(capsys) -> None:
    data = project(
        capsys, "--amount", "1e9", "--cash-flow", "150e6", "--years", "20", "--deemed-rate", "0.05"
    )
    assert data["recouped_period"] is None
    assert data["periods"][-1]["balance_end"] == pytest.approx(
        173_351_147.43, abs=0.01
    )  # 1,500 - 500*1.05^20 ($M)


def test_default_deemed_rate_is_an_announced_assumption(capsys) -> None:
    code, out, err = run(
        ["invest", "project", "--amount", "100", "--cash-flow", "10", "--years", "2", "--json"], capsys
    )
    assert code == 0
    data = json.loads(out)
    assert data["deemed_rate"] == 0.05
    assert data["deemed_rate_source"] == "assumption"
    assert err.startswith("assumption: Deemed interest at 5%")


def test_project_table(capsys) -> None:
    code, out, _ = run(
        [
            "invest",
            "project",
            "--amount",
            "1e9",
            "--cash-flow",
            "3e8",
            "--years",
            "20",
            "--deemed-rate",
            "0.05",
        ],
        capsys,
    )
    assert code == 0
    assert "recouped: period 9" in out
    assert "Japan IRR 8.062%" in out
    assert "Sources:" in out


def test_project_file_instalments(tmp_path, capsys) -> None:
    # The instalment case of test_waterfall.py in $: F0 600, F1 400, r 10%, CF 200, 300, 900, 1,400.
    path = write(
        tmp_path,
        """\
        name: instalments
        funding: [600, 400]
        cash_flows: [200, 300, 900, 1_400]
        deemed_rate: 0.10
        """,
    )
    data = project(capsys, "--file", str(path))
    assert data["name"] == "instalments"
    assert [row["japan"] for row in data["periods"]] == pytest.approx([100.0, 150.0, 450.0, 621.01], abs=0.01)
    assert [row["funding"] for row in data["periods"]] == [400.0, 0.0, 0.0, 0.0]
    assert data["funded_total"] == 1_000.0
    assert data["recouped_period"] == 4


def test_project_file_monthly_and_dated(tmp_path, capsys) -> None:
    monthly = write(
        tmp_path,
        "amount: 1000\ncash_flows: [100, 100, 100]\nperiods: monthly\ndeemed_rate: 0.126825030131969\n",
    )
    data = project(capsys, "--file", str(monthly))
    assert [row["balance_end"] for row in data["periods"]] == pytest.approx([960.0, 919.6, 878.8], abs=0.01)
    dated = write(
        tmp_path,
        """\
        deemed_rate: 0.05
        dated:
          funding: [{date: "2026-01-01", amount: 1000}]
          distributions: [{date: "2027-01-01", amount: 600}, {date: "2028-01-01", amount: 600}]
        """,
        "dated.yaml",
    )
    data = project(capsys, "--file", str(dated))
    assert data["period_length"] == "dated"
    assert [row["date"] for row in data["periods"]] == ["2027-01-01", "2028-01-01"]
    assert [row["balance_end"] for row in data["periods"]] == pytest.approx([750.0, 487.5])


@pytest.mark.parametrize(
    ("args", "field"),
    [
        (["--amount", "-5", "--cash-flow", "1", "--years", "5"], "--amount"),
        (["--amount", "0", "--cash-flow", "1", "--years", "5"], "--amount"),
        (["--amount", "abc", "--cash-flow", "1", "--years", "5"], "--amount"),
        (["--amount", "100", "--cash-flow", "1", "--years", "0"], "--years"),
        (["--amount", "100", "--cash-flow", "1", "--years", "2.5"], "--years"),
        (["--amount", "100", "--cash-flow", "1", "--years", "5", "--deemed-rate", "-1"], "--deemed-rate"),
        (["--amount", "100", "--cash-flow", "1", "--years", "5", "--deemed-rate", "nan"], "--deemed-rate"),
        (["--amount", "100", "--cash-flow", "-1", "--years", "5"], "--cash-flow"),
        (["--amount", "100", "--years", "5"], "--cash-flow"),
        (["--file", "missing.yaml"], "--file"),
        (["--file", "x.yaml", "--amount", "5"], "--file"),
    ],
)
def test_project_bad_options_exit_2(args, field, capsys) -> None:
    code, out, err = run(["invest", "project", *args], capsys)
    assert code == 2
    assert out == ""
    assert err.startswith(f"error: {field}: ")
    assert err.count("\n") == 1


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("amount: [1, 2\n", "not valid YAML"),
        ("- 1\n- 2\n", "does not hold a mapping"),
        ("amount: 100\ncash_flows: [10]\ncolour: red\n", "colour"),
        ("amount: 100\namount: 200\ncash_flows: [10]\n", "duplicate key"),
        ("amount: -100\ncash_flows: [10]\n", "amount"),
        ("amount: 100\ncash_flows: [10, -1]\n", "non-negative"),
        ("amount: 100\n", "cash_flows is required"),
        ("amount: 100\nfunding: [100]\ncash_flows: [10]\n", "exactly one of amount"),
        ("amount: 100\ncash_flows: [10]\ndeemed_rate: -1\n", "deemed_rate"),
        ("amount: 100\ncash_flows: [10]\nfunding_typo: 1\n", "funding_typo"),
        (
            "dated: {funding: [{date: 2026-1-1, amount: 1}],\n"
            "        distributions: [{date: 2027-01-01, amount: 1}]}\n",
            "YYYY-MM-DD",
        ),
        (
            "dated: {funding: [{date: 2026-01-01, amount: 1}],\n"
            "        distributions: [{date: 2025-01-01, amount: 1}]}\n",
            "not after the first funding",
        ),
    ],
)
def test_project_malformed_file_exit_2(tmp_path, content, message, capsys) -> None:
    path = write(tmp_path, content)
    code, out, err = run(["invest", "project", "--file", str(path)], capsys)
    assert code == 2
    assert out == ""
    assert err.startswith("error: ")
    assert message in err


def test_projects_listing(capsys) -> None:
    code, out, _ = run(["invest", "projects", "--json"], capsys)
    assert code == 0
    data = json.loads(out)
    assert data["totals"]["selected_usd"] == pytest.approx(36e9)  # 33.3 + 2.1 + 0.6
    assert data["totals"]["commitment_usd"] == 550e9
    first = data["projects"][0]
    assert {
        "sponsor",
        "states",
        "sector",
        "amount_usd",
        "announced",
        "status",
        "estimated",
        "sources",
    } <= set(first)
    assert first["sources"][0]["href"].startswith("https://")
    code, out, _ = run(["invest", "projects"], capsys)
    assert code == 0
    assert "Selected: $36.00B of $550B (6.545%)" in out


PORTFOLIO = """\
name: test
projects:
  - name: Ohio
    amount: 33_300_000_000
    years: 20
    construction_years: 3
    cash_flow: {distribution: lognormal, median: 3_000_000_000, sigma: 0.3}
    volatility: 0.1
    deemed_rate: {distribution: fixed, value: 0.05}
"""


def test_simulate_json_is_reproducible(tmp_path, capsys) -> None:
    path = write(tmp_path, PORTFOLIO)
    argv = ["invest", "simulate", "--file", str(path), "--paths", "2000", "--seed", "42", "--json"]
    code, first, _ = run(argv, capsys)
    assert code == 0
    code, second, _ = run(argv, capsys)
    assert first == second
    data = json.loads(first)
    assert data["paths"] == 2_000
    assert set(data["portfolio"]) >= {"japan_irr", "us_share", "recoup_period"}
    assert set(data["portfolio"]["japan_irr"]) >= {"p5", "p50", "p95", "mean"}
    code, dask_out, _ = run([*argv, "--engine", "dask"], capsys)
    assert code == 0
    dask_data = json.loads(dask_out)
    assert dask_data["engine"] == "dask"
    assert dask_data["portfolio"] == data["portfolio"]


def test_simulate_table(tmp_path, capsys) -> None:
    path = write(tmp_path, PORTFOLIO)
    code, out, err = run(["invest", "simulate", "--file", str(path), "--paths", "500"], capsys)
    assert code == 0
    assert "Percentiles" in out
    assert "computing" not in err  # no progress bar when stderr is not a terminal


@pytest.mark.parametrize(
    ("args", "field"),
    [
        ([], "--file"),
        (["--paths", "0"], "--paths"),
        (["--paths", "ten"], "--paths"),
        (["--seed", "-1"], "--seed"),
        (["--engine", "spark"], "--engine"),
        (["--scheduler", "tcp://127.0.0.1:1"], "--scheduler"),
    ],
)
def test_simulate_bad_options_exit_2(tmp_path, args, field, capsys) -> None:
    path = write(tmp_path, PORTFOLIO)
    file_args = [] if field == "--file" else ["--file", str(path)]
    code, out, err = run(["invest", "simulate", *file_args, *args], capsys)
    assert code == 2
    assert out == ""
    assert err.startswith(f"error: {field}: ")


def test_simulate_bad_portfolio_exit_2(tmp_path, capsys) -> None:
    path = write(tmp_path, "projects:\n  - name: x\n    amount: 5\n    years: 0\n")
    code, _, err = run(["invest", "simulate", "--file", str(path)], capsys)
    assert code == 2
    assert "projects.0.years" in err


def test_notice(capsys) -> None:
    code, out, _ = run(["invest", "notice", "--date", "2026-12-01", "--json"], capsys)
    assert code == 0
    data = json.loads(out)
    # 45 US business days after 2026-12-01 skip Christmas, New Year's Day and MLK day: 2027-02-05.
    assert data["earliest_funding_date"] == "2027-02-05"
    assert [h["name"] for h in data["holidays_skipped"]] == [
        "Christmas Day",
        "New Year's Day",
        "Birthday of Martin Luther King, Jr.",
    ]
    code, out, _ = run(["invest", "notice", "--date", "2026-02-17", "--day-count", "calendar"], capsys)
    assert code == 0
    assert "on or after 2026-04-03" in out


@pytest.mark.parametrize(
    ("args", "field"),
    [
        ([], "--date"),
        (["--date", "2026-02-30"], "--date"),
        (["--date", "2026-02-17", "--day-count", "weekdays"], "--day-count"),
        (["--date", "2029-06-01"], "notice"),
    ],
)
def test_notice_bad_input_exit_2(args, field, capsys) -> None:
    code, out, err = run(["invest", "notice", *args], capsys)
    assert code == 2
    assert out == ""
    assert err.startswith(f"error: {field}: ")


def test_help_lists_the_commands(capsys) -> None:
    code, out, _ = run(["invest", "--help"], capsys)
    assert code == 0
    for command in ("project", "projects", "simulate", "notice"):
        assert command in out
