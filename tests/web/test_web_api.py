"""The JSON API returns exactly the CLI's JSON and answers bad input with a 422 naming the field."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from goldenage.cli.app import app as cli_app
from goldenage.tariffs.currency import law_as_of

CAR = {"hts": "8703.23.01.90", "origin": "JP", "date": "2025-10-01", "value": "30000"}


def cli_json(*args: str) -> object:
    """Run the CLI in-process and return the JSON it prints."""
    result = CliRunner().invoke(cli_app, [*args, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_duty_is_the_cli_json(client: TestClient) -> None:
    response = client.get("/api/tariff/duty", params=CAR)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/json")
    expected = cli_json(
        "tariff",
        "duty",
        "--hts",
        "8703.23.01.90",
        "--origin",
        "JP",
        "--date",
        "2025-10-01",
        "--value",
        "30000",
    )
    assert response.json() == expected


def test_duty_of_a_japanese_car_by_hand(client: TestClient) -> None:
    # Column 1: 2.5% of $30,000 = $750.00. Heading 9903.94.41: 15% inclusive of column 1, so
    # +12.5% = $3,750.00 (HTSUS U.S. note 33(k)). Total $4,500.00, 15% of the value.
    body = client.get("/api/tariff/duty", params=CAR).json()
    amounts = {d["heading"]: d["amount"] for d in body["duties"]}
    assert amounts["8703.23.01"] == pytest.approx(750.00, abs=0.005)
    assert amounts["9903.94.41"] == pytest.approx(3750.00, abs=0.005)
    assert body["duty_total"] == pytest.approx(4500.00, abs=0.005)
    assert body["duty_rate"] == pytest.approx(0.15)


def test_duty_with_a_scenario_is_the_cli_json(client: TestClient) -> None:
    params = {**CAR, "scenario": "no_deal"}
    response = client.get("/api/tariff/duty", params=params)
    assert response.status_code == 200
    expected = cli_json(
        "tariff",
        "duty",
        "--hts",
        CAR["hts"],
        "--date",
        CAR["date"],
        "--value",
        "30000",
        "--scenario",
        "no_deal",
    )
    assert response.json() == expected
    assert response.json()["scenario"] == "no_deal"


def test_a_repeated_duty_query_is_served_from_the_cache(client: TestClient) -> None:
    cache = client.app.state.duty_cache  # type: ignore[attr-defined]
    params = {**CAR, "value": "12345.67"}
    first = client.get("/api/tariff/duty", params=params).content
    hits = cache.hits
    assert client.get("/api/tariff/duty", params=params).content == first
    assert cache.hits == hits + 1


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({**CAR, "hts": "87"}, "hts"),
        ({**CAR, "hts": "1234.56.78.90"}, "hts"),
        ({**CAR, "value": "-5"}, "value"),
        ({**CAR, "value": "lots"}, "value"),
        pytest.param(
            {**CAR, "value": "1e308"},
            "value",
            marks=pytest.mark.filterwarnings("ignore:overflow:RuntimeWarning"),
            id="value-overflows",  # the amounts overflow to infinity: the input's fault, not a 500
        ),
        ({**CAR, "date": "2025-13-01"}, "date"),
        ({**CAR, "date": "1999-01-01"}, "date"),
        ({**CAR, "scenario": "utopia"}, "scenario"),
        ({**CAR, "origin": "XX"}, "origin"),
        ({**CAR, "transport": "rocket"}, "transport"),
        ({**CAR, "quantity": "-1"}, "quantity"),
        ({**CAR, "pharma": "maybe"}, "pharma"),
        ({**CAR, "civil_aircraft": "perhaps"}, "civil_aircraft"),
        ({k: v for k, v in CAR.items() if k != "hts"}, "hts"),
        ({k: v for k, v in CAR.items() if k != "value"}, "value"),
    ],
)
def test_bad_duty_parameters_get_422_naming_the_field(client: TestClient, params: dict, field: str) -> None:
    response = client.get("/api/tariff/duty", params=params)
    assert response.status_code == 422, response.text
    detail = response.json()["detail"]
    assert detail[0]["loc"][-1] == field
    assert detail[0]["msg"].startswith(f"{field}: ")


def test_explain_is_the_cli_json(client: TestClient) -> None:
    response = client.get("/api/tariff/explain", params=CAR)
    assert response.status_code == 200
    expected = cli_json("tariff", "explain", "--hts", CAR["hts"], "--date", CAR["date"], "--value", "30000")
    assert response.json() == expected
    assert any(d["applied"] and d["heading"] == "9903.94.41" for d in response.json()["decisions"])


def test_timeline_is_the_cli_json(client: TestClient) -> None:
    params = {"hts": CAR["hts"], "from": "2025-01-01", "to": "2025-12-31", "value": "30000"}
    response = client.get("/api/tariff/timeline", params=params)
    assert response.status_code == 200
    expected = cli_json(
        "tariff",
        "timeline",
        "--hts",
        CAR["hts"],
        "--from",
        "2025-01-01",
        "--to",
        "2025-12-31",
        "--value",
        "30000",
    )
    assert response.json() == expected
    rates = {p["date"]: p["duty_rate"] for p in response.json()["points"]}
    assert rates["2025-01-01"] == pytest.approx(0.025)  # column 1 only
    assert rates["2025-09-16"] == pytest.approx(0.15)  # the agreement rate


def test_lookup_scenarios_and_search(client: TestClient) -> None:
    lookup = client.get("/api/tariff/lookup", params={"code": "8703.23.01", "date": "2025-10-01"})
    assert lookup.json() == cli_json("tariff", "lookup", "8703.23.01", "--date", "2025-10-01")
    assert client.get("/api/tariff/scenarios").json() == cli_json("tariff", "scenarios")
    found = client.get(
        "/api/tariff/search", params={"q": "motor vehicles spark", "date": "2025-10-01"}
    ).json()
    assert "8703.23.01.90" in [line["htsno"] for line in found["lines"]]
    by_code = client.get("/api/tariff/search", params={"q": "8703.23.01", "date": "2025-10-01"}).json()
    assert all(line["code"].startswith("87032301") for line in by_code["lines"])
    assert client.get("/api/tariff/search", params={"q": "  "}).status_code == 422


def test_etr_is_the_cli_json(client: TestClient) -> None:
    params = {"from": "2025-10-01", "to": "2025-10-03"}
    response = client.get("/api/tariff/etr", params=params)
    assert response.status_code == 200
    assert response.json() == cli_json("tariff", "etr", "--from", "2025-10-01", "--to", "2025-10-03")
    bad = client.get("/api/tariff/etr", params={"origin": "CN"})
    assert bad.status_code == 422
    assert bad.json()["detail"][0]["loc"][-1] == "origin"


def test_investment_routes_are_the_cli_json(client: TestClient) -> None:
    params = {"amount": "1000000000", "cash_flow": "600000000", "years": "5", "deemed_rate": "0"}
    response = client.get("/api/invest/project", params=params)
    assert response.status_code == 200
    expected = cli_json(
        "invest",
        "project",
        "--amount",
        "1000000000",
        "--cash-flow",
        "600000000",
        "--years",
        "5",
        "--deemed-rate",
        "0",
    )
    assert response.json() == expected
    assert client.get("/api/invest/projects").json() == cli_json("invest", "projects")
    notice = client.get("/api/invest/notice", params={"date": "2026-02-17"}).json()
    assert notice == cli_json("invest", "notice", "--date", "2026-02-17")
    bad = client.get("/api/invest/project", params={**params, "years": "0"})
    assert bad.status_code == 422
    assert bad.json()["detail"][0]["loc"][-1] == "years"


def test_simulation_is_reproducible_and_bounded(client: TestClient) -> None:
    portfolio = {
        "projects": [
            {
                "name": "A",
                "amount": 1_000_000_000,
                "years": 10,
                "cash_flow": {"distribution": "lognormal", "median": 200_000_000, "sigma": 0.4},
                "deemed_rate": {"distribution": "fixed", "value": 0.05},
            }
        ]
    }
    first = client.post("/api/invest/simulate", json={"portfolio": portfolio, "paths": 2000, "seed": 7})
    assert first.status_code == 200, first.text
    again = client.post("/api/invest/simulate", json={"portfolio": portfolio, "paths": 2000, "seed": 7})
    assert first.json() == again.json()
    too_many = client.post("/api/invest/simulate", json={"portfolio": portfolio, "paths": 10**9, "seed": 7})
    assert too_many.status_code == 422
    assert too_many.json()["detail"][0]["loc"][-1] == "paths"


def test_minerals_routes_are_the_cli_json(client: TestClient) -> None:
    tts = client.get("/api/minerals/tts", params={"disrupt": "CHN-magnets-to-USA", "ttr": "6"})
    assert tts.status_code == 200
    assert tts.json() == cli_json("minerals", "tts", "--disrupt", "CHN-magnets-to-USA", "--ttr", "6")
    conc = client.get("/api/minerals/concentration", params={"stage": "mine"})
    assert conc.json() == cli_json("minerals", "concentration", "--stage", "mine")
    scenario = client.get("/api/minerals/scenario/cn_export_halt")
    assert scenario.json() == cli_json("minerals", "scenario", "cn_export_halt")
    assert client.get("/api/minerals/scenario/..%2F..%2Fparams").status_code in (404, 422)
    unknown = client.get("/api/minerals/tts", params={"disrupt": "Atlantis"})
    assert unknown.status_code == 422


def test_minerals_tts_on_an_uploaded_network(client: TestClient) -> None:
    # The example of issue 7: A (120/month) and B (40/month) supply a plant with demand 100/month
    # and 300 in stock. A down: the plant gets 40 and draws 60 a month from stock: 300 / 60 = 5 months.
    network = (
        "name: example\ntime_unit: month\nnodes:\n  - {id: A, capacity: 120}\n  - {id: B, capacity: 40}\n"
        "  - {id: plant, demand: 100, inventory: 300}\nedges:\n  - [A, plant]\n  - [B, plant]\n"
    )
    files = {"network": ("net.yaml", network.encode(), "application/yaml")}
    response = client.post("/api/minerals/tts", files=files, data={"disrupt": "A"})
    assert response.status_code == 200, response.text
    assert response.json()["tts"] == pytest.approx(5.0)
    bad = "name: x\ntime_unit: month\nnodes:\n  - {id: A, capacity: -1}\nedges: []\n"
    refused = client.post(
        "/api/minerals/tts", files={"network": ("n.yaml", bad.encode(), "application/yaml")}
    )
    assert refused.status_code == 422
    assert "/tmp" not in refused.text


def test_commitments_routes_are_the_service_json(client: TestClient) -> None:
    listed = client.get("/api/commitments")
    assert listed.status_code == 200
    items = listed.json()
    assert len(items) >= 30
    # The list contract is tested in tests/commitments; here: the route serves it, verification too.
    assert {"id", "status", "due_on", "sources", "verification", "unverified"} <= set(items[0])
    first = items[0]["id"]
    shown = client.get(f"/api/commitments/{first}").json()
    assert shown["id"] == first
    assert "evidence" in shown
    assert "deadline" in shown
    assert client.get(f"/api/commitments/{first}/history").json()[0]["action"] == "create"
    assert client.get("/api/commitments/NOPE-1").status_code == 404
    assert client.get("/api/commitments", params={"status": "bogus"}).status_code == 422
    calendar = client.get("/api/commitments/calendar.ics")
    assert calendar.text.startswith("BEGIN:VCALENDAR\r\n")
    assert "BEGIN:VEVENT" in calendar.text


def test_healthz(client: TestClient) -> None:
    body = client.get("/healthz").json()
    assert body["status"] == "ok"
    assert (body["law_as_of"], body["hts_revision"]) == (law_as_of()[0].isoformat(), "2026 HTS Revision 20")
    assert body["writes_enabled"] is True


def test_data_status_is_the_cli_json(client: TestClient) -> None:
    body = client.get("/api/data/status").json()
    assert body == cli_json("data", "status")
    assert body["law_as_of"] == law_as_of()[0].isoformat()
    assert {"hts", "interest_rates", "scope_lists"} <= {d["id"] for d in body["datasets"]}


DUTY_QUERIES = [  # valid and invalid, with declarations, costs, flags in each spelling, repeats
    CAR,
    {**CAR, "civil_aircraft": "true", "hts": "8411.91.90.85", "date": "2026-03-02"},
    {**CAR, "civil_aircraft": "1", "hts": "8411.91.90.85", "date": "2026-03-02"},
    {**CAR, "civil_aircraft": "no", "hts": "8411.91.90.85", "date": "2026-03-02"},
    {**CAR, "freight": "1200", "insurance": "80", "basis": "CIF"},
    {**CAR, "metal_value": "500", "loaded_on": "2025-07-01", "unknown": "ignored"},
    {**CAR, "scenario": "no_deal", "transport": "air"},
    {**CAR, "date": ""},
    {**CAR, "civil_aircraft": "perhaps"},
    {**CAR, "hts": "8" * 65},
    {**CAR, "basis": "FOB-and-more"},
    {"origin": "JP"},
    {**CAR, "value": "lots", "pharma": "x" * 65},
]


@pytest.mark.parametrize("params", DUTY_QUERIES, ids=[str(k) for k in range(len(DUTY_QUERIES))])
def test_the_duty_query_read_at_once_is_what_fastapi_reads(
    params: dict, monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory
) -> None:
    # GET /api/tariff/duty is answered by DutyFastPath, which reads the 37 query parameters in
    # one validation (DUTY_QUERY, issue 20); the route as declared, read by FastAPI, must give
    # the same answer to the byte, headers included.
    from goldenage.web import create_app  # noqa: PLC0415
    from goldenage.web.entries import entry_of  # noqa: PLC0415
    from goldenage.web.routes import api_tariff  # noqa: PLC0415
    from goldenage.web.settings import WebSettings  # noqa: PLC0415

    folder = tmp_path_factory.mktemp("duty-query")
    app = create_app(WebSettings(db_url=f"sqlite:///{folder / 'c.db'}", warm_etr=False, duty_cache_size=0))
    query = [("date", "2025-03-01"), *params.items()]  # a repeated parameter: the last one counts
    read_at_once: list[object] = []

    def spy(given: dict) -> object:
        read_at_once.append(given)
        return entry_of(given)

    monkeypatch.setattr(api_tariff, "entry_of", spy)
    with TestClient(app) as client:
        fast = client.get("/api/tariff/duty", params=query)
        if fast.status_code == 200:  # noqa: PLR2004 - answered by the fast path, not by the route
            assert len(read_at_once) == 1
        monkeypatch.setattr(api_tariff.DUTY_QUERY, "read", lambda _: None)
        declared = client.get("/api/tariff/duty", params=query)
    assert (fast.status_code, fast.content) == (declared.status_code, declared.content)
    assert fast.headers.items() == declared.headers.items()
    assert fast.status_code in (200, 422)


def test_a_plain_line_answered_cheaply_is_next_answered_without_a_thread(
    monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory
) -> None:
    # duty_json hands the engine to a worker thread, except a plain entry of a line whose last
    # answer cost under INLINE_CPU_SECONDS of CPU (issue 20): the same JSON either way, and an
    # entry with a declaration always goes to the thread.
    from goldenage.web import create_app  # noqa: PLC0415
    from goldenage.web.routes import api_tariff  # noqa: PLC0415
    from goldenage.web.settings import WebSettings  # noqa: PLC0415

    folder = tmp_path_factory.mktemp("inline")
    app = create_app(WebSettings(db_url=f"sqlite:///{folder / 'c.db'}", warm_etr=False, duty_cache_size=0))
    monkeypatch.setattr(api_tariff, "INLINE_CPU_SECONDS", 60.0)  # every answer counts as cheap
    declared = {**CAR, "hts": "8411.91.90.85", "date": "2026-03-02", "civil_aircraft": "true"}
    with TestClient(app) as client:
        in_thread = client.get("/api/tariff/duty", params=CAR)
        client.get("/api/tariff/duty", params=declared)
        assert app.state.cheap_lines == {("8703.23.01.90", "JP", None)}

        def no_thread(*args: object, **kwargs: object) -> None:
            msg = "a worker thread was used"
            raise AssertionError(msg)

        monkeypatch.setattr(api_tariff.to_thread, "run_sync", no_thread)
        inline = client.get("/api/tariff/duty", params=CAR)
        with pytest.raises(AssertionError, match="worker thread"):
            client.get("/api/tariff/duty", params=declared)
    assert in_thread.status_code == inline.status_code == 200  # noqa: PLR2004
    assert in_thread.content == inline.content
