"""What each compiled key applied, in words: the Chapter 99 heading of every layer, why a layer is exempt.

A broker files, with an entry line's HTS number, the Chapter 99 heading of every layer that
applied to it, the headings of exemptions included (9903.01.33, 9903.05.90...). The rates per
dollar of a compiled key (:mod:`.compiled`) carry no words; beside them each key keeps an index
into a list of distinct *labels*: the heading of each Chapter 99 layer (``None`` where the layer
decided nothing on the line) and a one-line reason for each exempt layer. The whole HTSUS has a
few hundred distinct labels, so a row costs one integer, and the words are gathered per output
column (:func:`label_columns`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import polars as pl

from goldenage.tariffs.kernel.layout import AUTHORITIES

if TYPE_CHECKING:
    from goldenage.tariffs.kernel.state import State

HEADED = AUTHORITIES[1:]  # the Chapter 99 layers (column 1's heading is the line's own subheading)
# Three output columns: the headings in filing order; each layer with its heading
# ("s232_autos 9903.94.41; ieepa_reciprocal 9903.01.33"); the reason of each exempt layer. (A
# column per layer, thirteen mostly empty columns, cost a tenth of a batch's time per row.)
LABEL_COLUMNS = ("ch99_headings", "ch99_by_layer", "exemptions")
Label = tuple[str | None, ...]  # the heading of each HEADED layer, then the exemptions' text
EMPTY: Label = (None,) * (len(HEADED) + 1)  # label 0 of every registry: nothing applied (or refused)
_TEXT_COLUMNS = [f"h{k}" for k in range(len(HEADED))] + ["x"]


class LabelRegistry:
    """The distinct labels of one compiled law, each with a stable id (0 is :data:`EMPTY`)."""

    def __init__(self, labels: list[Label] | None = None) -> None:
        self.labels: list[Label] = [EMPTY]
        self._ids: dict[Label, int] = {EMPTY: 0}
        self._table: pl.DataFrame | None = None
        for label in labels or ():
            self.id_of(tuple(label))

    def id_of(self, label: Label) -> int:
        """Return the id of ``label``, registering it if new."""
        found = self._ids.get(label)
        if found is None:
            found = self._ids[label] = len(self.labels)
            self.labels.append(label)
        return found

    def remap(self, labels: list[Label]) -> np.ndarray:
        """Return the ids here of another registry's labels (position k: that registry's id k)."""
        return np.array([self.id_of(tuple(label)) for label in labels], dtype=np.int32)

    def table(self) -> pl.DataFrame:
        """Return one row per label id with the output columns of :data:`LABEL_COLUMNS`."""
        if self._table is None or self._table.height != len(self.labels):
            filed = [" ".join(h for h in label[:-1] if h) or None for label in self.labels]
            by_layer = [
                "; ".join(f"{name} {h}" for name, h in zip(HEADED, label[:-1], strict=True) if h) or None
                for label in self.labels
            ]
            self._table = pl.DataFrame(
                [
                    pl.Series("ch99_headings", filed, dtype=pl.Utf8),
                    pl.Series("ch99_by_layer", by_layer, dtype=pl.Utf8),
                    pl.Series("exemptions", [label[-1] for label in self.labels], dtype=pl.Utf8),
                ]
            )
        return self._table


class _Fields(dict):
    """The fields of an exemption's text, for every row of a compiled key.

    A field of one row (``{loaded}``, a declared date) reads as the declaration it comes from.
    """

    def __missing__(self, key: str) -> str:
        return f"the declared {key.replace('_', ' ')} date" if key == "loaded" else f"the declared {key}"


def _exempt_text(state: State) -> list[str | None]:
    """Return, per row, the one-line reasons of its exempt layers ("s301 9903.05.90: subject to ...")."""
    from goldenage.tariffs.kernel.engine import MODULES  # noqa: PLC0415 - the rules load with the state
    from goldenage.tariffs.kernel.state import EXEMPT  # noqa: PLC0415

    parts: dict[int, list[str]] = {}
    made: dict[tuple[str, int, object, object], str] = {}
    for name, module in MODULES.items():
        out = state.outcomes.get(name)
        if out is None:
            continue
        texts = getattr(module, "EXEMPT_TEXT", {})
        for row in np.flatnonzero(out.kind == EXEMPT).tolist():
            key = (name, int(out.reason[row]), out.heading[row], state.s232[row])
            if key not in made:
                why = texts.get(key[1], "").format_map(_Fields(program=key[3]))
                made[key] = f"{name} {key[2]}: {why}" if why else f"{name} {key[2]}"
            parts.setdefault(row, []).append(made[key])
    return [("; ".join(parts[row]) if row in parts else None) for row in range(state.n)]


def label_ids(state: State, registry: LabelRegistry) -> np.ndarray:
    """Return the label id of every row of an evaluated state (headings kept: ``details=True``).

    A layer's heading is shown where it decided the line with a component (a duty, an
    inclusive rate, an exemption); failed rows get :data:`EMPTY`.
    """
    columns: dict[str, pl.Series] = {}
    for k, name in enumerate(HEADED):
        out = state.outcomes.get(name)
        if out is None:
            values = np.full(state.n, None, dtype=object)
        else:
            values = np.where(np.isnan(out.amount), None, out.heading)
        columns[f"h{k}"] = pl.Series(values.tolist(), dtype=pl.Utf8)
    columns["x"] = pl.Series(_exempt_text(state), dtype=pl.Utf8)
    frame = pl.DataFrame(columns)
    distinct = frame.unique(maintain_order=True)
    ids = np.array([registry.id_of(row) for row in distinct.iter_rows()], dtype=np.int32)
    at = frame.join(
        distinct.with_row_index("at"), on=_TEXT_COLUMNS, how="left", nulls_equal=True, maintain_order="left"
    )
    found = ids[at["at"].to_numpy()]
    found[state.ctx.frame.failed] = 0
    return found


def label_columns(registry: LabelRegistry, ids: np.ndarray) -> list[pl.Series]:
    """Return the output columns of :data:`LABEL_COLUMNS` for rows of label ``ids`` (-1: none, nulls).

    One gather of the whole table of labels (a row per label, a few hundred rows) by the
    rows' ids (a few milliseconds for 250,000 rows).
    """
    index = np.where(ids < 0, 0, ids)  # label 0 is EMPTY: every column null
    return registry.table()[index].get_columns()


__all__ = [
    "EMPTY",
    "HEADED",
    "LABEL_COLUMNS",
    "LabelRegistry",
    "label_columns",
    "label_ids",
]
