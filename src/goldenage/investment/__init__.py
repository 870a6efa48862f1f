"""The US-Japan $550 billion strategic-investment MOU as code.

Law: Memorandum of Understanding between the United States and Japan regarding strategic
investments, signed 2025-09-04 (as quoted and summarised by the sources cited in
``data/params/investment/``; the MOU's own text was not reachable).

Modules, one job each: :mod:`terms` (the MOU's cited terms), :mod:`assumptions` (modelling
assumptions, not law), :mod:`timing` (period grids, instalments, dated cash flows),
:mod:`waterfall` (the vectorised cash-flow split), :mod:`returns` (vectorised IRR and NPV),
:mod:`evaluate` (one project), :mod:`calendar` and :mod:`lifecycle` (selection notice, funding
window, decline), :mod:`projects` (announced projects), :mod:`portfolio`, :mod:`montecarlo`
and :mod:`montecarlo_dask` (simulation); :mod:`inputs`, :mod:`datafile` and :mod:`errors`
(validation, data files, errors). See docs/investment.md.
"""
