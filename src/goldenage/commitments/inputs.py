"""Parsing of user input for the tracker: dates, URLs, names, party filters.

Each parser returns a typed value or raises :class:`~goldenage.errors.InputError` naming the
field and the accepted form, before anything is written.
"""

from __future__ import annotations

import datetime as dt
import getpass
import os
import re
from dataclasses import dataclass

from pydantic import HttpUrl, TypeAdapter, ValidationError

from goldenage.commitments.models import URL_LENGTH
from goldenage.commitments.service import EvidenceInput, utc_now
from goldenage.commitments.statuses import parse_status
from goldenage.errors import InputError

NOTE_LENGTH = 2000
ACTOR_LENGTH = 100
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
ACTOR_ENV = "GOLDENAGE_USER"
_URL = TypeAdapter(HttpUrl)
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def parse_date(value: str, field: str) -> dt.date:
    """Return the date written ``YYYY-MM-DD`` (a real calendar date)."""
    text = value.strip()
    if not ISO_DATE.match(text):
        msg = f"{value!r} is not a date"
        raise InputError(field, msg, "YYYY-MM-DD, e.g. 2026-04-28")
    try:
        return dt.date.fromisoformat(text)
    except ValueError as err:
        msg = f"{value!r} is not a calendar date ({err})"
        raise InputError(field, msg, "YYYY-MM-DD, e.g. 2026-04-28") from err


def parse_url(value: str, field: str) -> str:
    """Return an absolute http(s) URL with a host, as given (trimmed)."""
    text = value.strip()
    accepted = "an absolute http:// or https:// URL, e.g. https://example.org/report"
    if not text or len(text) > URL_LENGTH or any(c.isspace() for c in text):
        msg = f"{value!r} is not a URL" if text else "is empty"
        raise InputError(field, msg, accepted)
    try:
        url = _URL.validate_python(text)
    except ValidationError as err:
        msg = f"{value!r} is not a URL ({err.errors()[0]['msg']})"
        raise InputError(field, msg, accepted) from err
    if not url.host or ("." not in url.host and url.host != "localhost"):
        msg = f"{value!r} has no host name"
        raise InputError(field, msg, accepted)
    return text


def parse_text(value: str, field: str, *, max_length: int) -> str:
    """Return a non-empty single-line text of at most ``max_length`` characters."""
    text = value.strip()
    if not text or len(text) > max_length or _CONTROL.search(text):
        msg = "is empty" if not text else f"must be one line of at most {max_length} characters"
        raise InputError(field, msg, f"one line of 1 to {max_length} characters")
    return text


def default_actor() -> str:
    """Return who makes a change when ``--by`` is not given: ``$GOLDENAGE_USER`` or the login name."""
    name = os.environ.get(ACTOR_ENV, "").strip()
    if name:
        return name
    try:
        return getpass.getuser() or "unknown"
    except (KeyError, OSError):  # no login name (e.g. a container without a passwd entry)
        return "unknown"


def parse_party(value: str, known: set[str]) -> str:
    """Return the party key matching ``value`` case-insensitively among ``known``."""
    by_lower = {k.lower(): k for k in known}
    key = by_lower.get(value.strip().lower())
    if key is None:
        msg = f"unknown party {value!r}"
        field = "--party"
        raise InputError(field, msg, f"one of {', '.join(sorted(known))}")
    return key


@dataclass(frozen=True)
class UpdateRequest:
    """A validated status update: new status, optional evidence, note and who makes it."""

    status: str
    evidence: EvidenceInput | None
    note: str | None
    actor: str


def parse_update(  # noqa: PLR0913 - one argument per option of `goldenage commitments update`
    status: str | None,
    evidence: str | None,
    note: str | None,
    evidence_date: str | None,
    by: str | None,
    *,
    actor_default: str | None = None,
) -> UpdateRequest:
    """Validate the options of an update, in the order a user reads them; nothing is written.

    ``--note`` is required with ``--evidence``; ``--evidence-date`` (default today, UTC) needs
    ``--evidence`` and may not be in the future. Without ``--by`` the actor is ``actor_default``
    or :func:`default_actor`.
    """
    new_status = parse_status(status)
    if by is not None:
        actor = parse_text(by, "--by", max_length=ACTOR_LENGTH)
    else:
        actor = actor_default or default_actor()
    summary = parse_text(note, "--note", max_length=NOTE_LENGTH) if note is not None else None
    item: EvidenceInput | None = None
    if evidence is not None:
        if summary is None:
            msg = "is required with --evidence (what the evidence shows, in your own words)"
            field = "--note"
            raise InputError(field, msg, "--note TEXT")
        today = utc_now().date()
        observed = parse_date(evidence_date, "--evidence-date") if evidence_date is not None else today
        if observed > today:
            msg = f"{observed} is in the future"
            field = "--evidence-date"
            raise InputError(field, msg, f"a date on or before {today}")
        item = EvidenceInput(parse_url(evidence, "--evidence"), summary, observed)
    elif evidence_date is not None:
        msg = "is given without --evidence"
        field = "--evidence-date"
        raise InputError(field, msg, "--evidence URL --note TEXT --evidence-date YYYY-MM-DD")
    return UpdateRequest(new_status, item, summary, actor)
