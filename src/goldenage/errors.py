"""The base of every error goldenage raises.

Every domain has its own ``errors.py`` whose classes subclass :class:`GoldenageError`,
so callers can catch one type at a boundary (CLI, web) and translate it.
"""

from __future__ import annotations


class GoldenageError(Exception):
    """Base class of every error raised by goldenage."""


class InputError(GoldenageError, ValueError):
    """A user-supplied value is malformed or out of range.

    ``field`` names the input (``--date``, ``customs_value``) and ``accepted`` says
    what would have been accepted, so every boundary can print one actionable line.
    """

    def __init__(self, field: str, message: str, accepted: str | None = None) -> None:
        self.field = field
        self.message = message
        self.accepted = accepted
        text = f"{field}: {message}"
        if accepted:
            text += f" (expected {accepted})"
        super().__init__(text)

    def __reduce__(self) -> tuple[type, tuple[str, str, str | None]]:
        """Pickle with the constructor's arguments (errors cross process boundaries in Dask)."""
        return (type(self), (self.field, self.message, self.accepted))


class DataFileError(GoldenageError):
    """A shipped data file is missing, unreadable or fails validation."""
