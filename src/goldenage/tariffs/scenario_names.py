"""The names of the shipped scenarios, read from their file names (nothing parsed).

A batch whose compiled law is stored (:mod:`.kernel.store`) checks its scenario here and
never loads the scenario files or the parameters; :mod:`.scenarios` loads them.
"""

from __future__ import annotations

from functools import cache

from goldenage.errors import InputError
from goldenage.paths import data_dir

DEFAULT_SCENARIO = "actual"


@cache
def scenario_names() -> tuple[str, ...]:
    """Return the names of the shipped scenarios, ``actual`` first (from the file names only)."""
    stems = sorted(path.stem for path in (data_dir() / "scenarios").glob("*.yaml"))
    return (DEFAULT_SCENARIO, *(s for s in stems if s != DEFAULT_SCENARIO))


def scenario_name(value: str | None, field: str = "--scenario") -> str:
    """Return the name of a shipped scenario without loading it; ``None`` means ``actual``.

    Unknown names raise :class:`InputError` naming ``field`` and the accepted names.
    """
    name = DEFAULT_SCENARIO if value is None else str(value).strip().lower()
    known = scenario_names()
    if name not in known:
        msg = f"unknown scenario {value!r}"
        raise InputError(field, msg, "one of " + ", ".join(known))
    return name


__all__ = ["DEFAULT_SCENARIO", "scenario_name", "scenario_names"]
