"""The law a calculation applies: the parameters under one scenario (scope lists are shared)."""

from __future__ import annotations

import datetime as dt
from functools import cache
from typing import Any

from goldenage.params import Parameter, Period, parameters
from goldenage.tariffs.scenarios import Scenario, get_scenario


class Law:
    """Parameters with the scenario's overrides, read by date."""

    def __init__(self, scenario: Scenario) -> None:
        self.scenario = scenario
        self._cache: dict[str, Parameter] = {}

    def parameter(self, parameter_id: str) -> Parameter:
        """Return a parameter as the scenario defines it."""
        if parameter_id not in self._cache:
            self._cache[parameter_id] = self.scenario.parameter(parameters()[parameter_id])
        return self._cache[parameter_id]

    def period(self, parameter_id: str, on: dt.date) -> Period | None:
        """Return the period in force on ``on``, or ``None`` when no value is in force."""
        parameter = self.parameter(parameter_id)
        for period in parameter.periods:
            if period.covers(on):
                return period if period.value is not None else None
        return None

    def value(self, parameter_id: str, on: dt.date) -> Any:
        """Return the value in force on ``on``, or ``None``."""
        period = self.period(parameter_id, on)
        return None if period is None else period.value

    def breakpoints(self, prefix: str = "us.") -> set[dt.date]:
        """Return every date on which a parameter under ``prefix`` may change."""
        dates: set[dt.date] = set()
        for base in parameters():
            if base.id.startswith(prefix):
                dates.update(self.parameter(base.id).breakpoints())
        return dates


@cache
def law_for(scenario: str | None = None) -> Law:
    """Return the law of a scenario (``None`` = actual)."""
    return Law(get_scenario(scenario))
