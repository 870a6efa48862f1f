"""Entry lines as columns (numpy arrays), validated once for the whole frame."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from goldenage.tariffs.declarations import DECLARATIONS, NO_VALUE, REGISTRY


@dataclass
class EntryFrame:
    """Entry lines: 10-digit codes, entry dates, customs values and declarations.

    ``quantity`` uses NaN for "not given"; ``unit`` holds canonical unit names or ``None``.
    ``declared`` holds one column per declaration of the registry
    (:data:`goldenage.tariffs.declarations.REGISTRY`, which says each kind's codes), read as
    attributes: ``frame.civil_aircraft``, ``frame.metal_value`` (NaN: not declared),
    ``frame.vehicle_part`` (-1 not declared, 0 no, 1 yes), ``frame.loaded_on`` (NaT: not declared).
    The 10-digit codes are held as text (``code``) or as numbers (``number``, int64), each
    derived from the other on first use: the batch path reads numbers only.
    """

    text: np.ndarray | None  # '<U10', or None when built from numbers
    day: np.ndarray  # datetime64[D]
    value: np.ndarray  # float64
    quantity: np.ndarray  # float64, NaN = none
    unit: np.ndarray  # object: canonical unit or None
    transport: np.ndarray  # '<U5': ocean, air, land
    declared: dict[str, np.ndarray]  # one column per declaration of the registry, in its order
    preference: np.ndarray  # object: program symbol or None
    numbers: np.ndarray | None = None  # int64 codes, or None when built from text
    claims: bool | None = None  # whether any row claims a preference (None: not known yet)
    error: np.ndarray = field(init=False)  # object: the exception that stopped the row, or None
    failed: np.ndarray = field(init=False)  # bool

    def __post_init__(self) -> None:
        self.error = np.empty(len(self.day), dtype=object)  # filled with None
        self.failed = np.zeros(len(self.day), dtype=bool)

    def __len__(self) -> int:
        return len(self.day)

    def __getattr__(self, name: str) -> np.ndarray:
        """Return the column of a declaration (``frame.civil_aircraft``)."""
        if name in DECLARATIONS:
            return self.__dict__["declared"][name]
        raise AttributeError(name)

    @property
    def code(self) -> np.ndarray:
        """Return the codes as text ('<U10', zero-padded)."""
        if self.text is None:
            self.text = np.char.zfill(np.asarray(self.numbers).astype("<U10"), 10)
        return self.text

    @property
    def number(self) -> np.ndarray:
        """Return the codes as int64 numbers; -1 for a code that is not 10 digits."""
        if self.numbers is None:
            text = np.asarray(self.text)
            ten = np.char.str_len(text) == 10
            if len(text) and bool(ten.all()):
                self.numbers = text.astype(np.int64)
            else:
                self.numbers = np.full(len(text), -1, dtype=np.int64)
                self.numbers[ten] = text[ten].astype(np.int64)
        return self.numbers

    @property
    def has_preference(self) -> bool:
        """Return whether any row claims a preference program."""
        if self.claims is None:
            self.claims = bool(np.not_equal(self.preference, None).any())
        return self.claims

    def take(self, index: np.ndarray) -> EntryFrame:
        """Return a new frame of the rows at ``index`` (integer positions), not yet evaluated."""

        def pick(column: np.ndarray) -> np.ndarray:
            if column.ndim == 1 and column.strides == (0,) and len(column):  # one repeated value
                return np.broadcast_to(column[:1], (len(index),))
            return column[index]

        return EntryFrame(
            text=None if self.text is None else self.text[index],
            day=self.day[index],
            value=self.value[index],
            quantity=pick(self.quantity),
            unit=pick(self.unit),
            transport=pick(self.transport),
            declared={name: pick(column) for name, column in self.declared.items()},
            preference=pick(self.preference),
            numbers=None if self.numbers is None else self.numbers[index],
            claims=self.claims if self.claims is False else None,
        )

    def fail_rows(self, index: np.ndarray, errors: list[Exception]) -> None:
        """Fail the rows at ``index`` (integer positions), each with its own error."""
        fresh = ~self.failed[index]
        chosen = index[fresh]
        if chosen.size:
            holder = np.empty(chosen.size, dtype=object)
            holder[:] = [e for e, keep in zip(errors, fresh.tolist(), strict=True) if keep]
            self.error[chosen] = holder
            self.failed[chosen] = True

    def fail_at(self, index: np.ndarray, error: Exception) -> None:
        """Fail the rows at ``index`` (integer positions) with one ``error``, unless already failed."""
        fresh = index[~self.failed[index]]
        if fresh.size:
            self.error[fresh] = error
            self.failed[fresh] = True

    def fail(self, rows: np.ndarray, error: Exception) -> None:
        """Mark the rows of the mask ``rows`` as failed with ``error``, unless already failed."""
        new = rows & ~self.failed
        if new.any():
            self.error[new] = error
            self.failed |= new

    @classmethod
    def of(  # noqa: PLR0913 - one keyword per column
        cls,
        code: list[str] | np.ndarray,  # text, or int64 numbers of 10-digit codes
        day: list[dt.date] | np.ndarray,
        value: list[float] | np.ndarray,
        quantity: list[float] | np.ndarray | None = None,
        unit: list[str | None] | np.ndarray | None = None,
        transport: list[str] | np.ndarray | None = None,
        preference: list[str | None] | np.ndarray | None = None,
        number: np.ndarray | None = None,
        **declarations: Any,
    ) -> EntryFrame:
        """Build a frame; omitted columns take their defaults (no quantity, ocean, no declarations).

        ``number`` may give the codes of a text ``code`` as int64 (-1 where not 10 digits).
        ``declarations`` gives, by name, the frame column of any declaration of the registry
        (its codes: see :mod:`goldenage.tariffs.declarations`); another name is a ``TypeError``.
        """
        unknown = sorted(set(declarations) - set(DECLARATIONS))
        if unknown:
            msg = f"EntryFrame.of() got no declaration {', '.join(unknown)}"
            raise TypeError(msg)
        n = len(code)
        given = np.asarray(code)
        numeric = given.dtype.kind in "iu"

        def constant(fill: object, dtype: object) -> np.ndarray:
            # An omitted column is one value repeated: a read-only view, no memory per row.
            return np.broadcast_to(np.array(fill, dtype=dtype), (n,))

        def floats(values: object) -> np.ndarray:
            return constant(np.nan, np.float64) if values is None else np.asarray(values, dtype=np.float64)

        def objects(values: object) -> np.ndarray:
            if values is None:
                return constant(None, object)
            out = np.empty(n, dtype=object)
            out[:] = list(values)  # type: ignore[call-overload]
            return out

        declared = {}
        for declaration in REGISTRY:
            values = declarations.get(declaration.name)
            declared[declaration.name] = (
                constant(declaration.fill, declaration.dtype)
                if values is None
                else np.asarray(values, dtype=declaration.dtype)
            )
        return cls(
            text=None if numeric else np.asarray(given, dtype="<U10"),
            numbers=given.astype(np.int64) if numeric else number,
            day=np.asarray(day, dtype="datetime64[D]"),
            value=np.asarray(value, dtype=np.float64),
            quantity=floats(quantity),
            unit=objects(unit),
            transport=constant("ocean", "<U5") if transport is None else np.asarray(transport, "<U5"),
            declared=declared,
            preference=objects(preference),
            claims=None if preference is not None else False,
        )


__all__ = ["NO_VALUE", "EntryFrame"]
