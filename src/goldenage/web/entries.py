"""The entry-line inputs of the duty, explain and timeline calls, as the CLI takes them.

Every value stays the text the user typed and is validated by the engine
(:func:`goldenage.tariffs.calc.duty` and :func:`~goldenage.tariffs.calc.parse_declarations`),
so the web and the CLI accept and refuse exactly the same inputs.
"""

from __future__ import annotations

import datetime as dt
import inspect
from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import Annotated, Any

from fastapi import Query
from pydantic import ValidationError, create_model

from goldenage.cli.tariff import DEFAULT_EXPLAIN_VALUE
from goldenage.errors import InputError
from goldenage.tariffs.calc import duty, parse_declarations
from goldenage.tariffs.declarations import REGISTRY, Declarations
from goldenage.tariffs.etr import ORIGIN
from goldenage.tariffs.inputs import parse_value
from goldenage.tariffs.result import DutyResult
from goldenage.tariffs.schedule import schedule
from goldenage.tariffs.timeline import ChangePoint, timeline

TIMELINE_START = "2025-01-01"


@dataclass(frozen=True)
class EntryQuery:
    """One entry line as typed (see ``goldenage tariff duty --help`` for each field)."""

    hts: str
    value: str = DEFAULT_EXPLAIN_VALUE
    origin: str = ORIGIN
    date: str | None = None
    quantity: str | None = None
    unit: str | None = None
    transport: str | None = None
    scenario: str | None = None
    preference: str | None = None
    # The importer's declarations as typed, by registry name (goldenage.tariffs.declarations),
    # only those given: ((name, value), ...) in registry order.
    declared: tuple[tuple[str, str | bool], ...] = ()

    def entry_date(self) -> str | dt.date:
        """Return the entry date as typed, or today when none was given (as the CLI)."""
        return self.date if self.date else dt.date.today()

    def key(self) -> tuple:
        """Return a cache key: every field, with the date resolved."""
        day = str(self.entry_date())
        return tuple(day if name == "date" else getattr(self, name) for name in _QUERY_FIELDS)

    def declarations(self) -> Declarations:
        """Return the validated declarations."""
        return parse_declarations(**dict(self.declared))


_QUERY_FIELDS = tuple(field.name for field in fields(EntryQuery))


def compute_duty(query: EntryQuery) -> DutyResult:
    """Return the engine's result for the entry (as ``goldenage tariff duty``)."""
    return duty(
        hts=query.hts,
        origin=query.origin,
        entry_date=query.entry_date(),
        customs_value=query.value,
        quantity=query.quantity,
        unit=query.unit,
        transport=query.transport,
        scenario=query.scenario,
        preference=query.preference,
        declarations=query.declarations(),
        effects=True,
    )


def timeline_end() -> dt.date:
    """Return the default last day of a timeline: today, within the HTSUS data."""
    return min(dt.date.today(), schedule().coverage_end)


def compute_timeline(query: EntryQuery, start: str | None, end: str | None) -> list[ChangePoint]:
    """Return the change points of the line's duty (as ``goldenage tariff timeline``)."""
    return timeline(
        hts=query.hts,
        origin=query.origin,
        start=start or TIMELINE_START,
        end=end or timeline_end(),
        customs_value=parse_value(query.value),
        quantity=query.quantity,
        unit=query.unit,
        scenario=query.scenario,
        preference=query.preference,
        declarations=query.declarations(),
    )


def required(value: str | None, field: str, accepted: str) -> str:
    """Return ``value`` or raise :class:`InputError` naming ``field`` when it is empty."""
    if value is None or not value.strip():
        msg = "is required"
        raise InputError(field, msg, accepted)
    return value


Text = str | None
ValueRequired = Annotated[
    str, Query(description="Customs value in US dollars.", examples=["30000"], max_length=64)
]
ValueDefault = Annotated[
    str, Query(description="Customs value in US dollars (default 10000).", max_length=64)
]
HTS_HELP = "HTS code: 10 digits, dots optional (8703.23.01.90 or 8703230190); 8 digits if unambiguous."


