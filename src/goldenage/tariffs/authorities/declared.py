"""The importer's declarations as the rules read them: one array per declaration, row by row."""

from __future__ import annotations

import numpy as np

from goldenage.tariffs.kernel.context import Context

NO_VALUE = -1  # an undeclared choice (the rule applies its documented default)


def declared(ctx: Context, name: str, default: object = NO_VALUE) -> np.ndarray:
    """Return the declaration ``name`` of every row (``default`` where the frame has none)."""
    column = getattr(ctx.frame, name, None)
    if column is None:
        return np.broadcast_to(np.asarray(default), (len(ctx.frame),))
    return np.asarray(column)
