"""Human words on every page, side-by-side comparison, shareable addresses and forms that keep input.

Figures worked by hand: a Japanese car 8703.23.01.90 at $30,000 pays column 1 2.5% ($750)
plus +25% under Proclamation 10908 on 2025-04-04 ($7,500; total $8,250.00) and 15% inclusive
under EO 14345 on 2025-10-01 (+12.5%, $3,750; total $4,500.00): a difference of -$3,750.00.
Without the deal (scenario no_deal) the car keeps the 25% of Proclamation 10908 on 2025-10-01:
$8,250.00 again.
"""

from __future__ import annotations

import html
import re
from urllib.parse import parse_qsl, urlsplit

import pytest
from fastapi.testclient import TestClient

from goldenage.tariffs.kernel.layout import AUTHORITIES
from goldenage.tariffs.scenarios import scenarios

CAR = {"hts": "8703.23.01.90", "date": "2025-10-01", "value": "30000"}
FLAG = re.compile(r"(?<![\w-])--[a-z][a-z-]+")
INTERNAL = re.compile(r"\b(?:shared|work)/[\w./-]+\.(?:md|txt|csv|yaml)")


def visible(page: str) -> str:
    """Return the text a reader sees: no scripts, no tags, entities decoded."""
    text = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.DOTALL | re.IGNORECASE)
    text = re.sub(r"<[^>]+>", " ", text)
    return re.sub(r"\s+", " ", html.unescape(text)).strip()


def words_of(page: str) -> str:
    """Return the visible text without the addresses (a URL may carry ids as query values)."""
    return re.sub(r"https?://\S+", " ", visible(page))


def by_id(page: str, element_id: str) -> str:
    match = re.search(rf'id="{element_id}"[^>]*>(.*?)</t[dh]>', page, flags=re.DOTALL)
    assert match, element_id
    return visible(match.group(1)).strip()


def test_the_result_reads_in_words(client: TestClient) -> None:
    page = client.get("/tariff", params={**CAR, "scenario": "no_deal"}).text
    text = words_of(page)
    assert "Section 232 — autos and parts" in text
    assert "Column 1 general rate (MFN)" in text
    assert "Merchandise processing fee (MPF)" in text
    assert "No US–Japan deal" in text
    for authority in AUTHORITIES:
        assert authority not in text, authority
    assert "no_deal" not in text


def test_the_result_is_titled_with_the_full_description_path(client: TestClient) -> None:
    page = client.get("/tariff", params=CAR).text
    title = visible(re.search(r'<h2 id="result-title">(.*?)</h2>', page, re.S)[1])
    # HTSUS 8703 > 8703.23 > 8703.23.01 > "Other" > 8703.23.01.90 "Used", each level in order.
    levels = [
        "Motor cars and other motor vehicles principally designed for the transport of persons",
        "Other vehicles, with only spark-ignition internal combustion piston engines",
        "Of a cylinder capacity exceeding 1,500 cc but not exceeding 3,000 cc",
        "Used",
    ]
    positions = [title.index(level) for level in levels]
    assert positions == sorted(positions)
    assert title.startswith("8703.23.01.90")


@pytest.mark.parametrize(
    ("path", "params"),
    [
        ("/tariff", {"hts": "2206.00.45.00", "date": "2026-03-01", "value": "80000"}),  # needs a quantity
        ("/tariff", {"hts": "8703.23.01.90", "date": "2024-01-01", "value": "1"}),
        ("/tariff", {"hts": "8703.23.01.90", "value": "-5"}),
        ("/tariff", {**CAR, "compare_date": "2025-10-01"}),
        ("/investment", {"years": "0"}),
        ("/minerals", {"ttr": "-1"}),
        ("/commitments", {"party": "Atlantis"}),
        ("/commitments/CM-999", {}),
    ],
)
def test_web_messages_name_fields_by_their_labels_never_by_cli_flags(
    client: TestClient, path: str, params: dict[str, str]
) -> None:
    response = client.get(path, params=params)
    assert response.status_code in (404, 422)
    text = visible(response.text)
    assert not FLAG.search(text), FLAG.search(text)
    assert "`goldenage" not in text


def test_the_quantity_error_names_the_quantity_and_unit_fields(client: TestClient) -> None:
    page = client.get("/tariff", params={"hts": "2206.00.45.00", "date": "2026-03-01", "value": "80000"})
    text = visible(page.text)
    assert "Quantity: " in text
    assert "“Unit”: liter" in text
    assert 'id="quantity" value="" placeholder="for specific rates"\n      aria-invalid="true"' in page.text


def test_docs_page_renders_code_not_backticks(client: TestClient) -> None:
    page = client.get("/docs").text
    assert "`" not in visible(page)
    assert "<code>goldenage tariff duty --json</code>" in page


