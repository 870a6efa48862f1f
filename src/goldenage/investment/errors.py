"""Errors of the investment domain."""

from __future__ import annotations

from goldenage.errors import InputError


class LifecycleError(InputError):
    """A project lifecycle step that the MOU does not allow (wrong order, date or missing step).

    ``field`` names the step (``fund``, ``decline``...), ``accepted`` what would be allowed.
    """
