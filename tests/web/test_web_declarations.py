"""Declarations on the calculator: only those that can change the line's answer, each explained.

Worked by hand:

- Turbine parts 8411.91.90.85 (column 1 Free) entered 2026-03-02, $10,000: the Section 122
  surcharge of Proclamation 11012 adds 10% (9903.03.01) = $1,000.00; goods for use in civil
  aircraft under General Note 6 are exempt (U.S. note 2(aa)(iv), 9903.03.05): $0.00.
- A robot 8479.50.00.00 (column 1 2.5%) entered 2025-04-07, $10,000: the IEEPA baseline of
  EO 14257 adds 10% (9903.01.25) = $1,250.00 in all; loaded for export before 12:01 a.m.
  2025-04-05 and entered within the window of the in-transit clause (9903.01.28; to 2025-06-15
  by CBP's latest guidance, docs/law.md) it is spared: column 1 only, $250.00.
- A Japanese car 8703.23.01.90 on 2025-10-01: no declaration changes its 15% (9903.94.41), and
  its Special column has no JP rate: no preference to claim.
- Grafted rhododendrons 0602.30.00.00 entered 2026-03-02, $10,000: column 1 General 1.9% ($190)
  plus Section 122 10% ($1,000) = $1,190.00; the Special column's JP rate (General Note 36) is
  Free: claimed, $1,000.00.
"""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from goldenage.tariffs.declarations import REGISTRY

TURBINE = {"hts": "8411.91.90.85", "date": "2026-03-02", "value": "10000"}
ROBOT = {"hts": "8479.50.00.00", "date": "2025-04-07", "value": "10000"}
CAR = {"hts": "8703.23.01.90", "date": "2025-10-01", "value": "30000"}


def shown(page: str) -> list[str]:
    """Return the declarations the form shows, in order."""
    return re.findall(r'data-declaration="([a-z0-9_]+)"', page)


def total(page: str) -> str:
    return re.search(r'id="duty-total"><strong>([^<]+)<', page)[1]


def test_only_the_declarations_that_change_the_answer_are_shown(client: TestClient) -> None:
    page = client.get("/tariff", params=TURBINE).text
    assert total(page) == "$1,000.00"
    fields = shown(page)
    assert "civil_aircraft" in fields
    for irrelevant in ("metal_value", "pharma", "loaded_on", "quartz_quota"):
        assert irrelevant not in fields
    block = re.search(r'data-declaration="civil_aircraft".*?</div>\s*</div>', page, re.S)[0]
    # One sentence, its legal reference, and the answer under each value.
    assert "The good is for use in civil aircraft under General Note 6" in block
    assert "90 FR 44638" in block
    assert re.search(r"This answer \(not declared\): <strong>10\.00%</strong>", block)
    assert re.search(r">declared</a>: <strong>0\.00%</strong> \(\$0\.00\)", block)
    assert not re.search(r"--[a-z]", block)


def test_the_preference_claim_is_offered_where_it_changes_the_answer(client: TestClient) -> None:
    plants = {"hts": "0602.30.00.00", "date": "2026-03-02", "value": "10000"}
    page = client.get("/tariff", params=plants).text
    assert total(page) == "$1,190.00"
    assert shown(page)[0] == "preference"
    block = re.search(r'data-declaration="preference".*?</div>\s*</div>', page, re.S)[0]
    assert "General Note 36" in block
    assert re.search(r">claimed</a>: <strong>10\.00%</strong> \(\$1,000\.00\)", block)
    claimed = client.get("/tariff", params={**plants, "preference": "JP"}).text
    assert total(claimed) == "$1,000.00"
    assert re.search(r'name="preference" id="preference" value="JP" checked', claimed)


def test_a_line_whose_answer_no_declaration_changes_shows_none(client: TestClient) -> None:
    page = client.get("/tariff", params=CAR).text
    assert total(page) == "$4,500.00"
    assert shown(page) == []
    assert 'id="declarations"' not in page


def test_a_declaration_changes_the_answer_and_stays_on_the_form(client: TestClient) -> None:
    page = client.get("/tariff", params={**TURBINE, "civil_aircraft": "true"}).text
    assert total(page) == "$0.00"
    assert re.search(r'name="civil_aircraft" id="civil_aircraft" value="true" checked', page)
    link = re.search(r'id="share-url" readonly value="([^"]+)"', page)[1]
    assert "civil_aircraft=true" in link
    assert "/api/tariff/duty?" in page
    assert re.search(r'href="/api/tariff/duty\?[^"]*civil_aircraft=true', page)


def test_the_date_goods_were_loaded(client: TestClient) -> None:
    plain = client.get("/tariff", params=ROBOT).text
    assert total(plain) == "$1,250.00"
    assert "loaded_on" in shown(plain)
    loaded = client.get("/tariff", params={**ROBOT, "loaded_on": "2025-04-01"})
    assert loaded.status_code == 200
    assert total(loaded.text) == "$250.00"
    assert 'name="loaded_on" id="loaded_on" value="2025-04-01"' in loaded.text
    # Its timeline starts on the loading date: no entry before it is possible.
    assert re.search(r'id="timeline-table">.*?<td class="nowrap">2025-04-01</td>', loaded.text, re.S)


def test_a_bad_declaration_is_named_by_its_label_next_to_its_field(client: TestClient) -> None:
    page = client.get("/tariff", params={**ROBOT, "loaded_on": "2025-13-01"})
    assert page.status_code == 422
    assert "Loaded on: &#39;2025-13-01&#39; is not a valid date" in page.text
    assert re.search(r'name="loaded_on" id="loaded_on" value="2025-13-01" aria-invalid="true"', page.text)


def test_a_bad_amount_is_refused_with_its_field_kept(client: TestClient) -> None:
    page = client.get("/tariff", params={**CAR, "metal_value": "lots"})
    assert page.status_code == 422
    assert "Metal value: " in page.text
    assert re.search(r'name="metal_value" id="metal_value" value="lots"', page.text)


def test_every_declaration_of_the_registry_has_its_field(client: TestClient) -> None:
    """A declaration added to the registry reaches the form with no change to the web layer."""
    values = {
        "flag": "true",
        "yes_no": "yes",
        "amount": "0",
        "date": CAR["date"],
    }
    given = {d.field: values.get(d.kind) or d.choices[0] for d in REGISTRY}
    page = client.get("/tariff", params={**CAR, **given})
    assert page.status_code == 200, page.text[-2000:]
    assert shown(page.text) == [d.name for d in REGISTRY]  # declared values stay visible
    for declaration in REGISTRY:
        assert declaration.explanation.split(" (")[0][:40] in page.text.replace("&#39;", "'")
