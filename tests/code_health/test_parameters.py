"""Code health: every shipped legal parameter loads, is dated and cites its source."""

from __future__ import annotations

from goldenage.params import parameters
from goldenage.paths import data_dir


def test_every_parameter_file_loads() -> None:
    files = sorted((data_dir() / "params").rglob("*.yaml"))
    assert files, "no parameter files shipped"
    assert len(parameters()) == len(files)


def test_every_value_is_cited() -> None:
    for parameter in parameters():
        assert parameter.periods, parameter.id
        for period in parameter.periods:
            citation = period.reference
            assert citation.title.strip(), f"{parameter.id} {period.start}: citation without title"
            assert citation.href or citation.document, f"{parameter.id} {period.start}: not locatable"
            assert citation.section or citation.document, f"{parameter.id} {period.start}: no section"


def test_every_parameter_has_a_unit_and_description() -> None:
    for parameter in parameters():
        assert parameter.unit, f"{parameter.id}: metadata.unit missing"
        assert len(parameter.description) > 20, f"{parameter.id}: description too short"


def test_periods_are_ordered_and_disjoint() -> None:
    for parameter in parameters():
        for before, after in zip(parameter.periods, parameter.periods[1:], strict=False):
            assert before.start < after.start, parameter.id
            assert before.end is not None, parameter.id
            assert before.end < after.start, parameter.id


def test_the_overpayment_rates_end_with_null() -> None:
    # A quarter's rate applies to that quarter only (26 U.S.C. 6621(b)): each file ends with a
    # null so that the last published rate is never read as in force for later quarters; those
    # are carried forward and reported as assumed (goldenage.tariffs.refunds.rates).
    for status in ("noncorporate", "corporate"):
        parameter = parameters()[f"us.cbp.interest.overpayment_rate_{status}"]
        assert parameter.periods[-1].value is None, parameter.id
        assert parameter.periods[-2].value is not None, parameter.id
