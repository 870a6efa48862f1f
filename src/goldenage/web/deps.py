"""Dependencies shared by the routers (as type aliases, one per role)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, HTTPException, Request

from goldenage.web.caches import CollectedCache, DutyCache, EtrCache
from goldenage.web.jobs import JobPool
from goldenage.web.results import ResultStore
from goldenage.web.security import bearer_of, check_token
from goldenage.web.settings import WebSettings

# The getters are ``async`` (they only read app state): FastAPI then calls them on the event
# loop instead of a worker thread, so cheap requests never queue behind computations.


async def get_settings(request: Request) -> WebSettings:
    """Return the app's settings."""
    return request.app.state.settings


async def get_etr(request: Request) -> EtrCache:
    """Return the app's cache of ETR series."""
    return request.app.state.etr


async def get_collected(request: Request) -> CollectedCache:
    """Return the app's cache of the overview's collected series and savings."""
    return request.app.state.collected


async def get_reports(request: Request) -> DutyCache:
    """Return the app's cache of ETR reports and savings (JSON by query)."""
    return request.app.state.reports


async def get_duty_cache(request: Request) -> DutyCache:
    """Return the app's cache of duty results."""
    return request.app.state.duty_cache


async def get_jobs(request: Request) -> JobPool:
    """Return the app's pool of worker processes for heavy work."""
    return request.app.state.jobs


async def get_results(request: Request) -> ResultStore:
    """Return the store of result files."""
    return request.app.state.results


def require_bearer(request: Request, settings: Annotated[WebSettings, Depends(get_settings)]) -> None:
    """Refuse the request unless it carries ``Authorization: Bearer <GOLDENAGE_API_TOKEN>``."""
    failure = check_token(settings, bearer_of(request))
    if failure is not None:
        headers = {"WWW-Authenticate": "Bearer"} if failure.status == 401 else None
        raise HTTPException(failure.status, failure.message, headers=headers)


SettingsDep = Annotated[WebSettings, Depends(get_settings)]
EtrDep = Annotated[EtrCache, Depends(get_etr)]
DutyCacheDep = Annotated[DutyCache, Depends(get_duty_cache)]
CollectedDep = Annotated[CollectedCache, Depends(get_collected)]
ReportsDep = Annotated[DutyCache, Depends(get_reports)]
ResultsDep = Annotated[ResultStore, Depends(get_results)]
JobsDep = Annotated[JobPool, Depends(get_jobs)]
WriteAuth = Depends(require_bearer)
