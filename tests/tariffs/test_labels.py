"""Every id a person may read has a name: authorities, fees and scenarios."""

from __future__ import annotations

from goldenage.tariffs.calc import duty
from goldenage.tariffs.kernel.layout import AUTHORITIES
from goldenage.tariffs.labels import AUTHORITY_LABELS, authority_label, fee_label, humanize_ids
from goldenage.tariffs.scenarios import scenarios


def test_every_authority_of_the_engine_has_a_label() -> None:
    assert set(AUTHORITIES) <= set(AUTHORITY_LABELS)
    assert authority_label("s232_autos") == "Section 232 — autos and parts"
    assert authority_label("ieepa_reciprocal") == "IEEPA — reciprocal tariff"
    labels = [authority_label(a) for a in AUTHORITIES]
    assert len(set(labels)) == len(labels)


def test_every_fee_has_a_label() -> None:
    result = duty("8703.23.01.90", "JP", "2025-10-01", 30_000)
    names = {fee.name for fee in result.fees}
    assert names == {"mpf", "hmf"}
    assert all(fee_label(name) != name.upper() for name in names)


def test_ids_in_sentences_read_as_words() -> None:
    assert humanize_ids("exempt: subject to Section 232 (s232_autos)") == (
        "exempt: subject to Section 232 (autos and parts)"
    )
    assert humanize_ids("not considered: s232_autos applies") == (
        "not considered: Section 232 — autos and parts applies"
    )
    assert humanize_ids("no id here") == "no id here"


def test_every_scenario_has_a_title() -> None:
    titles = {name: s.title for name, s in scenarios().items()}
    assert all(titles.values()), [name for name, title in titles.items() if not title]
    assert titles["actual"] == "The law as in force"
    assert len(set(titles.values())) == len(titles)
