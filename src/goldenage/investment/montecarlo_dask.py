"""The Monte Carlo over Dask: the same chunks as in-process, computed as Dask tasks.

Each chunk is one ``dask.delayed`` call of :func:`goldenage.investment.montecarlo.simulate_chunk`
with its own ``SeedSequence(seed, spawn_key=(i,))``, so the results equal the in-process
engine's for the same seed. The scheduler is a ``distributed.Client`` when one is active (a
local cluster in the tests, or ``--scheduler ADDRESS``), else Dask's threaded scheduler.

Law: MOU cash-flow distribution clause, via the waterfall.
"""

from __future__ import annotations

import dask

from goldenage.investment.montecarlo import Progress, Simulation, chunks, combine, simulate_chunk
from goldenage.investment.portfolio import Portfolio
from goldenage.investment.terms import MouTerms, mou_terms


def _active_client() -> object | None:
    try:
        from distributed import get_client  # noqa: PLC0415 - optional at run time
    except ImportError:  # pragma: no cover - distributed is a dependency
        return None
    try:
        return get_client()
    except ValueError:
        return None


def simulate_dask(
    portfolio: Portfolio,
    paths: int,
    seed: int,
    progress: Progress | None = None,
    terms: MouTerms | None = None,
) -> Simulation:
    """Simulate ``paths`` paths with one Dask task per chunk; ``progress`` gets paths done."""
    terms = terms or mou_terms()
    plan = chunks(paths)
    tasks = [dask.delayed(simulate_chunk)(portfolio, seed, i, size, terms.split) for i, size in plan]
    client = _active_client()
    if client is None:
        parts = list(dask.compute(*tasks, scheduler="threads"))
        if progress is not None:
            progress(paths)
    else:
        from distributed import as_completed  # noqa: PLC0415

        futures = client.compute(tasks)  # type: ignore[attr-defined]
        order = {future.key: number for number, future in enumerate(futures)}
        done: dict[int, dict] = {}
        for future in as_completed(futures):
            number = order[future.key]
            done[number] = future.result()
            if progress is not None:
                progress(plan[number][1])
        parts = [done[number] for number in range(len(plan))]
    return Simulation(portfolio, paths, seed, "dask", combine(parts), terms)
