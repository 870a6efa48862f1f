"""Days between loading in Japan and US entry, by mode of transport, as data.

The in-transit clauses of the law (:mod:`goldenage.tariffs.in_transit`; headings 9903.01.28,
9903.01.53, 9903.02.72/.73, 9903.03.02, 9903.05.85) spare goods loaded before a change and
entered within a window. For the entries of one day, the share loaded before a cut-off is the
share whose loading-to-entry time is longer than the days since the cut-off. This module reads
``data/timing/transit_japan.yaml`` (a distribution of days per mode and each mode's share of
value, every part cited there) and gives those shares.
"""

from __future__ import annotations

from collections.abc import Collection
from functools import cache
from pathlib import Path
from typing import Any, Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from goldenage.errors import InputError
from goldenage.params.loader import invalid_file, read_yaml
from goldenage.paths import data_dir
from goldenage.provenance.citation import Citation
from goldenage.provenance.dataset import DatasetMetadata
from goldenage.tariffs.inputs import TRANSPORTS

SHIPPED = Path("timing") / "transit_japan.yaml"
MAX_DAYS = 120  # a loading-to-entry time beyond this is refused (a typo, not a voyage)


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Days(_Frozen):
    """Whole days from loading to entry, spread evenly from ``from_`` to ``to`` (inclusive)."""

    from_: int = Field(alias="from", ge=0, le=MAX_DAYS)
    to: int = Field(ge=0, le=MAX_DAYS)
    distribution: Literal["uniform"]

    @model_validator(mode="after")
    def _ordered(self) -> Days:
        if self.to < self.from_:
            msg = f"days 'to' ({self.to}) is before 'from' ({self.from_})"
            raise ValueError(msg)
        return self

    def pmf(self) -> np.ndarray:
        """Return the probability of each whole number of days 0..MAX_DAYS."""
        out = np.zeros(MAX_DAYS + 1)
        out[self.from_ : self.to + 1] = 1.0 / (self.to - self.from_ + 1)
        return out


class Mode(_Frozen):
    """One mode of transport: its share of value and its days, with their sources."""

    share: float = Field(ge=0, le=1)
    share_basis: str = Field(min_length=10)
    share_source: Citation
    days: Days
    days_sources: list[Citation] = Field(min_length=1)


class Timing(_Frozen):
    """The loading-to-entry distribution of goods of Japan (``data/timing/transit_japan.yaml``)."""

    dataset: DatasetMetadata
    entry_lag_days: int = Field(ge=0, le=30)
    modes: dict[str, Mode] = Field(min_length=1)

    @model_validator(mode="after")
    def _known_modes(self) -> Timing:
        unknown = sorted(set(self.modes) - set(TRANSPORTS))
        if unknown:
            msg = f"unknown modes of transport {', '.join(unknown)} (accepted: {', '.join(TRANSPORTS)})"
            raise ValueError(msg)
        return self

    @model_validator(mode="after")
    def _shares_add_up(self) -> Timing:
        total = sum(mode.share for mode in self.modes.values())
        if abs(total - 1.0) > 1e-6:
            msg = f"the mode shares add up to {total}, not 1"
            raise ValueError(msg)
        return self

    def pmf(self, ocean_share: float | None = None, modes: Collection[str] | None = None) -> np.ndarray:
        """Return the probability that goods entered on a day were loaded ``k`` days before (k = 0..).

        ``ocean_share`` replaces the shipped share of the ``ocean`` mode (the rest goes to the
        other modes in proportion), for a sensitivity run. ``modes`` keeps only the entries of
        those modes (the probabilities then add up to their share, not to 1).
        """
        shares = {name: mode.share for name, mode in self.modes.items()}
        if ocean_share is not None:
            if not 0.0 <= ocean_share <= 1.0 or "ocean" not in shares:
                msg = f"{ocean_share!r} is not a share"
                field = "--ocean-share"
                raise InputError(field, msg, "a number from 0 to 1")
            rest = 1.0 - shares["ocean"]
            for name in shares:
                shares[name] = (
                    ocean_share
                    if name == "ocean"
                    else (1.0 - ocean_share) * (shares[name] / rest if rest else 1.0 / (len(shares) - 1))
                )
        out = np.zeros(MAX_DAYS + 1 + self.entry_lag_days)
        for name, mode in self.modes.items():
            if modes is None or name in modes:
                out[self.entry_lag_days :] += shares[name] * mode.days.pmf()
        return out

    def loaded_before(
        self,
        days_since_cutoff: np.ndarray,
        ocean_share: float | None = None,
        modes: Collection[str] | None = None,
    ) -> np.ndarray:
        """Return the share of a day's entries loaded before a cut-off ``days_since_cutoff`` days earlier.

        ``modes``: count only the entries of those modes of transport (e.g. ``("ocean",)``: the
        in-transit clauses cover goods loaded onto a vessel only); the share is of all entries.

        Entries on the cut-off day itself have ``days_since_cutoff`` 0: goods loaded one day
        or more before entry were loaded before the cut-off. Goods loaded before it have been
        travelling at least ``days_since_cutoff + 1`` days.
        """
        pmf = self.pmf(ocean_share, modes)
        survival = np.concatenate([np.cumsum(pmf[::-1])[::-1], [0.0]])  # P(days >= k), k = 0..len
        k = np.clip(np.asarray(days_since_cutoff, dtype=np.int64) + 1, 0, len(survival) - 1)
        return survival[k]

    def citations(self) -> list[dict[str, Any]]:
        """Return the sources of every part, as JSON-ready data."""
        out = []
        for name, mode in self.modes.items():
            out.append({"mode": name, "part": "share", **mode.share_source.to_json()})
            out += [{"mode": name, "part": "days", **source.to_json()} for source in mode.days_sources]
        return out


@cache
def load_timing(path: Path | None = None) -> Timing:
    """Return the shipped loading-to-entry distribution (or the one at ``path``)."""
    where = path or data_dir() / SHIPPED
    try:
        return Timing.model_validate(read_yaml(where))
    except ValidationError as err:
        raise invalid_file(where, err) from err


__all__ = ["MAX_DAYS", "Timing", "load_timing"]