def test_commitments_read_as_words_with_sources_not_files(client: TestClient) -> None:
    listing = client.get("/commitments").text
    ids = re.findall(r'href="/commitments/([A-Z]+-[0-9]+[A-Z]?)"', listing)
    assert "in_progress" not in visible(listing)
    for commitment_id in ids:
        page = client.get(f"/commitments/{commitment_id}").text
        text = visible(page)
        assert not INTERNAL.search(text), (commitment_id, INTERNAL.search(text))
        history = visible(re.search(r'id="history-table">(.*?)</table>', page, re.S)[1])
        assert "{" not in history, commitment_id  # no raw JSON
        assert '"' not in history, commitment_id
        assert "goldenage serve" not in text, commitment_id


def test_seeded_evidence_is_attributed_to_its_source_and_date(client: TestClient) -> None:
    # CM-02's evidence comes from source E6 of the shipped dataset (dated 2026-02-04).
    page = client.get("/commitments/CM-02").text
    cells = [visible(c).strip() for c in re.findall(r'class="small evidence-source">(.*?)</td>', page, re.S)]
    assert cells
    assert all(not cell.startswith("recorded by") for cell in cells)
    history = visible(re.search(r'id="history-table">(.*?)</table>', page, re.S)[1])
    assert "Added to the tracker" in history
    assert "the shipped dataset" in history


def test_two_dates_side_by_side(client: TestClient) -> None:
    page = client.get("/tariff", params={**CAR, "date": "2025-04-04", "compare_date": "2025-10-01"})
    assert page.status_code == 200
    text = page.text
    assert by_id(text, "compare-total-a").startswith("$8,250.00 (27.50%)")
    assert by_id(text, "compare-total-b").startswith("$4,500.00 (15.00%)")
    assert by_id(text, "compare-difference") == "−$3,750.00"


def test_two_scenarios_side_by_side(client: TestClient) -> None:
    page = client.get("/tariff", params={**CAR, "compare_scenario": "no_deal"}).text
    assert by_id(page, "compare-total-a").startswith("$4,500.00")
    assert by_id(page, "compare-total-b").startswith("$8,250.00")
    assert by_id(page, "compare-difference") == "+$3,750.00"
    assert "No US–Japan deal" in visible(page)


def test_the_shareable_address_reproduces_the_calculation(client: TestClient) -> None:
    params = {**CAR, "date": "2025-04-04", "scenario": "actual", "transport": "air"}
    params["compare_date"] = "2025-10-01"
    page = client.get("/tariff", params=params).text
    address = html.unescape(re.search(r'id="share-url" readonly value="([^"]+)"', page)[1])
    parts = urlsplit(address)
    assert parts.path == "/tariff"
    assert dict(parse_qsl(parts.query)) == params
    again = client.get(f"{parts.path}?{parts.query}").text
    assert by_id(again, "compare-difference") == by_id(page, "compare-difference")


def test_the_calculator_keeps_what_was_entered(client: TestClient) -> None:
    params = {
        **CAR,
        "scenario": "no_deal",
        "transport": "air",
        "quantity": "1",
        "unit": "No.",
        "preference": "JP",
        "compare_scenario": "pre_2025",
    }
    page = client.get("/tariff", params=params).text
    for name in ("hts", "date", "value", "quantity", "unit"):
        assert f'id="{name}"' in page
        assert re.search(rf'name="{name}" id="{name}"[^>]*value="{re.escape(params[name])}"', page), name
    assert re.search(r'name="preference" id="preference" value="JP" checked', page)  # the claim kept
    for name, value in (("scenario", "no_deal"), ("transport", "air")):
        select = re.search(rf'<select name="{name}" id="{name}".*?</select>', page, re.S)[0]
        assert re.search(rf'<option value="{value}" selected>', select), name
    compare = re.search(r'<select name="compare_scenario".*?</select>', page, re.S)[0]
    assert '<option value="pre_2025" selected>' in compare


def test_the_scenario_list_shows_titles(client: TestClient) -> None:
    page = client.get("/tariff").text
    for scenario in scenarios().values():
        assert f'<option value="{scenario.name}" >{html.escape(scenario.title)}</option>' in page


def test_the_refund_form_keeps_its_date_and_rate_after_an_error(client: TestClient) -> None:
    page = client.get("/batch")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)[1]
    response = client.post(
        "/refunds",
        data={"csrf_token": token, "as_of": "2026-13-40", "corporate": "true"},
        files={"file": ("entries.csv", b"entry_number,entry_date,hts10,origin,customs_value\n", "text/csv")},
    )
    assert response.status_code == 422
    assert 'value="2026-13-40"' in response.text
    assert re.search(r'id="refunds-corporate" value="true" checked', response.text)
    assert "choose the file again" in response.text