_ENTRY_FIELDS: dict[str, tuple[object, object]] = {  # name -> (annotation, default), as the CLI's options
    "hts": (
        Annotated[str, Query(description=HTS_HELP, examples=["8703.23.01.90"], max_length=64)],
        inspect.Parameter.empty,
    ),
    "origin": (Annotated[str, Query(description="Country of origin (ISO alpha-2); JP is modelled.")], ORIGIN),
    "date": (Annotated[Text, Query(description="Entry date YYYY-MM-DD (default today).")], None),
    "scenario": (
        Annotated[Text, Query(description="Scenario (default actual; see /api/tariff/scenarios).")],
        None,
    ),
    "quantity": (Annotated[Text, Query(description="Quantity, for specific and compound rates.")], None),
    "unit": (Annotated[Text, Query(description="Unit of quantity (default: the rate's unit).")], None),
    "transport": (Annotated[Text, Query(description="ocean (default), air or land.")], None),
    "preference": (Annotated[Text, Query(description="Claim a column 1 Special rate: JP.")], None),
}


def declaration_fields() -> dict[str, tuple[object, object]]:
    """Return one query field per declaration of the registry: name -> (annotation, default).

    A ``flag`` is a boolean; every other kind is text validated by the engine, as the CLI's.
    """
    fields: dict[str, tuple[object, object]] = {}
    for declaration in REGISTRY:
        described = f"{declaration.explanation} Default: {declaration.default}."
        if declaration.kind == "flag":
            fields[declaration.field] = (Annotated[bool, Query(description=described)], False)
        else:
            fields[declaration.field] = (Annotated[Text, Query(description=described, max_length=64)], None)
    return fields


ENTRY_FIELDS = {**_ENTRY_FIELDS, **declaration_fields()}
"""Every query field of an entry line, with its annotation and default (``hts`` is required)."""


class QueryReader:
    """Reads a route's query parameters in one pydantic validation instead of one per field.

    FastAPI validates each declared query parameter on its own, about 1 ms a request for the
    37 of ``/api/tariff/duty`` (docs/performance.md, issue 20). The reader validates the same
    fields, with the same annotations and defaults, as one model. :meth:`read` returns the
    values, or ``None`` when the query does not validate: the route then lets FastAPI read
    the query itself, which answers the 422 naming the field, exactly as before.
    """

    def __init__(self, name: str, fields: dict[str, tuple[object, object]]) -> None:
        definitions: dict[str, Any] = {
            field: (annotation, ... if default is inspect.Parameter.empty else default)
            for field, (annotation, default) in fields.items()
        }
        self.names = frozenset(fields)
        self.model = create_model(name, **definitions)

    def read(self, params: Mapping[str, str]) -> dict[str, Any] | None:
        """Return the validated value of every field (defaults where absent), or ``None``.

        ``params`` maps each name to its last value, as FastAPI reads a repeated parameter.
        """
        given = {name: value for name, value in params.items() if name in self.names}
        try:
            return dict(self.model.model_validate(given))
        except ValidationError:
            return None


def entry_of(given: Mapping[str, Any]) -> EntryQuery:
    """Return the entry line of validated query values (every field of :data:`ENTRY_FIELDS`)."""
    declared = tuple((d.field, given[d.field]) for d in REGISTRY if given[d.field] not in (None, False))
    return EntryQuery(**{name: given[name] for name in _ENTRY_FIELDS}, declared=declared)


async def _entry_query(**given: Any) -> EntryQuery:
    """Collect the entry-line query parameters but the value (names as the CLI's options, ``_`` for ``-``).

    ``async`` so that a request answered from the cache never waits for a worker thread.
    """
    return entry_of(given)


# FastAPI reads the signature: one keyword parameter per field, with its annotation.
_entry_query.__signature__ = inspect.Signature(  # type: ignore[attr-defined]
    [
        inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=default, annotation=annotation)
        for name, (annotation, default) in ENTRY_FIELDS.items()
    ],
    return_annotation=EntryQuery,
)
entry_query = _entry_query
