"""The basket of typical Japanese exports behind ``goldenage report`` (``make run``)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from goldenage.errors import DataFileError, GoldenageError
from goldenage.params.loader import read_yaml
from goldenage.paths import data_dir
from goldenage.tariffs.calc import duty
from goldenage.tariffs.inputs import Transport
from goldenage.tariffs.result import DutyResult
from goldenage.tariffs.schedule import schedule


class BasketItem(BaseModel):
    """One product of the basket: classification and an illustrative shipment."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    category: str
    label: str
    hts10: str
    customs_value_usd: float = Field(gt=0)
    quantity: float | None = Field(default=None, ge=0)
    unit: str | None = None
    transport: Transport = "ocean"


@dataclass(frozen=True)
class BasketLine:
    """A basket item and what it pays (or the error that stopped it)."""

    item: BasketItem
    result: DutyResult | None
    error: str | None


@cache
def basket() -> tuple[BasketItem, ...]:
    """Return the shipped basket (``data/products/japan_basket.yaml``)."""
    path = data_dir() / "products" / "japan_basket.yaml"
    raw = read_yaml(path)
    try:
        return tuple(BasketItem.model_validate(entry) for entry in raw)
    except (ValidationError, TypeError) as err:
        msg = f"{path}: invalid basket entry: {err}"
        raise DataFileError(msg) from err


def price_basket(on: dt.date) -> list[BasketLine]:
    """Return what each basket item pays on ``on``; an item that fails keeps its error.

    A date outside the data's coverage is refused first (:class:`CoverageError`): no item
    could be priced on it.
    """
    schedule().revision_at(on)
    lines = []
    for item in basket():
        try:
            result = duty(
                hts=item.hts10,
                origin="JP",
                entry_date=on,
                customs_value=item.customs_value_usd,
                quantity=item.quantity,
                unit=item.unit,
                transport=item.transport,
            )
        except GoldenageError as err:
            lines.append(BasketLine(item, None, str(err)))
        else:
            lines.append(BasketLine(item, result, None))
    return lines
