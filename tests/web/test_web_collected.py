"""The collected basis and the savings in the API and on the overview page (issue 19 item 3, 5)."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from goldenage.cli.app import app as cli_app
from goldenage.tariffs.collected import CAUSES

APRIL = {"from": "2025-04-01", "to": "2025-04-30"}


def cli_json(*args: str) -> dict:
    result = CliRunner().invoke(cli_app, [*args, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_collected_monthly_is_the_cli_json(client: TestClient) -> None:
    response = client.get("/api/tariff/etr", params={**APRIL, "basis": "collected", "monthly": "true"})
    assert response.status_code == 200
    payload = response.json()
    assert payload == cli_json(
        "tariff", "etr", "--basis", "collected", "--monthly", "--from", APRIL["from"], "--to", APRIL["to"]
    )
    assert payload["basis"] == "collected"
    ((april,),) = [payload["series"]]
    assert april["month"] == "2025-04"
    assert set(april["by_cause"]) == set(CAUSES)
    assert april["statutory"] + sum(april["by_cause"].values()) == pytest.approx(april["etr"], abs=1e-12)
    assert april["census"]["meanweighted"] == 0.09738870067476935  # data/census/japan_monthly.csv
    assert payload["sources"]["timing"]["citations"]


def test_bad_basis_and_share_are_422(client: TestClient) -> None:
    assert client.get("/api/tariff/etr", params={"basis": "actual"}).status_code == 422
    assert client.get("/api/tariff/etr", params={"basis": "collected", "ocean_share": 2}).status_code == 422
    response = client.get("/api/tariff/etr", params={"basis": "statutory", "ocean_share": 0.5, **APRIL})
    assert response.status_code == 422
    assert "ocean_share" in response.text


def test_savings_route(client: TestClient) -> None:
    response = client.get("/api/tariff/savings", params={"from": "2025-10-01", "to": "2025-10-31"})
    assert response.status_code == 200
    payload = response.json()
    (october,) = payload["months"]
    # October 2025 is a Census month: its whole value of imports from Japan.
    assert october["value_usd"] == 11462137204.0
    assert october["value_basis"] == "census"
    assert set(october["saved_usd"]) == {"no_deal", "liberation_day", "ieepa_upheld"}
    # No deal: IEEPA +15% stacked and vehicles at 25%: more duty than under the deal.
    assert october["saved_usd"]["no_deal"] > 0
    assert october["saved_usd"]["ieepa_upheld"] == 0  # the Supreme Court ruled in 2026
    assert sum(group["value_usd"] for group in payload["groups"]) == pytest.approx(payload["value_usd"])


def test_overview_chart_of_the_collected_series(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200
    assert 'id="collected-chart"' in page.text
    chart = client.get("/overview/collected.json")
    assert chart.status_code == 200
    names = [trace["name"] for trace in chart.json()["data"]]
    assert [name.split()[0] for name in names] == ["Statutory", "Collected", "Census:"]


def test_collected_monthly_as_csv(client: TestClient) -> None:
    params = {**APRIL, "basis": "collected", "monthly": "true", "format": "csv"}
    response = client.get("/api/tariff/etr", params=params)
    assert response.status_code == 200
    assert (
        'filename="etr-actual-collected-monthly-2025-04-01-2025-04-30.csv"'
        in response.headers["content-disposition"]
    )
    header, april = response.text.strip().splitlines()
    columns = header.split(",")
    assert columns[:3] == ["month", "etr", "statutory"]
    assert {f"cause_{name}" for name in CAUSES} <= set(columns)
    assert april.startswith("2025-04,")
