"""A typed citation of a legal or official source.

Typed fields (not a list of strings) so a title and a URL can never run together, and so
every result can carry the exact instrument, document and section behind a number.
"""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict, Field, HttpUrl, model_validator


class Citation(BaseModel):
    """Where a legal value comes from.

    ``title`` names the instrument (proclamation, executive order, regulation, HTSUS
    edition); ``document`` the Federal Register document or official page identifier;
    ``section`` the provision inside it; ``href`` a URL to the official text (or, when the
    official text could not be read, to the copy or report that was read). ``retrieved`` is the
    date that text was read; ``unverified`` says, in words, what the cited text does **not**
    establish about the value (``None``: nothing known to be unverified).
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    title: str = Field(min_length=3)
    document: str | None = None
    section: str | None = None
    href: HttpUrl | None = None
    edition: str | None = None
    published: dt.date | None = None
    retrieved: dt.date | None = None
    unverified: str | None = Field(default=None, min_length=5)
    note: str | None = None

    @model_validator(mode="after")
    def _locatable(self) -> Citation:
        """Require enough to find the text: a URL or a document identifier."""
        if self.href is None and not self.document:
            msg = "a citation needs 'href' (official URL) or 'document' (e.g. FR Doc number)"
            raise ValueError(msg)
        return self

    def label(self) -> str:
        """Return a one-line human-readable form, e.g. for tables."""
        parts = [self.title]
        if self.edition:
            parts.append(self.edition)
        if self.document:
            parts.append(self.document)
        if self.section:
            parts.append(self.section)
        return ", ".join(parts)

    def to_json(self) -> dict[str, str | None]:
        """Return a JSON-ready dict with ``None`` fields kept (stable keys for consumers)."""
        return {
            "title": self.title,
            "document": self.document,
            "section": self.section,
            "href": str(self.href) if self.href else None,
            "edition": self.edition,
        }
