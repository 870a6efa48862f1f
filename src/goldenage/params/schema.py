"""The schema of a parameter file, validated with pydantic.

A file has ``description``, ``metadata`` (``value_type``, ``unit``, general ``reference``)
and ``values`` keyed by ISO effective date; each value has ``value`` (``null`` ends the
rule), a ``reference`` (required) and optionally ``until`` (last day in force).
Any other key is an error: the loader never ignores a key.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from goldenage.provenance.citation import Citation

_HEADING = re.compile(r"^\d{4}\.\d{2}\.\d{2}$")


class ValueType(StrEnum):
    """The type every value of one parameter file must have."""

    RATE = "rate"  # a fraction: 0.15 means 15%
    USD = "usd"  # an amount of US dollars, >= 0
    NUMBER = "number"
    INTEGER = "integer"
    BOOLEAN = "boolean"
    DATE = "date"
    TEXT = "text"
    HEADING = "heading"  # an HTSUS 8-digit heading such as 9903.01.25


def check_value(value: Any, value_type: ValueType) -> Any:
    """Return ``value`` converted to ``value_type`` or raise ``ValueError`` saying why."""
    if value is None:
        return None
    is_number = isinstance(value, int | float) and not isinstance(value, bool)
    if value_type in (ValueType.RATE, ValueType.USD, ValueType.NUMBER):
        if not is_number or not math.isfinite(value):
            msg = f"expected a number for a '{value_type}' parameter, got {value!r}"
            raise ValueError(msg)
        if value_type is ValueType.RATE and not 0 <= value <= 10:
            msg = f"a rate is a fraction between 0 and 10 (0.15 means 15%), got {value!r}"
            raise ValueError(msg)
        if value_type is ValueType.USD and value < 0:
            msg = f"a USD amount cannot be negative, got {value!r}"
            raise ValueError(msg)
        return float(value)
    if value_type is ValueType.INTEGER:
        if not isinstance(value, int) or isinstance(value, bool):
            msg = f"expected an integer, got {value!r}"
            raise ValueError(msg)
        return value
    if value_type is ValueType.BOOLEAN:
        if not isinstance(value, bool):
            msg = f"expected true or false, got {value!r}"
            raise ValueError(msg)
        return value
    if not isinstance(value, str):
        msg = f"expected a string for a '{value_type}' parameter, got {value!r}"
        raise ValueError(msg)  # noqa: TRY004 - pydantic reports ValueError, not TypeError
    if value_type is ValueType.DATE:
        return parse_iso_date(value)
    if value_type is ValueType.HEADING and not _HEADING.match(value):
        msg = f"expected an HTSUS heading like 9903.01.25, got {value!r}"
        raise ValueError(msg)
    return value


def parse_iso_date(text: str) -> dt.date:
    """Parse a strict ``YYYY-MM-DD`` date (no other form is accepted)."""
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        msg = f"expected a date as YYYY-MM-DD, got {text!r}"
        raise ValueError(msg)
    return dt.date.fromisoformat(text)


class Metadata(BaseModel):
    """Facts about the parameter as a whole."""

    model_config = ConfigDict(extra="forbid")

    value_type: ValueType
    unit: str | None = None
    reference: list[Citation] = Field(default_factory=list)
    note: str | None = None


class DatedValue(BaseModel):
    """One value with the date it took effect and the instrument that set it."""

    model_config = ConfigDict(extra="forbid")

    value: Any
    reference: Citation
    until: str | None = None
    note: str | None = None

    @field_validator("until")
    @classmethod
    def _until_is_date(cls, text: str | None) -> str | None:
        if text is not None:
            parse_iso_date(text)
        return text


class ParameterFileModel(BaseModel):
    """A whole parameter file."""

    model_config = ConfigDict(extra="forbid")

    description: str = Field(min_length=10)
    metadata: Metadata
    values: dict[str, DatedValue] = Field(min_length=1)

    @model_validator(mode="after")
    def _typed_sorted_disjoint(self) -> ParameterFileModel:
        """Check every value's type, and that dates ascend and periods do not overlap."""
        previous_start: dt.date | None = None
        previous_until: dt.date | None = None
        for key, dated in self.values.items():
            start = parse_iso_date(key)
            try:
                dated.value = check_value(dated.value, self.metadata.value_type)
            except ValueError as err:
                msg = f"values.{key}.value: {err}"
                raise ValueError(msg) from err
            if previous_start is not None and start <= previous_start:
                msg = f"values.{key}: dates must ascend ({key} follows {previous_start})"
                raise ValueError(msg)
            if previous_until is not None and start <= previous_until:
                msg = f"values.{key}: overlaps the previous value, in force until {previous_until}"
                raise ValueError(msg)
            until = parse_iso_date(dated.until) if dated.until else None
            if until is not None and until < start:
                msg = f"values.{key}.until: {until} is before the start date {key}"
                raise ValueError(msg)
            previous_start, previous_until = start, until
        return self
