"""``goldenage tariff explain``, ``timeline`` and ``scenarios``: contracts and bad input."""

from __future__ import annotations

import csv
import io
import json

import pytest

from goldenage.cli.app import main


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as caught:
        main(argv)
    out, err = capsys.readouterr()
    return caught.value.code, out, err


def test_explain_json_lists_every_authority_in_order(capsys):
    code, out, _ = run(
        ["tariff", "explain", "--hts", "8703.23.01.90", "--date", "2025-10-01", "--value", "30000", "--json"],
        capsys,
    )
    assert code == 0
    result = json.loads(out)
    authorities = [d["authority"] for d in result["decisions"]]
    assert authorities == [
        "mfn",
        "s232_semiconductors",
        "s232_autos",
        "s232_mhd",
        "s232_pharma",
        "s232_uas",
        "s232_polysilicon",
        "s232_wood",
        "s232_metals",
        "s232_polysilicon_mip",
        "s201_quartz",
        "ieepa_reciprocal",
        "s122",
        "s301",
    ]
    applied = {d["authority"]: d for d in result["decisions"] if d["applied"]}
    # EO 14345: Japanese vehicles 15% inclusive from 2025-09-16 (9903.94.41).
    assert applied["s232_autos"]["heading"] == "9903.94.41"
    assert applied["s232_autos"]["citations"][0]["document"] == "90 FR 44638, FR Doc 2025-17908"
    ieepa = next(d for d in result["decisions"] if d["authority"] == "ieepa_reciprocal")
    assert not ieepa["applied"]
    assert ieepa["heading"] == "9903.01.33"
    assert result["duty_total"] == 4500.0
    assert "defaults_used" in result


def test_explain_table(capsys):
    code, out, _ = run(["tariff", "explain", "--hts", "8479.50.00.00", "--date", "2026-03-15"], capsys)
    assert code == 0
    assert "Decision path" in out
    assert "9903.03.01" in out  # Section 122 applies to a robot (E12)


def test_timeline_of_a_car(capsys):
    code, out, _ = run(
        [
            "tariff",
            "timeline",
            "--hts",
            "8703.23.01.90",
            "--from",
            "2025-01-01",
            "--to",
            "2026-11-25",
            "--json",
        ],
        capsys,
    )
    assert code == 0
    result = json.loads(out)
    points = {p["date"]: p for p in result["points"]}
    # 2.5% (column 1), +25% from 2025-04-03 (Proc. 10908), 15% inclusive from 2025-09-16 (EO 14345).
    assert points["2025-01-01"]["duty_rate"] == pytest.approx(0.025)
    assert points["2025-04-03"]["duty_rate"] == pytest.approx(0.275)
    assert points["2025-04-03"]["changed"] == ["s232_autos"]
    assert any("90 FR 14705" in (c["document"] or "") for c in points["2025-04-03"]["causes"])
    assert points["2025-09-16"]["duty_rate"] == pytest.approx(0.15)
    assert any("90 FR 44638" in (c["document"] or "") for c in points["2025-09-16"]["causes"])
    rates = [p["duty_rate"] for p in result["points"]]
    assert rates[-1] == pytest.approx(0.15)


def test_timeline_csv_and_scenario(capsys):
    code, out, _ = run(
        [
            "tariff",
            "timeline",
            "--hts",
            "8479.50.00.00",
            "--from",
            "2025-01-01",
            "--to",
            "2025-12-31",
            "--scenario",
            "liberation_day",
            "--csv",
        ],
        capsys,
    )
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    by_date = {row["date"]: row for row in rows}
    # Robot 8479.50.00.00, column 1 2.5%: +10% from 2025-04-05, +24% from 2025-04-09 (not paused),
    # then 15% inclusive from 2025-08-07.
    assert float(by_date["2025-04-05"]["duty_rate"]) == pytest.approx(0.125)
    assert float(by_date["2025-04-09"]["duty_rate"]) == pytest.approx(0.265)
    assert float(by_date["2025-08-07"]["duty_rate"]) == pytest.approx(0.15)
    assert "2025-04-10" not in by_date


