"""The daily effective tariff rate as CSV and Excel from the API (issue 18: not JSON only)."""

from __future__ import annotations

import io

import polars as pl
from fastapi.testclient import TestClient
from openpyxl import load_workbook


def test_the_etr_series_downloads_as_csv_and_excel(client: TestClient) -> None:
    params = {"from": "2025-04-01", "to": "2025-04-10"}
    as_json = client.get("/api/tariff/etr", params=params).json()
    csv = client.get("/api/tariff/etr", params={**params, "format": "csv"})
    assert csv.status_code == 200
    assert csv.headers["content-type"].startswith("text/csv")
    assert 'filename="etr-actual-2025-04-01-2025-04-10.csv"' in csv.headers["content-disposition"]
    table = pl.read_csv(io.BytesIO(csv.content))
    assert table.height == 10
    assert table.columns[:3] == ["date", "etr", "coverage"]
    excel = client.get("/api/tariff/etr", params={**params, "format": "xlsx"})
    rows = list(load_workbook(io.BytesIO(excel.content), read_only=True).active.iter_rows(values_only=True))
    assert len(rows) == 11
    first = as_json["points"][0] if "points" in as_json else None
    if first is not None and first.get("etr") is not None:
        assert rows[1][1] == round(first["etr"], 6)
    assert client.get("/api/tariff/etr", params={**params, "format": "pdf"}).status_code == 422
