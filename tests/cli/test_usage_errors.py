"""Bad input exits 2 with one line naming the field (issue 17, items 5 and 6).

Each case below ended on the base of issue 17 in a traceback, a wrong exit code (0, 1 or 3)
or invalid JSON.
"""

from __future__ import annotations

import gc
import json
from pathlib import Path

import pytest

from goldenage.cli.app import main

ENTRIES_HEADER = "entry_number,hts10,origin,entry_date,customs_value\n"


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as caught:
        main(argv)
    out, err = capsys.readouterr()
    return caught.value.code, out, err


def one_line_error(code: int, err: str, field: str) -> None:
    assert code == 2, err
    assert err.startswith("error: "), err
    assert field in err, err
    assert len(err.strip().splitlines()) == 1, err


@pytest.mark.parametrize(
    ("argv", "field"),
    [
        (["tariff", "duty", "--hts", "8703.23.01.90", "--date", "2025-10-01", "--value", "1e308"], "--value"),
        (["tariff", "duty", "--hts", "8703.23.01.90", "--date", "2025-10-01", "--value", "1e16"], "--value"),
        (["tariff", "search", "car", "--limit", "-1"], "--limit"),
        (["tariff", "search", "car", "--limit", "0"], "--limit"),
        (["tariff", "search", "car", "--limit", "1e35"], "--limit"),
        (["report", "--date", "1900-01-01"], "--date"),
        (
            ["invest", "project", "--amount", "1e9", "--cash-flow", "1e8", "--years", "10"]
            + ["--deemed-rate", "1e308"],
            "--deemed-rate",
        ),
        (["minerals", "scenario", "x" * 5000], "scenario"),
        (["minerals", "tts", "--disrupt", "CHN_mine", "--ttr", "1e300"], "--ttr"),
        (["serve", "--host", "256.1.1.1", "--port", "8999"], "--host"),
        (["serve", "--host", "not a host", "--port", "8999"], "--host"),
    ],
)
def test_bad_options_exit_2_with_one_line(argv: list[str], field: str, capsys) -> None:
    code, out, err = run(argv, capsys)
    one_line_error(code, err, field)
    assert "Infinity" not in out


def test_a_header_only_refunds_file_is_no_error(tmp_path: Path, capsys) -> None:
    source = tmp_path / "entries.csv"
    source.write_text(ENTRIES_HEADER, encoding="utf-8")
    code, out, _ = run(["tariff", "refunds", str(source), "--json"], capsys)
    assert code == 0
    assert json.loads(out)["lines"] == []
    code, out, _ = run(["tariff", "refunds", str(source), "--csv"], capsys)
    assert code == 0
    assert out.splitlines()[0] == "entry_number,hts10,entry_date,ieepa_duty,interest,error"


@pytest.mark.parametrize("command", [["invest", "project"], ["invest", "simulate"]])
def test_a_non_utf8_file_exits_2(tmp_path: Path, capsys, command: list[str]) -> None:
    path = tmp_path / "data.csv"
    path.write_bytes(b"a,b\n\xff\xfe,1\n")
    code, _, err = run([*command, "--file", str(path)], capsys)
    one_line_error(code, err, "--file")
    assert "not UTF-8" in err


def test_a_bad_dask_scheduler_address_exits_2(tmp_path: Path, capsys) -> None:
    source = tmp_path / "entries.csv"
    source.write_text(ENTRIES_HEADER + "E1,8703.23.01.90,JP,2025-10-01,30000\n", encoding="utf-8")
    argv = ["tariff", "batch", str(source), str(tmp_path / "out.csv"), "--engine", "dask"]
    code, _, err = run([*argv, "--scheduler", "nonsense://x"], capsys)
    one_line_error(code, err, "--scheduler")
    assert not (tmp_path / "out.csv").exists()


def test_a_batch_row_of_1e308_is_a_row_error_and_totals_stay_finite(tmp_path: Path, capsys) -> None:
    source = tmp_path / "entries.csv"
    source.write_text(
        "hts10,origin,entry_date,customs_value,quantity\n"
        "8703.23.01.90,JP,2025-10-01,1e308,\n"
        "8703.23.01.90,JP,2025-10-01,inf,\n"
        "8703.23.01.90,JP,2025-10-01,30000,1e300\n"
        "8703.23.01.90,JP,2025-10-01,30000,\n",
        encoding="utf-8",
    )
    target = tmp_path / "out.csv"
    code, _, err = run(["tariff", "batch", str(source), str(target)], capsys)
    assert code == 0
    assert "rows: 4 (1 computed, 3 with errors)" in err
    assert "inf" not in err.lower()
    # The one good row: a car of 2025-10-01, 15% all-inclusive (EO 14345) of 30,000 = 4,500.
    assert "duty: $4,500.00" in err
    lines = target.read_text(encoding="utf-8").splitlines()
    assert "customs_value: expected a positive amount of US dollars up to 1e15" in lines[1]
    assert "quantity: expected a non-negative number up to 1e15" in lines[3]


@pytest.mark.parametrize("argv", [["--version"], ["tariff", "batch", "missing.csv", "out.csv"]])
def test_the_collector_is_on_and_nothing_frozen_after_a_command(argv: list[str], capsys) -> None:
    # main turns the garbage collector off while a command's modules load, then freezes what
    # they made; a caller in the same process (these tests, a notebook) gets it back as it was.
    with pytest.raises(SystemExit):
        main(argv)
    capsys.readouterr()
    assert gc.isenabled()
    assert gc.get_freeze_count() == 0


def test_a_command_of_a_group_loaded_at_once_runs_with_the_collector_on(monkeypatch, capsys) -> None:
    # `goldenage invest ...` is a group whose commands are imported with it (not one by one):
    # they must run with the collector on, or a long run would keep its cyclic garbage.
    from goldenage.cli import invest  # noqa: PLC0415

    seen: list[bool] = []
    real = invest.project_file
    monkeypatch.setattr(invest, "project_file", lambda: seen.append(gc.isenabled()) or real())
    with pytest.raises(SystemExit):
        main(["invest", "projects", "--json"])
    capsys.readouterr()
    assert seen == [True]
