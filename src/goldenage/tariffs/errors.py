"""Errors of the tariff engine. Each names the HTS line, the date or the input at fault."""

from __future__ import annotations

from goldenage.errors import GoldenageError, InputError


class TariffError(GoldenageError):
    """Base class of tariff-engine errors."""


class RateParseError(TariffError, ValueError):
    """A duty-rate text (general, special or column 2) could not be parsed.

    Never replaced by a silent zero: the line and the text are in the message.
    """

    def __init__(self, text: str, reason: str, line: str | None = None) -> None:
        self.text = text
        self.reason = reason
        self.line = line
        where = f"HTS {line}: " if line else ""
        super().__init__(f"{where}cannot parse rate text {text!r}: {reason}")

    def __reduce__(self) -> tuple[type, tuple[str, str, str | None]]:
        """Pickle with the constructor's arguments."""
        return (type(self), (self.text, self.reason, self.line))


class RateNotComputableError(TariffError):
    """A parsed rate needs inputs the engine does not have (e.g. the value of a watch case)."""

    def __init__(self, text: str, reason: str, line: str | None = None) -> None:
        self.text = text
        self.reason = reason
        self.line = line
        where = f"HTS {line}: " if line else ""
        super().__init__(f"{where}rate {text!r} cannot be computed: {reason}")

    def __reduce__(self) -> tuple[type, tuple[str, str, str | None]]:
        """Pickle with the constructor's arguments."""
        return (type(self), (self.text, self.reason, self.line))


class UnknownHTSCodeError(InputError, TariffError):
    """The HTS code is well formed but is not a line of the schedule on that date."""


class AmbiguousHTSCodeError(InputError, TariffError):
    """An 8-digit code was given but the answer depends on the statistical suffix."""


class MissingQuantityError(InputError, TariffError):
    """A specific or compound rate needs ``--quantity`` (and its unit)."""


class UnitMismatchError(InputError, TariffError):
    """The quantity's unit cannot be converted to the unit of the specific rate."""


class CoverageError(InputError, TariffError):
    """The entry date is outside the period covered by the shipped data."""
