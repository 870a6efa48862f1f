"""The app factory: ``create_app()`` wires settings, middleware, error handlers and routers.

Run it with ``goldenage serve`` (uvicorn). Everything the pages load (Plotly, styles, scripts)
is served by the app itself; the API documentation at ``/docs`` is rendered from
``/openapi.json`` by the app too.
"""

from __future__ import annotations

import gc
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI
from fastapi.concurrency import run_in_threadpool
from fastapi.staticfiles import StaticFiles

from goldenage import __version__
from goldenage.tariffs.calc import duty
from goldenage.tariffs.etr import EtrSeries
from goldenage.tariffs.law import law_for
from goldenage.tariffs.scenarios import DEFAULT_SCENARIO
from goldenage.tariffs.schedule import schedule
from goldenage.web.caches import CollectedCache, DutyCache, EtrCache, compute_etr
from goldenage.web.errors import install_error_handlers
from goldenage.web.jobs import JobPool
from goldenage.web.limits import (
    BodyLimitMiddleware,
    HeadAsGetMiddleware,
    SecurityHeadersMiddleware,
)
from goldenage.web.responses import FiniteJSONResponse
from goldenage.web.results import ResultStore
from goldenage.web.routes import (
    api_commitments,
    api_data,
    api_invest,
    api_minerals,
    api_tariff,
    batch,
    commitments,
    investment,
    minerals,
    overview,
    system,
    tariff,
)
from goldenage.web.routes.api_tariff import DutyFastPath
from goldenage.web.settings import WebSettings
from goldenage.web.tracker import Tracker

STATIC = Path(__file__).resolve().parent / "static"
DESCRIPTION = """\
The JSON API of goldenage, the 2025 US-Japan agreements as code. Each route returns the JSON of
the matching CLI command (`goldenage tariff duty --json` ...). Bad parameters get a 422 whose
message names the parameter. Writes (commitment updates) need `Authorization: Bearer <token>`
equal to `GOLDENAGE_API_TOKEN`.
"""
TAGS = [
    {"name": "tariff", "description": "US duty on goods of Japan (goldenage tariff ...)."},
    {"name": "invest", "description": "The $550 billion investment MOU (goldenage invest ...)."},
    {"name": "minerals", "description": "The rare-earth magnet supply chain (goldenage minerals ...)."},
    {"name": "commitments", "description": "The summit commitments tracker (goldenage commitments ...)."},
    {"name": "data", "description": "The datasets: edition, as-of date and source (goldenage data status)."},
    {"name": "system", "description": "Health of the app."},
]


def preload() -> None:
    """Load the shipped law and HTSUS now, then freeze them out of the garbage collector's scans.

    The engine's tables are hundreds of thousands of long-lived objects; a full collection
    would walk all of them (about 0.1 s) every few hundred requests. ``gc.freeze`` moves what
    exists now to a permanent generation, so request latency does not carry those pauses.
    """
    law_for(DEFAULT_SCENARIO)
    duty("8703.23.01.90", "JP", schedule().latest.effective_date, 1)
    gc.collect()
    gc.freeze()


def create_app(settings: WebSettings | None = None) -> FastAPI:
    """Return the goldenage web app configured by ``settings`` (default: the environment)."""
    settings = settings or WebSettings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        await run_in_threadpool(app.state.results.open)  # deletes what a crashed server left
        if settings.preload:
            await run_in_threadpool(preload)
        if settings.warm_etr:
            app.state.etr.start_warming(then=app.state.collected.warm)
        yield
        app.state.results.close()
        app.state.tracker.close()
        app.state.jobs.close()

    app = FastAPI(
        title="goldenage",
        version=__version__,
        description=DESCRIPTION,
        openapi_tags=TAGS,
        docs_url=None,
        redoc_url=None,
        openapi_url="/openapi.json",
        lifespan=lifespan,
        default_response_class=FiniteJSONResponse,
    )
    app.state.settings = settings
    jobs = JobPool(settings.job_workers, settings.job_timeout_seconds, settings.job_queue)
    app.state.jobs = jobs

    def etr_in_a_worker(name: str) -> EtrSeries:
        return jobs.call(f"the ETR series of scenario {name}", compute_etr, name)

    app.state.etr = EtrCache(etr_in_a_worker)
    app.state.collected = CollectedCache(lambda what, function: app.state.jobs.call(what, function))
    app.state.reports = DutyCache(settings.duty_cache_size)  # JSON of ETR reports and savings by query
    app.state.duty_cache = DutyCache(settings.duty_cache_size)
    app.state.cheap_lines = set()  # plain lines answered on the event loop (api_tariff.duty_json)
    app.state.results = ResultStore(
        settings.results_ttl_seconds, settings.results_dir, settings.max_results_bytes
    )
    app.state.tracker = Tracker(settings.db_url)
    install_error_handlers(app)
    app.router.redirect_slashes = False  # a redirect built from the Host header (issue 17)
    app.add_middleware(DutyFastPath)  # innermost: under the limits and the security headers
    app.add_middleware(
        BodyLimitMiddleware, limit=settings.max_upload_bytes, timeout=settings.body_timeout_seconds
    )
    app.add_middleware(HeadAsGetMiddleware)
    app.add_middleware(SecurityHeadersMiddleware)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    for module in (
        system,
        overview,
        tariff,
        batch,
        investment,
        minerals,
        commitments,
        api_tariff,
        api_invest,
        api_minerals,
        api_commitments,
        api_data,
    ):
        app.include_router(module.router)
    return app
