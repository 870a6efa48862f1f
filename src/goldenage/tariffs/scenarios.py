"""Tariff scenarios: which law the engine applies.

``actual`` is the law as in force on each date. Later work adds counterfactual scenarios
(for example, what a Japanese good would have paid without the 2025 agreement).
"""

from __future__ import annotations

from goldenage.errors import InputError

SCENARIOS: dict[str, str] = {
    "actual": "The law as in force on the entry date.",
}
DEFAULT_SCENARIO = "actual"


def parse_scenario(value: str | None, field: str = "--scenario") -> str:
    """Return a known scenario name; ``None`` means the default (``actual``)."""
    if value is None:
        return DEFAULT_SCENARIO
    name = str(value).strip().lower()
    if name not in SCENARIOS:
        msg = f"unknown scenario {value!r}"
        raise InputError(field, msg, "one of " + ", ".join(SCENARIOS))
    return name
