"""``goldenage report`` (the main job of ``make run``): the basket priced on a date."""

from __future__ import annotations

import json

import pytest

from goldenage.cli.app import main


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as caught:
        main(argv)
    out, err = capsys.readouterr()
    return caught.value.code, out, err


def test_report_json_prices_every_basket_item(capsys):
    code, out, err = run(["report", "--date", "2025-10-01", "--json"], capsys)
    assert code == 0
    report = json.loads(out)
    assert report["date"] == "2025-10-01"
    lines = report["lines"]
    assert len(lines) == 19
    assert all(line["error"] is None for line in lines)
    categories = {line["category"] for line in lines}
    assert categories == {"cars", "parts", "machinery", "electronics", "steel", "medical", "food"}
    by_hts = {line["result"]["hts10"]: line["result"] for line in lines}
    # Car, worked example E3: HTSUS 2025 Rev 25 8703.23.01 col. 1 General 2.5% = 750.00, plus
    # the Japan 15% inclusive autos rate (EO 14345, 9903.94.41): (15% - 2.5%) x 30,000 = 3,750.00.
    # MPF 0.3464% x 30,000 = 103.92, HMF 0.125% x 30,000 = 37.50 (ocean).
    car = by_hts["8703230140"]
    assert (car["duty_total"], car["fee_total"]) == (4500.0, 141.42)
    # Sake: 3 cents/liter x 10,000 liters = 300.00 (AVE 0.375%); IEEPA 15% inclusive (9903.02.73):
    # (15% - 0.375%) x 80,000 = 11,700.00.
    assert by_hts["2206004500"]["duty_total"] == 12000.0
    # Beef: 26.4% x 50,000 = 13,200.00; column 1 >= 15% so 9903.02.72 adds nothing (the
    # agricultural Annex II exemption starts 2025-11-13). By air: MPF only, 173.20.
    beef = by_hts["0201308090"]
    assert (beef["duty_total"], beef["fee_total"]) == (13200.0, 173.2)
    assert "error" not in err


def test_report_table(capsys):
    code, out, _ = run(["report", "--date", "2026-03-02"], capsys)
    assert code == 0
    assert "What typical Japanese exports pay" in out
    assert "8703.23.01.40" in out
    assert "Sources:" in out
