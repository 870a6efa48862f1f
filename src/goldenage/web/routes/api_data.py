"""``/api/data/status``: the JSON of ``goldenage data status --json``."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from goldenage.datasets.status import data_status
from goldenage.tariffs.currency import law_currency

router = APIRouter(prefix="/api/data", tags=["data"])


@router.get(
    "/status", summary="Every dataset with its edition, as-of date and source (goldenage data status)"
)
def status_route() -> dict[str, Any]:
    """``{datasets: [...], law_as_of, hts_revision, warnings}``, as ``goldenage data status --json``."""
    return law_currency().stamp({"datasets": [dataset.to_json() for dataset in data_status()]})
