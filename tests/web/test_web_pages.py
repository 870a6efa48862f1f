"""Every page renders with the engines' figures, works without JavaScript and loads nothing from elsewhere."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from goldenage.tariffs.currency import law_as_of

PAGES = ("/", "/tariff", "/batch", "/investment", "/minerals", "/commitments", "/docs", "/overview/etr")
EXTERNAL = re.compile(r"""(?:src|href)=["'](?:https?:)?//""", re.IGNORECASE)


@pytest.mark.parametrize("path", PAGES)
def test_every_page_renders_with_the_navigation(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 200, response.text[:500]
    assert response.headers["content-type"].startswith("text/html")
    for href in ("/tariff", "/batch", "/investment", "/minerals", "/commitments", "/docs"):
        assert f'href="{href}"' in response.text


@pytest.mark.parametrize("path", PAGES)
def test_no_page_loads_a_script_or_style_from_another_host(client: TestClient, path: str) -> None:
    text = client.get(path).text
    for tag in re.findall(r"<(?:script|link|img|iframe)\b[^>]*>", text):
        assert not EXTERNAL.search(tag), tag


def test_plotly_is_served_by_the_app(client: TestClient) -> None:
    response = client.get("/vendor/plotly.min.js")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/javascript")
    assert b"plotly.js" in response.content[:200]


def test_the_calculator_works_without_javascript(client: TestClient) -> None:
    page = client.get("/tariff", params={"hts": "8703.23.01.90", "date": "2025-10-01", "value": "30000"})
    assert page.status_code == 200
    text = page.text
    # By hand: 2.5% x $30,000 = $750.00; 15% inclusive of column 1 -> +12.5% = $3,750.00.
    assert re.search(r'id="duty-total"><strong>\$4,500\.00<', text)
    assert "$750.00" in text
    assert "$3,750.00" in text
    assert "9903.94.41" in text
    assert "Why: the decision path" in text
    assert 'id="timeline-chart"' in text


def test_the_calculator_shows_errors_next_to_the_form(client: TestClient) -> None:
    page = client.get("/tariff", params={"hts": "8703", "date": "2025-10-01", "value": "30000"})
    assert page.status_code == 422
    assert "HTS code: " in page.text  # the field's label on the form, not the CLI's --hts
    assert 'aria-invalid="true"' in page.text


def test_search_by_description_works_without_javascript(client: TestClient) -> None:
    page = client.get("/tariff", params={"q": "motor vehicles spark", "date": "2025-10-01"})
    assert page.status_code == 200
    assert "8703.23.01.90" in page.text


def test_investment_page_by_hand(client: TestClient) -> None:
    # $1B funded, $600M a year for 5 years, deemed rate 0: Japan takes half of each year's cash
    # until it has $1B: 300 + 300 + 300 + 100 (the balance reaches 0 in year 4), then 10%:
    # year 4: Japan 100 + 10% x 400 = 140; year 5: 10% x 600 = 60. Japan $1.1B, US $1.9B.
    page = client.get(
        "/investment",
        params={
            "amount": "1000000000",
            "cash_flow": "600000000",
            "years": "5",
            "deemed_rate": "0",
            "paths": "500",
        },
    )
    assert page.status_code == 200
    assert re.search(r'id="japan-total">\$1,100,000,000\.00<', page.text)
    assert re.search(r'id="us-total">\$1,900,000,000\.00<', page.text)
    assert re.search(r'id="recouped">4<', page.text)
    assert 'id="histogram-chart"' in page.text
    assert 'id="projects-table"' in page.text


def test_investment_page_errors(client: TestClient) -> None:
    page = client.get("/investment", params={"years": "0"})
    assert page.status_code == 422
    assert "Years: " in page.text  # the field's label


def test_minerals_page(client: TestClient) -> None:
    page = client.get("/minerals", params={"scenario": "cn_export_halt"})
    assert page.status_code == 200
    for element in (
        'id="sankey-chart"',
        'id="tts-chart"',
        'id="stockpile-table"',
        'id="concentration-table"',
    ):
        assert element in page.text
    assert client.get("/minerals", params={"scenario": "../../x"}).status_code == 422


def test_minerals_page_runs_the_japan_dual_use_scenario(client: TestClient) -> None:
    # MOFCOM Announcement No. 1 (2026), in force from 2026-01-06; its citation's caveat is shown.
    page = client.get("/minerals", params={"scenario": "cn_2026_01_japan_dual_use"})
    assert page.status_code == 200
    assert "In force: MOFCOM Announcement No. 1 (2026)" in page.text  # its name, not the parameter's id
    assert "unverified: the MOFCOM page was not opened" in page.text
    api = client.get("/api/minerals/scenario/cn_2026_01_japan_dual_use").json()
    assert api["date"] == "2026-01-06"
    assert {law["parameter"]: law["in_force"] for law in api["legal_status"]}["cn.mofcom.announcement_2026_1"]


def test_minerals_page_uses_the_ttr_given_for_the_demand_lost(client: TestClient) -> None:
    # /minerals?scenario=cn_2025_04_seven_elements&year=2028&ttr=24 showed a TTS 3.49 months
    # below the TTR yet "Demand lost 0.0 t" and no user falling short (the loss was computed
    # with the scenario's 3-month TTR).
    params = {"scenario": "cn_2025_04_seven_elements", "year": "2028", "ttr": "24"}
    page = client.get("/minerals", params=params)
    assert page.status_code == 200
    lost = re.search(r'id="scenario-lost">([\d,.]+) t<', page.text)
    assert lost is not None
    assert float(lost.group(1).replace(",", "")) > 0
    shortfalls = page.text.split('id="shortfalls"', 1)[1].split("</table>", 1)[0]
    assert "<td>yes</td>" in shortfalls


def test_commitments_pages(client: TestClient) -> None:
    listing = client.get("/commitments")
    assert listing.status_code == 200
    ids = re.findall(r'href="/commitments/([A-Z]+-[0-9]+[A-Z]?)"', listing.text)
    assert len(ids) >= 30
    detail = client.get(f"/commitments/{ids[0]}")
    assert detail.status_code == 200
    for section in ('id="sources"', 'id="history-table"', 'id="update-form"', 'name="csrf_token"'):
        assert section in detail.text
    filtered = client.get("/commitments", params={"status": "done"})
    badges = re.findall(r'<td><span class="badge ([a-z_]+)"', filtered.text)
    assert badges
    assert set(badges) == {"done"}
    assert client.get("/commitments", params={"party": "Atlantis"}).status_code == 422
    assert client.get("/commitments/CM-999").status_code == 404
    ics = client.get("/commitments.ics")
    assert ics.headers["content-type"].startswith("text/calendar")
    assert "attachment" in ics.headers["content-disposition"]
    assert ics.text.startswith("BEGIN:VCALENDAR\r\n")
    assert ics.text.rstrip().endswith("END:VCALENDAR")


def test_docs_page_lists_every_api_route(client: TestClient) -> None:
    page = client.get("/docs").text
    for path in client.get("/openapi.json").json()["paths"]:
        assert f"<code>{path}</code>" in page


def test_unknown_pages_are_404_pages(client: TestClient) -> None:
    response = client.get("/no-such-page")
    assert response.status_code == 404
    assert "Not found" in response.text
    assert client.get("/api/no-such-route").json() == {"detail": "Not Found"}


@pytest.mark.parametrize("path", PAGES)
def test_every_page_says_how_current_the_tariff_law_is(client: TestClient, path: str) -> None:
    text = client.get(path).text
    footer = re.search(r'<p class="small" id="law-status">(.*?)</p>', text, re.S)
    assert footer
    assert f"Tariff law checked to <strong>{law_as_of()[0]}</strong>" in footer.group(1)
    assert "2026 HTS Revision 20 (in force from 2026-09-29)" in footer.group(1)
    assert 'href="/api/data/status"' in footer.group(1)


def test_a_result_for_a_date_after_law_as_of_warns_of_the_gap(client: TestClient) -> None:
    # 2026-12-31, the last day the data covers, is after the date the law was checked to.
    late = client.get("/tariff", params={"hts": "8703.23.01.90", "date": "2026-12-31", "value": "30000"}).text
    warning = re.search(r'id="law-warning">(.*?)</p>', late, re.S)
    assert warning
    expected = f"2026-12-31 is after {law_as_of()[0]}, the date up to which the shipped law was checked"
    assert expected in warning.group(1)
    before = client.get(
        "/tariff", params={"hts": "8703.23.01.90", "date": "2025-10-01", "value": "30000"}
    ).text
    assert 'id="law-warning"' not in before
