"""Health check, the API documentation page and the Plotly bundle, all served locally."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, HTMLResponse

from goldenage import __version__
from goldenage.tariffs.currency import law_as_of
from goldenage.tariffs.scenarios import scenarios
from goldenage.tariffs.schedule import schedule
from goldenage.web.deps import DutyCacheDep, EtrDep, SettingsDep
from goldenage.web.templating import render

router = APIRouter()
PLOTLY_JS = Path(str(files("plotly") / "package_data" / "plotly.min.js"))
ONE_WEEK = 7 * 24 * 3600


@router.get("/healthz", tags=["system"], summary="The app can serve")
def healthz(settings: SettingsDep, etr: EtrDep, cache: DutyCacheDep) -> dict[str, Any]:
    """Return 200 when the shipped data loads: the HTSUS and the scenarios.

    ``etr_ready`` says whether the overview's ETR series are computed yet; ``writes_enabled``
    whether an API token is configured; ``duty_cache`` the hits and misses of the duty cache.
    """
    hts = schedule()
    return {
        "status": "ok",
        "version": __version__,
        "law_as_of": law_as_of()[0].isoformat(),
        "hts_revision": hts.latest.edition,
        "scenarios": len(scenarios()),
        "etr_ready": etr.ready(),
        "writes_enabled": settings.writes_enabled,
        "duty_cache": {"size": settings.duty_cache_size, "hits": cache.hits, "misses": cache.misses},
    }


@router.get("/vendor/plotly.min.js", include_in_schema=False)
def plotly_bundle() -> FileResponse:
    """Serve Plotly's JavaScript bundle from the installed plotly package."""
    return FileResponse(
        PLOTLY_JS,
        media_type="text/javascript",
        headers={"Cache-Control": f"public, max-age={ONE_WEEK}"},
    )


@router.get("/docs", include_in_schema=False, response_class=HTMLResponse)
def api_docs(request: Request) -> HTMLResponse:
    """Render the OpenAPI description as a page (no assets from another host)."""
    schema = request.app.openapi()
    operations = []
    for path, methods in schema.get("paths", {}).items():
        for method, operation in methods.items():
            operations.append(
                {
                    "method": method.upper(),
                    "path": path,
                    "id": operation.get("operationId", f"{method}-{path}"),
                    "summary": operation.get("summary", ""),
                    "description": operation.get("description", ""),
                    "tag": (operation.get("tags") or ["other"])[0],
                    "parameters": operation.get("parameters", []),
                    "body": operation.get("requestBody"),
                    "responses": operation.get("responses", {}),
                    "secured": bool(operation.get("security")),
                }
            )
    tags: dict[str, list[dict[str, Any]]] = {}
    for operation in operations:
        tags.setdefault(operation["tag"], []).append(operation)
    context = {"active": "docs", "title": "API", "schema": schema, "tags": tags}
    return render(request, "docs.html", context)