def test_scenarios_listing(capsys):
    code, out, _ = run(["tariff", "scenarios", "--json"], capsys)
    assert code == 0
    names = [s["name"] for s in json.loads(out)["scenarios"]]
    assert names[0] == "actual"
    assert set(names) == {"actual", "no_deal", "liberation_day", "pre_2025", "ieepa_upheld", "fund_decline"}
    code, out, _ = run(["tariff", "scenarios"], capsys)
    assert code == 0
    assert "ieepa_upheld" in out


@pytest.mark.parametrize(
    ("argv", "field"),
    [
        (
            ["tariff", "explain", "--hts", "8703.23.01.90", "--origin", "CN", "--date", "2025-10-01"],
            "--origin",
        ),
        (
            ["tariff", "explain", "--hts", "8703.23.01.90", "--date", "2025-10-01", "--pharma", "maybe"],
            "--pharma",
        ),
        (
            [
                "tariff",
                "duty",
                "--hts",
                "8482.10.50.48",
                "--date",
                "2025-10-01",
                "--value",
                "100",
                "--metal-value",
                "200",
            ],
            "--metal-value",
        ),
        (
            ["tariff", "timeline", "--hts", "8703.23.01.90", "--from", "2026-01-01", "--to", "2025-01-01"],
            "--to",
        ),
        (
            ["tariff", "timeline", "--hts", "8703.23.01.90", "--from", "2024-01-01", "--to", "2025-01-01"],
            "--from",
        ),
        (["tariff", "timeline", "--hts", "8703.23.01.90", "--json", "--csv"], "--csv"),
        (["tariff", "duty", "--hts", "8703.23.01.90", "--value", "1", "--scenario", "what_if"], "--scenario"),
    ],
)
def test_bad_input_exits_2_naming_the_field(capsys, argv, field):
    code, out, err = run(argv, capsys)
    assert code == 2
    assert out == ""
    assert err.startswith(f"error: {field}")
    assert len(err.strip().splitlines()) == 1


def test_origin_other_than_japan_is_not_modelled_yet(capsys):
    code, _, err = run(["tariff", "duty", "--hts", "8703.23.01.90", "--origin", "KR", "--value", "1"], capsys)
    assert code == 2
    assert "not modelled yet" in err


def test_vehicle_part_declaration_for_a_listed_provision(capsys):
    # Note 33(g) lists the whole of heading 8471; an 8471 article that is not a vehicle part takes
    # 9903.94.06 (note 33(h)(ii)) and no Section 232 duty. Laptop 8471.30.01.00 on 2025-10-01:
    # Annex II electronics exempt it from IEEPA (9903.01.32), so it pays nothing by default.
    base = ["tariff", "duty", "--hts", "8471.30.01.00", "--date", "2025-10-01", "--value", "1000", "--json"]
    code, out, err = run(base, capsys)
    assert code == 0
    assert json.loads(out)["duty_total"] == 0.0
    assert "not a vehicle part" in err
    # Declared a vehicle part: Japan's 15% inclusive parts rate (EO 14345, 9903.94.43) on a Free
    # column 1 rate: 15% x 1,000 = 150.00.
    code, out, _ = run([*base, "--vehicle-part", "yes"], capsys)
    assert code == 0
    result = json.loads(out)
    assert result["duty_total"] == 150.0
    assert ("s232_autos", "9903.94.43") in {(d["authority"], d["heading"]) for d in result["duties"]}
    code, _, err = run([*base, "--vehicle-part", "maybe"], capsys)
    assert code == 2
    assert err.startswith("error: --vehicle-part")


def test_certified_auto_part(capsys):
    # Insulated cable 8544.42.90.90 (column 1 2.6%, HTSUS 2025 Rev 32) is not a note 33(g)
    # provision. Certified for US automobile production (note 33(r)), a part of Japan pays 15%
    # inclusive from 2025-11-01 (9903.94.55): 2.6% x 1,000 = 26.00 + (15% - 2.6%) x 1,000 = 124.00.
    base = ["tariff", "duty", "--hts", "8544.42.90.90", "--date", "2025-12-01", "--value", "1000", "--json"]
    code, out, _ = run([*base, "--certified-auto-part"], capsys)
    assert code == 0
    result = json.loads(out)
    assert result["duty_total"] == 150.0
    assert ("s232_autos", "9903.94.55", 124.0) in {
        (d["authority"], d["heading"], d["amount"]) for d in result["duties"]
    }
    # Not certified: the cable is an aluminum derivative of note 19(k) (9903.85.08, on its
    # aluminum content) with the IEEPA 15% inclusive rate on the rest (9903.02.73).
    code, out, _ = run(base, capsys)
    assert {d["heading"] for d in json.loads(out)["duties"]} == {"8544.42.90", "9903.85.08", "9903.02.73"}


