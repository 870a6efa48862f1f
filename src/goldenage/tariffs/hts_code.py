"""HTSUS codes: parsing what users type and formatting codes as the schedule prints them."""

from __future__ import annotations

import re

from goldenage.errors import InputError

_ACCEPTED = "an HTS code of 10 digits, dots optional (8703.23.01.90 or 8703230190), or 8 digits"
_TYPED = re.compile(r"^\d{4}(\.?\d{2}){2}(\.?\d{2})?$")
_PRINTED = re.compile(r"^(\d{4})(?:\.(\d{2}))?(?:\.(\d{2}))?(?:\.(\d{2}))?$")


def parse_hts_code(text: str, field: str = "--hts") -> str:
    """Return the digits of a user-typed 8- or 10-digit HTS code.

    Accepts ``8703.23.01.90``, ``8703230190``, ``8703.23.01`` and ``87032301`` (spaces
    around are ignored). Raises :class:`InputError` naming ``field`` otherwise.
    """
    cleaned = str(text).strip()
    if not _TYPED.match(cleaned):
        msg = f"{cleaned!r} is not an HTS code"
        raise InputError(field, msg, _ACCEPTED)
    digits = cleaned.replace(".", "")
    if len(digits) not in (8, 10):  # pragma: no cover - the pattern already guarantees it
        msg = f"{cleaned!r} has {len(digits)} digits"
        raise InputError(field, msg, _ACCEPTED)
    return digits


def digits_of(htsno: str) -> str:
    """Return the digits of a code as printed in the schedule (``8703.23.01`` -> ``87032301``).

    Raises ``ValueError`` if ``htsno`` is not a printed HTS number (4, 6, 8 or 10 digits).
    """
    match = _PRINTED.match(htsno)
    if not match:
        msg = f"not an HTS number as printed (dddd[.dd[.dd[.dd]]]): {htsno!r}"
        raise ValueError(msg)
    return "".join(part for part in match.groups() if part)


def format_code(digits: str) -> str:
    """Format digits as the schedule prints them: ``8703230190`` -> ``8703.23.01.90``."""
    groups = [digits[:4]] + [digits[i : i + 2] for i in range(4, len(digits), 2)]
    return ".".join(groups)
