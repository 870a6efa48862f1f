"""Landed cost in the API and the calculator page (worked by hand in tests/tariffs/test_landed.py).

A Japanese car, HTSUS 8703.23.01.90, 2025-10-01, quoted CIF $31,350 with $1,200 freight and
$150 insurance: customs value $30,000 (19 U.S.C. 1401a(b)(4)(A)), duty $4,500, fees $141.42.
"""

from __future__ import annotations

from fastapi.testclient import TestClient

CAR = ("8703.23.01.90", "JP", "2025-10-01")


def test_the_api_and_the_calculator_page(client: TestClient) -> None:
    params = {
        "hts": CAR[0],
        "date": CAR[2],
        "value": "31350",
        "basis": "CIF",
        "freight": "1200",
        "insurance": "150",
    }
    found = client.get("/api/tariff/duty", params=params).json()
    assert found["customs_value"] == 30_000.0
    assert found["landed_cost"]["total"] == 35_991.42
    bad = client.get("/api/tariff/duty", params={**params, "freight": "x"})
    assert bad.status_code == 422
    assert "freight" in bad.text
    page = client.get("/tariff", params={**params, "other_costs": "400"})
    assert page.status_code == 200
    assert 'id="landed-total"><strong>$36,391.42<' in page.text
