"""The entry-line inputs of the duty, explain and timeline calls, as the CLI takes them.

Every value stays the text the user typed and is validated by the engine
(:func:`goldenage.tariffs.calc.duty` and :func:`~goldenage.tariffs.calc.parse_declarations`),
so the web and the CLI accept and refuse exactly the same inputs.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import astuple, dataclass, replace
from typing import Annotated

from fastapi import Query

from goldenage.cli.tariff import DEFAULT_EXPLAIN_VALUE
from goldenage.errors import InputError
from goldenage.tariffs.calc import duty, parse_declarations
from goldenage.tariffs.declarations import Declarations
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
    metal_value: str | None = None
    civil_aircraft: bool = False
    pharma: str | None = None
    advanced_semiconductor: bool = False
    metal_weight_below_15pct: bool = False
    vehicle_part: str | None = None
    certified_auto_part: bool = False
    pharmaceutical_use: bool = False

    def entry_date(self) -> str | dt.date:
        """Return the entry date as typed, or today when none was given (as the CLI)."""
        return self.date if self.date else dt.date.today()

    def key(self) -> tuple:
        """Return a cache key: every field, with the date resolved."""
        return astuple(replace(self, date=str(self.entry_date())))

    def declarations(self) -> Declarations:
        """Return the validated declarations."""
        return parse_declarations(
            self.metal_value,
            self.civil_aircraft,
            self.pharma,
            self.advanced_semiconductor,
            self.metal_weight_below_15pct,
            self.vehicle_part,
            self.certified_auto_part,
            self.pharmaceutical_use,
        )


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


async def entry_query(  # noqa: PLR0913 - one parameter per CLI option
    hts: Annotated[str, Query(description=HTS_HELP, examples=["8703.23.01.90"], max_length=64)],
    origin: Annotated[str, Query(description="Country of origin (ISO alpha-2); JP is modelled.")] = ORIGIN,
    date: Annotated[Text, Query(description="Entry date YYYY-MM-DD (default today).")] = None,
    scenario: Annotated[
        Text, Query(description="Scenario (default actual; see /api/tariff/scenarios).")
    ] = None,
    quantity: Annotated[Text, Query(description="Quantity, for specific and compound rates.")] = None,
    unit: Annotated[Text, Query(description="Unit of quantity (default: the rate's unit).")] = None,
    transport: Annotated[Text, Query(description="ocean (default), air or land.")] = None,
    preference: Annotated[Text, Query(description="Claim a column 1 Special rate: JP.")] = None,
    metal_value: Annotated[Text, Query(description="Declared value of the metal content, USD.")] = None,
    civil_aircraft: Annotated[
        bool, Query(description="Declare civil-aircraft use (General Note 6).")
    ] = False,
    pharma: Annotated[Text, Query(description="patented or generic (U.S. note 40).")] = None,
    advanced_semiconductor: Annotated[bool, Query(description="Meets U.S. note 39 thresholds.")] = False,
    metal_weight_below_15pct: Annotated[bool, Query(description="Listed metal under 15% of weight.")] = False,
    vehicle_part: Annotated[Text, Query(description="yes or no: a vehicle part.")] = None,
    certified_auto_part: Annotated[bool, Query(description="Certified auto part (note 33(p)/(r)).")] = False,
    pharmaceutical_use: Annotated[bool, Query(description="Chemical for pharmaceutical use.")] = False,
) -> EntryQuery:
    """Collect the entry-line query parameters but the value (names as the CLI's options, ``_`` for ``-``).

    ``async`` so that a request answered from the cache never waits for a worker thread.
    """
    return EntryQuery(
        hts=hts,
        origin=origin,
        date=date,
        quantity=quantity,
        unit=unit,
        transport=transport,
        scenario=scenario,
        preference=preference,
        metal_value=metal_value,
        civil_aircraft=civil_aircraft,
        pharma=pharma,
        advanced_semiconductor=advanced_semiconductor,
        metal_weight_below_15pct=metal_weight_below_15pct,
        vehicle_part=vehicle_part,
        certified_auto_part=certified_auto_part,
        pharmaceutical_use=pharmaceutical_use,
    )
