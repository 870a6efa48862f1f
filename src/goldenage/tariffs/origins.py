"""Countries of origin the engine models and the HTSUS column their goods take.

Law: HTSUS General Note 3(a) (column 1 rates for countries not listed in General Note
3(b)); General Note 36 (United States-Japan Trade Agreement, program symbol "JP").
"""

from __future__ import annotations

from functools import cache
from typing import Literal

from pydantic import BaseModel, ConfigDict, ValidationError

from goldenage.errors import DataFileError, InputError
from goldenage.params.loader import read_yaml
from goldenage.paths import data_dir
from goldenage.provenance.citation import Citation


class Origin(BaseModel):
    """A modelled country of origin."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    code: str
    name: str
    column: Literal["general", "other"]
    preference_programs: tuple[str, ...] = ()
    reference: Citation


@cache
def origins() -> dict[str, Origin]:
    """Return the modelled origins by ISO 3166-1 alpha-2 code."""
    path = data_dir() / "origins" / "origins.yaml"
    raw = read_yaml(path)
    try:
        return {code: Origin(code=code, **entry) for code, entry in raw.items()}
    except (ValidationError, TypeError) as err:
        msg = f"{path}: invalid origin entry: {err}"
        raise DataFileError(msg) from err


def parse_origin(text: str, field: str = "--origin") -> Origin:
    """Return the origin for an ISO alpha-2 code (case-insensitive), or raise InputError."""
    code = str(text).strip().upper()
    known = origins()
    accepted = "one of " + ", ".join(sorted(known)) + " (ISO 3166-1 alpha-2)"
    if code not in known:
        if len(code) == 2 and code.isalpha():
            msg = f"origin {code} is not modelled yet (only the measures on goods of Japan are)"
        else:
            msg = f"{text!r} is not an ISO 3166-1 alpha-2 country code"
        raise InputError(field, msg, accepted)
    return known[code]
