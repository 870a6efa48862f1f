"""``goldenage minerals``: the JSON contract of the issue and one-line errors (exit 2) naming the line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from goldenage.cli.app import main

FIXTURES = Path(__file__).parent / "fixtures"
EXAMPLE = str(FIXTURES / "example.yaml")


def run(capsys: pytest.CaptureFixture[str], argv: list[str]) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as info:
        main(argv)
    captured = capsys.readouterr()
    return (info.value.code or 0), captured.out, captured.err


def run_json(capsys: pytest.CaptureFixture[str], argv: list[str]) -> dict:
    code, out, err = run(capsys, [*argv, "--json"])
    assert code == 0, err
    return json.loads(out)


def test_a_disrupted(capsys: pytest.CaptureFixture[str]) -> None:
    # 300 / (100 - 40) = 5 months.
    data = run_json(capsys, ["minerals", "tts", "--network", EXAMPLE, "--disrupt", "A"])
    assert data["disrupted"] == ["A"]
    assert data["tts"] == pytest.approx(5.0)
    assert data["unbounded"] is False
    assert "lost_demand" not in data


def test_b_disrupted_unbounded(capsys: pytest.CaptureFixture[str]) -> None:
    data = run_json(capsys, ["minerals", "tts", "--network", EXAMPLE, "--disrupt", "B"])
    assert data["tts"] is None
    assert data["unbounded"] is True


def test_a_disrupted_ttr_6(capsys: pytest.CaptureFixture[str]) -> None:
    # 6 x 100 - 6 x 40 - 300 = 60.
    data = run_json(capsys, ["minerals", "tts", "--network", EXAMPLE, "--disrupt", "A", "--ttr", "6"])
    assert data["lost_demand"] == pytest.approx(60.0)


def test_all_nodes(capsys: pytest.CaptureFixture[str]) -> None:
    data = run_json(capsys, ["minerals", "tts", "--network", EXAMPLE, "--all"])
    by_node = {r["disrupted"][0]: r for r in data["results"]}
    assert set(by_node) == {"A", "B", "plant"}
    assert by_node["A"]["tts"] == pytest.approx(5.0)
    assert by_node["B"]["unbounded"] is True
    assert by_node["plant"]["tts"] == pytest.approx(3.0)  # 300 / 100


def test_table_output(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, ["minerals", "tts", "--network", EXAMPLE, "--disrupt", "A,B"])
    assert code == 0
    assert "A, B" in out


@pytest.mark.parametrize(
    ("fixture", "line", "words"),
    [
        ("unknown_node.yaml", 8, "unknown node 'X'"),
        ("negative_capacity.yaml", 5, "capacity -40.0 is negative"),
        ("cycle.yaml", 8, "cycle"),
        ("bad_time_unit.yaml", 2, "time_unit 'fortnight'"),
    ],
)
def test_bad_files_exit_2_naming_the_line(
    capsys: pytest.CaptureFixture[str], fixture: str, line: int, words: str
) -> None:
    code, out, err = run(capsys, ["minerals", "tts", "--network", str(FIXTURES / fixture), "--all"])
    assert code == 2
    assert out == ""
    assert len(err.splitlines()) == 1
    assert err.startswith("error: ")
    assert f"line {line}" in err
    assert words in err
    assert "expected" in err


@pytest.mark.parametrize(
    ("argv", "field"),
    [
        (["--disrupt", "X"], "--disrupt"),
        (["--disrupt", "A", "--ttr", "-1"], "--ttr"),
        (["--disrupt", "A", "--ttr", "soon"], "--ttr"),
        ([], "--disrupt"),
        (["--disrupt", "A", "--all"], "--all"),
        (["--disrupt", "A=2"], "--disrupt"),
    ],
)
def test_bad_options_exit_2(capsys: pytest.CaptureFixture[str], argv: list[str], field: str) -> None:
    code, out, err = run(capsys, ["minerals", "tts", "--network", EXAMPLE, *argv])
    assert code == 2
    assert out == ""
    assert err.startswith(f"error: {field}")


def test_missing_network_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(capsys, ["minerals", "tts", "--network", str(tmp_path / "none.yaml"), "--all"])
    assert code == 2
    assert "does not exist" in err


def test_stockpile_example(capsys: pytest.CaptureFixture[str]) -> None:
    # A down, TTR 8: (100 - 40) x 8 = 480 needed, 300 held, 180 more; at $2 a unit $360.
    data = run_json(
        capsys,
        [
            "minerals",
            "stockpile",
            "--network",
            EXAMPLE,
            "--node",
            "plant",
            "--disrupt",
            "A",
            "--ttr",
            "8",
            "--price",
            "2",
        ],
    )
    assert data["required_inventory"] == pytest.approx(480.0)
    assert data["extra_inventory"] == pytest.approx(180.0)
    assert data["cost_usd"] == pytest.approx(360.0)


def test_concentration_json(capsys: pytest.CaptureFixture[str]) -> None:
    data = run_json(capsys, ["minerals", "concentration", "--stage", "mine"])
    assert {g["stage"] for g in data["groups"]} == {"mine"}
    code, _, err = run(capsys, ["minerals", "concentration", "--stage", "smelting"])
    assert code == 2
    assert "--stage" in err


def test_scenario_list_and_report(capsys: pytest.CaptureFixture[str]) -> None:
    listing = run_json(capsys, ["minerals", "scenario"])
    names = {s["name"] for s in listing["scenarios"]}
    assert {"cn_2025_04_seven_elements", "cn_2025_10_expansion", "cn_2025_11_suspension"} <= names
    report = run_json(capsys, ["minerals", "scenario", "cn_2025_04_seven_elements"])
    assert report["elements"] == ["Sm", "Gd", "Tb", "Dy", "Lu", "Sc", "Y"]
    assert {s["node"] for s in report["shortfalls"]} == {"USA-magnet-users", "JPN-magnet-users"}
    code, _, err = run(capsys, ["minerals", "scenario", "nope"])
    assert code == 2
    assert "unknown scenario" in err


def test_optimise_json_and_errors(capsys: pytest.CaptureFixture[str]) -> None:
    data = run_json(capsys, ["minerals", "optimise", "--budget", "0", "--year", "2026"])
    assert data["chosen"] == []
    assert data["cost_usd"] == 0
    for argv, field in (
        (["--budget", "lots", "--year", "2026"], "--budget"),
        (["--year", "2026"], "--budget"),
        (["--budget", "1", "--year", "1999"], "--year"),
        (["--budget", "1", "--year", "2026", "--objective", "best"], "--objective"),
    ):
        code, out, err = run(capsys, ["minerals", "optimise", *argv])
        assert code == 2, err
        assert out == ""
        assert err.startswith(f"error: {field}")


def test_every_command_has_help(capsys: pytest.CaptureFixture[str]) -> None:
    for command in ("tts", "concentration", "stockpile", "scenario", "optimise"):
        code, out, _ = run(capsys, ["minerals", command, "--help"])
        assert code == 0
        assert "Usage" in out


@pytest.mark.parametrize("entries", ["A=0.5,A", "A,A", "A=0.25,B,A=0.25"])
def test_a_node_named_twice_in_disrupt_is_refused(capsys: pytest.CaptureFixture[str], entries: str) -> None:
    code, out, err = run(capsys, ["minerals", "tts", "--network", EXAMPLE, "--disrupt", entries])
    assert code == 2
    assert not out
    assert err.startswith("error: --disrupt: node 'A' is named twice")
    assert err.count("\n") == 1


def test_scenario_takes_a_ttr(capsys: pytest.CaptureFixture[str]) -> None:
    data = run_json(
        capsys, ["minerals", "scenario", "cn_2025_04_seven_elements", "--year", "2028", "--ttr", "24"]
    )
    assert data["ttr"] == {"value": 24.0, "unit": "month", "given": True}
    assert data["lost_demand"] > 0
    code, _, err = run(capsys, ["minerals", "scenario", "cn_2025_04_seven_elements", "--ttr", "0"])
    assert code == 2
    assert err.startswith("error: --ttr:")
