"""The ``goldenage`` command line: bad inputs, the JSON contract, help and lookup.

Every bad input must exit 2 with exactly one line on stderr that starts with ``error: `` and
names the field at fault, and print nothing on stdout. Expected amounts are worked by hand
from the HTSUS JSON exports (see tests/tariffs/cases/mfn.yaml for the arithmetic).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from goldenage import __version__
from goldenage.cli.app import main

GOOD_DUTY = {
    "--hts": "8703.23.01.90",
    "--value": "30000",
    "--date": "2025-10-01",
}
RESULT_KEYS = {
    "hts10",
    "origin",
    "entry_date",
    "customs_value",
    "scenario",
    "duties",
    "duty_total",
    "duty_rate",
    "fees",
    "fee_total",
    "declarations_that_change_this",
    # how current the law is (goldenage.tariffs.currency), stamped on every tariff JSON answer
    "law_as_of",
    "hts_revision",
    "warnings",
}
DUTY_KEYS = {"authority", "heading", "rate_text", "ad_valorem_rate", "amount", "citation"}
FEE_KEYS = {"name", "amount", "citation"}


def _duty_args(**options: str | None) -> list[str]:
    """Return ``tariff duty`` arguments: the good ones, changed or removed (None) by name."""
    chosen = dict(GOOD_DUTY)
    for name, value in options.items():
        flag = "--" + name.replace("_", "-")
        if value is None:
            chosen.pop(flag, None)
        else:
            chosen[flag] = value
    args = ["tariff", "duty"]
    for flag, value in chosen.items():
        args += [flag, value]
    return args


def _run(capsys: pytest.CaptureFixture[str], argv: list[str]) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as info:
        main(argv)
    captured = capsys.readouterr()
    code = info.value.code
    return (0 if code is None else code), captured.out, captured.err


def _console_script() -> str:
    beside = Path(sys.executable).parent / "goldenage"
    if beside.exists():
        return str(beside)
    found = shutil.which("goldenage")
    assert found is not None, "the goldenage console script is not installed"
    return found


def _assert_one_error_line(code: int, out: str, err: str, field: str) -> None:
    assert code == 2, err
    assert out == ""
    assert err.endswith("\n")
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("error: "), err
    assert field in lines[0], err


BAD_DUTY_INPUTS = [
    # malformed codes
    pytest.param(_duty_args(hts="8703.23"), "--hts", id="hts-six-digits"),
    pytest.param(_duty_args(hts="87a3230190"), "--hts", id="hts-letter"),
    pytest.param(_duty_args(hts="87032301901"), "--hts", id="hts-eleven-digits"),
    pytest.param(_duty_args(hts="8703.23.01.901"), "--hts", id="hts-eleven-digits-dotted"),
    pytest.param(_duty_args(hts="870323019"), "--hts", id="hts-nine-digits"),
    pytest.param(_duty_args(hts=""), "--hts", id="hts-empty"),
    # well formed but not in the schedule on that date
    pytest.param(_duty_args(hts="8703.23.01.99"), "--hts", id="hts-unknown-statistical-line"),
    pytest.param(_duty_args(hts="8703.99.99"), "--hts", id="hts-unknown-subheading"),
    pytest.param(_duty_args(hts="0000000000"), "--hts", id="hts-zeros"),
    # dates
    pytest.param(_duty_args(date="2025-02-30"), "--date", id="date-not-a-calendar-day"),
    pytest.param(_duty_args(date="2025/03/01"), "--date", id="date-slashes"),
    pytest.param(_duty_args(date="yesterday"), "--date", id="date-word"),
    pytest.param(_duty_args(date="2025-3-1"), "--date", id="date-no-zero-padding"),
    pytest.param(_duty_args(date="2024-12-31"), "--date", id="date-before-coverage"),
    pytest.param(_duty_args(date="2027-01-01"), "--date", id="date-after-coverage"),
    # customs value
    pytest.param(_duty_args(value="-5"), "--value", id="value-negative"),
    pytest.param(_duty_args(value="0"), "--value", id="value-zero"),
    pytest.param(_duty_args(value="abc"), "--value", id="value-not-a-number"),
    pytest.param(_duty_args(value="nan"), "--value", id="value-nan"),
    pytest.param(_duty_args(value="inf"), "--value", id="value-infinite"),
    # origin
    pytest.param(_duty_args(origin="XX"), "--origin", id="origin-not-a-country"),
    pytest.param(_duty_args(origin="CN"), "--origin", id="origin-not-modelled"),
    # quantity and unit of a specific rate (sake, 3 cents a liter)
    pytest.param(_duty_args(hts="2206.00.45.00"), "--quantity", id="specific-without-quantity"),
    pytest.param(_duty_args(hts="2206.00.45.00", quantity="-10"), "--quantity", id="quantity-negative"),
    pytest.param(_duty_args(hts="2206.00.45.00", quantity="ten"), "--quantity", id="quantity-not-a-number"),
    pytest.param(
        _duty_args(hts="2206.00.45.00", quantity="100", unit="kg"),
        "--unit",
        id="unit-mass-for-a-volume-rate",
    ),
    pytest.param(
        _duty_args(hts="2206.00.45.00", quantity="100", unit="pf. liter"),
        "--unit",
        id="unit-proof-liters-for-liters",
    ),
    pytest.param(
        _duty_args(hts="2206.00.45.00", quantity="100", unit="furlong"),
        "--unit",
        id="unit-unknown",
    ),
    # other options
    pytest.param(_duty_args(transport="rail"), "--transport", id="transport-unknown"),
    pytest.param(_duty_args(scenario="no-deal"), "--scenario", id="scenario-unknown"),
    pytest.param(_duty_args(preference="XX"), "--preference", id="preference-unknown"),
    # missing and unknown options
    pytest.param(_duty_args(hts=None), "--hts", id="hts-missing"),
    pytest.param(_duty_args(value=None), "--value", id="value-missing"),
    pytest.param([*_duty_args(), "--bogus"], "--bogus", id="unknown-option"),
    pytest.param([*_duty_args(), "--hts"], "--hts", id="option-without-its-value"),
]


@pytest.mark.parametrize(("argv", "field"), BAD_DUTY_INPUTS)
def test_bad_duty_input_exits_2_with_one_error_line(capsys, argv, field):
    code, out, err = _run(capsys, argv)
    _assert_one_error_line(code, out, err, field)


@pytest.mark.parametrize(
    ("argv", "field"),
    [
        pytest.param(["tariff", "lookup", "8703.99.99", "--date", "2025-10-01"], "CODE", id="unknown"),
        pytest.param(
            ["tariff", "lookup", "8703.23.01.99", "--date", "2025-10-01"],
            "CODE",
            id="unknown-suffix",
        ),
        pytest.param(["tariff", "lookup", "8703.23", "--date", "2025-10-01"], "CODE", id="malformed"),
        pytest.param(["tariff", "lookup", "8703.23.01", "--date", "2025-02-30"], "--date", id="date"),
        pytest.param(["tariff", "lookup", "8703.23.01", "--date", "2027-01-01"], "--date", id="late"),
        pytest.param(["report", "--date", "yesterday"], "--date", id="report-date"),
        pytest.param(["tariff", "nonsense"], "nonsense", id="unknown-command"),
    ],
)
def test_other_bad_inputs_exit_2_with_one_error_line(capsys, argv, field):
    code, out, err = _run(capsys, argv)
    _assert_one_error_line(code, out, err, field)


# --- 8-digit codes ----------------------------------------------------------------------------
#
# No 8-digit subheading of chapters 1-97 has statistical lines with different column 1 rates in
# any revision from the 2025 Basic Edition to 2026 Rev 10: the suffixes are statistical, not
# legal, and print no rate of their own. The only subheading whose 10-digit rows print different
# rate columns is 9006.59.15 (its .20 row prints column 2 '20%' and no General rate); legally all
# four lines take the subheading's General rate 'Free'. So the tests assert that 8-digit codes
# whose lines agree are accepted.


def test_eight_digit_code_whose_lines_agree_is_accepted(capsys):
    code, out, _ = _run(capsys, [*_duty_args(hts="8703.23.01"), "--json"])
    assert code == 0
    result = json.loads(out)
    assert result["duties"][0]["rate_text"] == "2.5%"
    # 2.5% x 30,000 = 750.00 plus the Japan 15% inclusive autos top-up 12.5% x 30,000 = 3,750.00
    # (EO 14345, 9903.94.41): every statistical line of 8703.23.01 is a note 33(b) vehicle.
    assert result["duty_total"] == pytest.approx(4500.00, abs=0.01)


def test_eight_digit_camera_subheading_is_free_on_every_line(capsys):
    # HTSUS 2025 Rev 25, 9006.59.15 col. 1 General 'Free'; .20, .40, .60, .80 print no General rate.
    argv = [*_duty_args(hts="9006.59.15", value="20000", transport="air"), "--json"]
    code, out, err = _run(capsys, argv)
    assert code == 0, err
    result = json.loads(out)
    assert result["duties"][0]["rate_text"] == "Free"
    # Column 1 Free, so the Japan 15% inclusive IEEPA rate (EO 14345, 9903.02.73) adds
    # 15% x 20,000 = 3,000.00 on 2025-10-01 (cameras are not in Annex II).
    assert result["duty_total"] == 3000.0
    assert result["duties"][1]["heading"] == "9903.02.73"
    assert result["fees"][0]["amount"] == pytest.approx(69.28, abs=0.01)  # 0.3464% x 20,000


# --- JSON contract ------------------------------------------------------------------------------


def test_duty_json_has_exactly_the_contract_keys(capsys):
    code, out, _ = _run(capsys, [*_duty_args(), "--json"])
    assert code == 0
    result = json.loads(out)
    assert set(result) == RESULT_KEYS
    assert result["duties"]
    for component in result["duties"]:
        assert set(component) == DUTY_KEYS
        assert isinstance(component["citation"], dict)
    for fee in result["fees"]:
        assert set(fee) == FEE_KEYS
    assert result["hts10"] == "8703230190"
    assert result["origin"] == "JP"
    assert result["entry_date"] == "2025-10-01"
    assert result["customs_value"] == 30_000
    assert result["scenario"] == "actual"


def test_duty_json_values_of_worked_example_e3(capsys):
    # 2025 HTS Rev 25, 8703.23.01 General 2.5%: 2.5% x 30,000 = 750.00; the Japan 15% inclusive
    # autos rate (EO 14345, 9903.94.41) adds (15% - 2.5%) x 30,000 = 3,750.00; IEEPA is excluded
    # for Section 232 goods (9903.01.33, amount 0). Total 4,500.00 (15%).
    # MPF 0.3464% x 30,000 = 103.92; HMF 0.125% x 30,000 = 37.50; fees 141.42.
    code, out, _ = _run(capsys, [*_duty_args(), "--json"])
    assert code == 0
    result = json.loads(out)
    mfn, autos, ieepa = result["duties"]
    assert (autos["authority"], autos["heading"], autos["amount"]) == ("s232_autos", "9903.94.41", 3750.0)
    assert (ieepa["authority"], ieepa["heading"], ieepa["amount"]) == ("ieepa_reciprocal", "9903.01.33", 0.0)
    assert mfn["authority"] == "mfn"
    assert mfn["heading"] == "8703.23.01"
    assert mfn["rate_text"] == "2.5%"
    assert mfn["ad_valorem_rate"] == pytest.approx(0.025)
    assert mfn["amount"] == pytest.approx(750.00, abs=0.01)
    assert mfn["citation"]["edition"] == "2025 HTS Revision 25"
    assert result["duty_total"] == pytest.approx(4500.00, abs=0.01)
    assert result["duty_rate"] == pytest.approx(0.15, abs=1e-9)
    fees = {fee["name"]: fee["amount"] for fee in result["fees"]}
    assert fees == pytest.approx({"mpf": 103.92, "hmf": 37.50}, abs=0.01)
    assert result["fee_total"] == pytest.approx(141.42, abs=0.01)


def test_duty_table_output_exits_0(capsys):
    code, out, _ = _run(capsys, _duty_args())
    assert code == 0
    assert "8703.23.01" in out
    assert "750.00" in out
    assert "4,500.00" in out


# --- version and help ---------------------------------------------------------------------------


def test_version(capsys):
    code, out, _ = _run(capsys, ["--version"])
    assert code == 0
    assert out.strip() == f"goldenage {__version__}"


@pytest.mark.parametrize(
    "argv",
    [
        pytest.param(["--help"], id="goldenage"),
        pytest.param(["tariff", "--help"], id="tariff"),
        pytest.param(["tariff", "duty", "--help"], id="tariff-duty"),
        pytest.param(["tariff", "lookup", "--help"], id="tariff-lookup"),
        pytest.param(["report", "--help"], id="report"),
    ],
)
def test_help(capsys, argv):
    code, out, err = _run(capsys, argv)
    assert code == 0, err
    command = " ".join(["goldenage", *argv[:-1]])
    assert out.startswith(f"Usage: {command} ")


def test_duty_help_lists_every_option(capsys):
    _, out, _ = _run(capsys, ["tariff", "duty", "--help"])
    for option in (
        "--hts",
        "--origin",
        "--date",
        "--value",
        "--quantity",
        "--unit",
        "--transport",
        "--scenario",
        "--preference",
        "--json",
    ):
        assert option in out


# --- lookup -------------------------------------------------------------------------------------


def test_lookup_car_subheading_json(capsys):
    # 2025 HTS Rev 25 (in force 2025-09-26 to 2025-10-05), rows under heading 8703:
    #   8703 (indent 0) "Motor cars and other motor vehicles principally designed ..."
    #   (no number, indent 1) "Other vehicles, with only spark-ignition internal combustion ..."
    #   8703.23.01 (indent 2) "Of a cylinder capacity exceeding 1,500 cc but not exceeding
    #   3,000 cc", units none (they are on the statistical lines: "No."), General "2.5%",
    #   Special "Free (A+,AU,B,...)", column 2 "10%"; footnotes "See 9903.88.01." (general)
    #   and "See 9903.90.08." (other).
    code, out, _ = _run(capsys, ["tariff", "lookup", "8703.23.01", "--date", "2025-10-01", "--json"])
    assert code == 0
    line = json.loads(out)
    assert line["htsno"] == "8703.23.01"
    assert line["revision"] == "2025 HTS Revision 25"
    assert line["description_path"] == [
        "Motor cars and other motor vehicles principally designed for the transport of persons "
        "(other than those of heading 8702), including station wagons and racing cars:",
        "Other vehicles, with only spark-ignition internal combustion piston engines:",
        "Of a cylinder capacity exceeding 1,500 cc but not exceeding 3,000 cc",
    ]
    assert line["units"] == []
    assert line["general"] == "2.5%"
    assert line["other"] == "10%"
    assert line["ch99_refs"] == ["9903.88.01", "9903.90.08"]
    notes = {note["value"] for note in line["footnotes"]}
    assert notes == {"See 9903.88.01.", "See 9903.90.08."}
    stats = line["statistical_lines"]
    assert [s["htsno"] for s in stats] == [
        "8703.23.01.10",
        "8703.23.01.20",
        "8703.23.01.30",
        "8703.23.01.40",
        "8703.23.01.60",
        "8703.23.01.70",
        "8703.23.01.90",
    ]
    assert all(s["units"] == ["No."] for s in stats)


def test_lookup_statistical_line_inherits_the_subheading_rate(capsys):
    argv = ["tariff", "lookup", "8703.23.01.90", "--date", "2025-10-01", "--json"]
    code, out, _ = _run(capsys, argv)
    assert code == 0
    line = json.loads(out)
    assert line["description"] == "Used"
    assert line["units"] == ["No."]
    assert line["general"] == "2.5%"
    assert line["rate_line"] == "8703.23.01"


def test_lookup_table_output_exits_0(capsys):
    code, out, _ = _run(capsys, ["tariff", "lookup", "8703.23.01", "--date", "2025-10-01"])
    assert code == 0
    assert "8703.23.01" in out
    assert "9903.88.01" in out


# --- through the installed console script ------------------------------------------------------


def test_console_script_bad_code_exits_2():
    completed = subprocess.run(
        [_console_script(), *_duty_args(hts="8703.23")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 2
    assert completed.stdout == ""
    lines = completed.stderr.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("error: --hts")


def test_console_script_json_and_version():
    script = _console_script()
    completed = subprocess.run([script, *_duty_args(), "--json"], capture_output=True, text=True, check=False)
    assert completed.returncode == 0, completed.stderr
    assert set(json.loads(completed.stdout)) == RESULT_KEYS
    version = subprocess.run([script, "--version"], capture_output=True, text=True, check=False)
    assert version.returncode == 0
    assert version.stdout.strip() == f"goldenage {__version__}"
