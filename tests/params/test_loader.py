"""The parameter loader refuses every malformed file, naming the file and the key."""

from __future__ import annotations

import datetime as dt
import textwrap
from pathlib import Path

import pytest

from goldenage.params import (
    NoValueInForceError,
    ParameterFileError,
    ParameterNotFoundError,
    ParameterSet,
    load_parameter_file,
)

GOOD = """\
description: A test rate that changes twice and then ends.
metadata:
  value_type: rate
  unit: /1
values:
  2025-01-01:
    value: 0.10
    reference: {title: Test instrument A, href: "https://example.gov/a"}
  2025-06-04:
    value: 0.5
    reference: {title: Test instrument B, document: "90 FR 24199", section: "cl. 1"}
  2026-02-24:
    value: null
    reference: {title: Test instrument C, href: "https://example.gov/c"}
"""


def write(tmp_path: Path, text: str, name: str = "rate.yaml") -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def test_values_by_date_and_end(tmp_path: Path) -> None:
    parameter = load_parameter_file(write(tmp_path, GOOD), tmp_path)
    assert parameter.id == "rate"
    assert parameter.at(dt.date(2025, 1, 1)) == 0.10
    assert parameter.at(dt.date(2025, 6, 3)) == 0.10
    assert parameter.at(dt.date(2025, 6, 4)) == 0.5
    assert parameter.period_at(dt.date(2025, 6, 4)).reference.document == "90 FR 24199"
    with pytest.raises(NoValueInForceError, match="ended 2026-02-24"):
        parameter.at(dt.date(2026, 3, 1))
    with pytest.raises(NoValueInForceError, match="first value 2025-01-01"):
        parameter.at(dt.date(2024, 12, 31))
    assert parameter.breakpoints() == [
        dt.date(2025, 1, 1),
        dt.date(2025, 6, 4),
        dt.date(2026, 2, 24),
    ]


def test_until_closes_a_value(tmp_path: Path) -> None:
    text = GOOD.replace("    value: 0.10\n", "    value: 0.10\n    until: 2025-03-31\n")
    parameter = load_parameter_file(write(tmp_path, text), tmp_path)
    assert parameter.at(dt.date(2025, 3, 31)) == 0.10
    with pytest.raises(NoValueInForceError, match="ended 2025-03-31"):
        parameter.at(dt.date(2025, 4, 1))
    assert not parameter.in_force(dt.date(2025, 4, 1))


@pytest.mark.parametrize(
    ("mutation", "key", "problem"),
    [
        # a value without its citation
        (
            ('    reference: {title: Test instrument A, href: "https://example.gov/a"}\n', ""),
            "values.2025-01-01.reference",
            "missing citation",
        ),
        # a citation that cannot be found: neither URL nor document
        (('href: "https://example.gov/a"', 'section: "s"'), "values.2025-01-01.reference", "href"),
        # dates out of order
        (("2025-06-04:", "2024-06-04:"), "<file>", "dates must ascend"),
        # wrong type for a rate
        (("value: 0.5", "value: '50%'"), "<file>", "expected a number"),
        (("value: 0.5", "value: true"), "<file>", "expected a number"),
        (("value: 0.5", "value: 50"), "<file>", "a rate is a fraction"),
        # not an ISO date key
        (("2025-06-04:", "2025-6-4:"), "<file>", "YYYY-MM-DD"),
        # unknown key anywhere
        (("  unit: /1\n", "  unit: /1\n  colour: red\n"), "metadata.colour", "Extra inputs"),
        (
            ("    value: 0.10\n", "    value: 0.10\n    vlaue: 0.2\n"),
            "values.2025-01-01.vlaue",
            "Extra",
        ),
        # missing value_type
        (("  value_type: rate\n", ""), "metadata.value_type", "required"),
    ],
)
def test_malformed_files_fail_loudly(
    tmp_path: Path, mutation: tuple[str, str], key: str, problem: str
) -> None:
    old, new = mutation
    assert old in GOOD
    path = write(tmp_path, GOOD.replace(old, new, 1))
    with pytest.raises(ParameterFileError) as caught:
        load_parameter_file(path, tmp_path)
    assert caught.value.key == key
    assert problem in caught.value.problem
    assert str(path) in str(caught.value)


def test_duplicate_date_is_refused(tmp_path: Path) -> None:
    text = GOOD.replace("2025-06-04:", "2025-01-01:")
    with pytest.raises(ParameterFileError, match="duplicate key '2025-01-01'"):
        load_parameter_file(write(tmp_path, text), tmp_path)


def test_overlapping_until_is_refused(tmp_path: Path) -> None:
    text = GOOD.replace("    value: 0.10\n", "    value: 0.10\n    until: 2025-07-01\n")
    with pytest.raises(ParameterFileError, match="overlaps"):
        load_parameter_file(write(tmp_path, text), tmp_path)


def test_heading_and_date_types(tmp_path: Path) -> None:
    heading = """\
    description: A Chapter 99 heading that applies.
    metadata: {value_type: heading}
    values:
      2025-04-05: {value: "9903.01.25", reference: {title: EO 14257, document: "90 FR 15041"}}
    """
    assert load_parameter_file(write(tmp_path, heading), tmp_path).at(dt.date(2025, 5, 1)) == "9903.01.25"
    bad = heading.replace('"9903.01.25"', '"9903.1.25"')
    with pytest.raises(ParameterFileError, match="HTSUS heading"):
        load_parameter_file(write(tmp_path, bad), tmp_path)


def test_yaml_syntax_error_names_file(tmp_path: Path) -> None:
    path = write(tmp_path, "description: [unclosed\n")
    with pytest.raises(ParameterFileError, match="rate.yaml"):
        load_parameter_file(path, tmp_path)


def test_parameter_set_ids_mirror_paths(tmp_path: Path) -> None:
    (tmp_path / "us" / "cbp").mkdir(parents=True)
    write(tmp_path / "us" / "cbp", GOOD, "mpf_rate.yaml")
    params = ParameterSet(tmp_path)
    assert "us.cbp.mpf_rate" in params
    assert len(params) == 1
    with pytest.raises(ParameterNotFoundError, match=r"us/cbp/nope\.yaml"):
        params["us.cbp.nope"]
