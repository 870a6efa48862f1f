"""Errors of the commitments tracker.

Bad user input subclasses :class:`~goldenage.errors.InputError` (the CLI exits 2 with one line
naming the field and the accepted form); database trouble is a :class:`DatabaseError` (exit 1).
"""

from __future__ import annotations

from goldenage.errors import GoldenageError, InputError


class CommitmentNotFoundError(InputError, LookupError):
    """No commitment has the requested id."""

    def __init__(self, commitment_id: str) -> None:
        self.commitment_id = commitment_id
        super().__init__(
            "ID",
            f"no commitment {commitment_id!r}",
            "an id listed by `goldenage commitments list`, e.g. CM-02",
        )


class TransitionError(InputError):
    """A status change that the transition rules forbid (see ``statuses.py``)."""


class DatabaseError(GoldenageError):
    """The database cannot be reached, is at an unknown revision, or refused a write."""
