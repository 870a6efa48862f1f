"""The statuses of a commitment and the rules for changing them.

A status is the tracker's reading of the evidence, not a party's claim. Seven values:

================  =====================================================================
``unknown``       no evidence either way has been found
``pending``       not delivered yet, and the evidence says it is still expected
``in_progress``   partly delivered (some steps or some of the amount)
``done``          delivered, as promised or late (a late delivery says so in the note)
``missed``        the deadline passed and the evidence shows it was not delivered
``superseded``    lapsed, suspended, withdrawn or replaced by later events or law
``disputed``      the sources disagree on what was promised or whether it was delivered
================  =====================================================================

``done``, ``missed`` and ``superseded`` are *closing* statuses. Transition rules:

1. Moving into a closing status needs evidence (``--evidence URL --note TEXT``).
2. Moving out of a closing status (a correction or a revival) needs evidence too.
3. ``missed`` needs a due date earlier than the date of the evidence.
4. Repeating the current status is allowed only to add evidence.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from goldenage.commitments.errors import TransitionError
from goldenage.errors import InputError


def status_label(status: str | None) -> str:
    """Return a status as words (``in_progress`` -> ``in progress``): what pages and tables show."""
    return (status or "").replace("_", " ")


@dataclass(frozen=True)
class Status:
    """One status value, its meaning and whether it closes the commitment."""

    name: str
    meaning: str
    closing: bool


STATUSES: tuple[Status, ...] = (
    Status("unknown", "no evidence either way has been found", closing=False),
    Status("pending", "not delivered yet; the evidence says it is still expected", closing=False),
    Status("in_progress", "partly delivered", closing=False),
    Status("done", "delivered (a late delivery says so in the note)", closing=True),
    Status("missed", "the deadline passed and the evidence shows it was not delivered", closing=True),
    Status("superseded", "lapsed, suspended, withdrawn or replaced by later events or law", closing=True),
    Status(
        "disputed", "the sources disagree on what was promised or whether it was delivered", closing=False
    ),
)
STATUS_NAMES: tuple[str, ...] = tuple(s.name for s in STATUSES)
CLOSING: frozenset[str] = frozenset(s.name for s in STATUSES if s.closing)
ACCEPTED = ", ".join(STATUS_NAMES)


def parse_status(value: str | None, field: str = "--status") -> str:
    """Return the status named by ``value`` (case and ``-``/``_`` insensitive) or raise InputError."""
    text = (value or "").strip().lower().replace("-", "_")
    if text not in STATUS_NAMES:
        msg = f"unknown status {value!r}" if value else "is required"
        raise InputError(field, msg, f"one of {ACCEPTED}")
    return text


def check_transition(
    current: str, new: str, *, has_evidence: bool, due_on: dt.date | None, evidence_on: dt.date
) -> None:
    """Raise :class:`TransitionError` unless ``current -> new`` follows the rules above."""
    if new == current and not has_evidence:
        msg = f"the status is already {current!r}; repeat it only to add evidence"
        field = "--status"
        raise TransitionError(field, msg, "another status, or --evidence URL --note TEXT")
    if new in CLOSING and not has_evidence:
        msg = f"moving to {new!r} needs the evidence that shows it"
        field = "--evidence"
        raise TransitionError(field, msg, "--evidence URL --note TEXT")
    if current in CLOSING and new != current and not has_evidence:
        msg = f"leaving the closing status {current!r} needs the evidence that changes it"
        field = "--evidence"
        raise TransitionError(field, msg, "--evidence URL --note TEXT")
    if new == "missed" and (due_on is None or evidence_on <= due_on):
        due = due_on.isoformat() if due_on else "none"
        msg = f"'missed' needs a deadline that passed before the evidence date (due {due})"
        field = "--status"
        raise TransitionError(field, msg, "a due date earlier than --evidence-date")