def test_pharmaceutical_use_declaration_for_note_52e_chemicals(capsys):
    # Phenazone 2933.11.00.00, column 1 6.5% (HTSUS 2026 Rev 10), is listed in note 52(e): exempt
    # from Section 301 only for pharmaceutical use (9903.05.89). Undeclared on 2026-08-15 it pays
    # the Japan 12.5% inclusive rate: 6.5% x 10,000 = 650.00 + (12.5% - 6.5%) x 10,000 = 600.00.
    base = ["tariff", "duty", "--hts", "2933.11.00.00", "--date", "2026-08-15", "--value", "10000", "--json"]
    code, out, err = run(base, capsys)
    assert code == 0
    assert json.loads(out)["duty_total"] == 1250.0
    assert "--pharmaceutical-use" in err
    code, out, _ = run([*base, "--pharmaceutical-use"], capsys)
    result = json.loads(out)
    assert result["duty_total"] == 650.0
    assert ("s301", "9903.05.89", 0.0) in {
        (d["authority"], d["heading"], d["amount"]) for d in result["duties"]
    }


def test_polysilicon_answers_say_their_headings_are_provisional(capsys):
    # A solar module of Japan on 2026-12-04: 9903.45.31 (15% inclusive) of the proclamation of
    # 2026-08-06, whose heading numbers no HTSUS revision has codified (docs/law.md A18).
    argv = ["tariff", "explain", "--hts", "8541.43.00.10", "--date", "2026-12-04", "--value", "10000"]
    argv.append("--json")
    code, out, _ = run(argv, capsys)
    assert code == 0
    result = json.loads(out)
    assert any("provisional" in note for note in result["notes"])
    assert any("minimum import price" in default for default in result["defaults_used"])
    code, _, err = run(["tariff", "duty", *argv[2:-1]], capsys)
    assert code == 0
    assert "note: Section 232 polysilicon" in err


def test_the_minimum_import_price_needs_a_quantity(capsys):
    # 9903.45.34 is $100 per kilogram of wafers (note 42(a)): declared without a quantity, the
    # line is refused with a usage error naming --quantity and the unit; with 2 kg it is $200.
    base = ["tariff", "duty", "--hts", "3818.00.00.40", "--date", "2026-12-04", "--value", "10000", "--json"]
    code, _, err = run([*base, "--polysilicon-mip"], capsys)
    assert code == 2
    assert "--quantity" in err
    assert "kg" in err
    code, out, _ = run([*base, "--polysilicon-mip", "--quantity", "2", "--unit", "kg"], capsys)
    assert code == 0
    assert ("s232_polysilicon_mip", "9903.45.34", 200.0) in {
        (d["authority"], d["heading"], d["amount"]) for d in json.loads(out)["duties"]
    }


def test_unmanned_aircraft_answers_state_the_section_301_reading(capsys):
    # A drone of 8806.22 on 2026-09-03 pays 9903.08.22 (+25%) and Section 301 (docs/law.md A14):
    # the answer says so in its notes, and names the declarations that would change it.
    argv = ["tariff", "explain", "--hts", "8806.22.00.00", "--date", "2026-09-03", "--value", "10000"]
    argv.append("--json")
    code, out, _ = run(argv, capsys)
    assert code == 0
    result = json.loads(out)
    assert result["duty_total"] == 3750.0
    assert any("Section 301 duty is charged as well" in note for note in result["notes"])
    assert any("--uas-allied-components" in default for default in result["defaults_used"])
    code, out, _ = run([*argv, "--uas-allied-components"], capsys)
    assert json.loads(out)["duty_total"] == 2750.0
