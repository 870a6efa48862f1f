"""The collected basis of the effective tariff rate: what importers of goods of Japan really paid.

The statutory ETR (:mod:`goldenage.tariffs.etr`) charges every weighted line at the law's
default: General rate, no importer declaration, loaded on the day of entry. The collected basis
applies, day by day, what real entries do, each step from data or a cited source and none
tuned to 2025-2026 (see ``docs/validation.md``):

1. **Chapter 98** — the 2024 value entered under Chapter 98 provisions (Census reports it
   under its own numbers; ``data/claims/``) joins the weights at the duty the law charges those
   provisions (no IEEPA, Section 122 or Section 301 duty: notes 2(v)(i), 2(aa)(i), 52(a)).
2. **Other: the low-value estimate** — Census's estimate of low-valued transactions
   (9999.95.00.00, no classification) joins the value at no duty, as Census records it.
3. **JP preference**, 4. **civil aircraft**, 5. **other: K and L** — the share of each line's
   value that claimed each program in 2024 (:mod:`goldenage.tariffs.claims`) pays the duty of
   that claim (a ``C`` claim also declares civil-aircraft use: 9903.96.02 and the like).
6. **In transit** — the share of a day's entries loaded before each in-transit cut-off open on
   that day (:mod:`goldenage.tariffs.timing`: days from loading to entry by mode) pays what
   the clause gives (the declaration ``loaded_on`` of :mod:`goldenage.tariffs.in_transit`).
   The clauses cover goods loaded onto a vessel only (19 U.S.C. 1401(a); CBP IEEPA FAQ of
   2025-04-30): only the ocean mode's share of the timing distribution is in transit; air
   entries pay the rate of their day of entry whatever their loading date.
7. **As filed** — where an order made a rate retroactive to entries filed before its HTSUS
   headings existed, those entries pay the rate as filed (:mod:`goldenage.tariffs.as_filed`):
   entries of 2025-08-07..2025-09-15 were filed under 9903.02.30 (+15% stacked on column 1,
   EO 14326) because the 15% inclusive headings of EO 14345 (90 FR 44638) first appear in HTSUS
   2025 Revision 23, implemented from 2025-09-16. Census counts the duty as filed; the
   statutory basis keeps the law as amended.

The rate after each step divided by the same weights gives ``by_cause``: the change each step
makes, in the order above, so that the statutory rate plus the causes is the collected rate.
Everything is computed from the compiled law's amounts, one frame of every weighted line,
segment of constant law and variant (claim, loading interval), and aggregated per segment; the
days then only mix the segment sums with the day's in-transit shares.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import math
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl
from scipy.sparse import csr_matrix

from goldenage.errors import GoldenageError, InputError
from goldenage.params.loader import read_yaml
from goldenage.paths import data_dir
from goldenage.tariffs.as_filed import as_filed_law, windows
from goldenage.tariffs.authorities.in_transit import VESSEL
from goldenage.tariffs.claims import CHAPTER_98, PROGRAMS, SHARE_COLUMNS, Claims, claim_columns, load_claims
from goldenage.tariffs.etr import ORIGIN, period
from goldenage.tariffs.etr_segments import _amounts, _live_weights, _segments
from goldenage.tariffs.hts_revisions import shipped_coverage
from goldenage.tariffs.in_transit import all_clauses
from goldenage.tariffs.kernel import cachefile
from goldenage.tariffs.kernel.engine import AUTHORITIES
from goldenage.tariffs.kernel.store import cache_dir, fingerprint, remove_others
from goldenage.tariffs.law import Law, law_for
from goldenage.tariffs.scenarios import get_scenario
from goldenage.tariffs.schedule import schedule
from goldenage.tariffs.timing import Timing, load_timing
from goldenage.tariffs.weights import load_weights

CAUSES = ("in_transit", "as_filed", "jp_preference", "civil_aircraft", "chapter_98", "other")
# The steps, in order: (name, the cause its change is counted under).
STEPS = (
    ("statutory", None),
    ("chapter_98", "chapter_98"),
    ("low_value", "other"),
    ("jp", "jp_preference"),
    ("civil", "civil_aircraft"),
    ("k_l", "other"),
    ("amended", "in_transit"),
    ("collected", "as_filed"),
)
_PROGRAM_STEP = {"JP": "jp", "C": "civil", "K": "k_l", "L": "k_l"}
UNCLASSIFIED = "unclassified"  # the product group of the low-value estimate


@dataclass(frozen=True)
class Section:
    """A section of the HTSUS: a product group of whole chapters."""

    id: str
    first: int
    last: int
    title: str


@cache
def sections() -> tuple[Section, ...]:
    """Return the HTSUS sections (``data/products/hts_sections.yaml``)."""
    raw = read_yaml(data_dir() / "products" / "hts_sections.yaml")
    return tuple(Section(s["id"], s["chapters"][0], s["chapters"][1], s["title"]) for s in raw["sections"])


def _section_of_chapter() -> np.ndarray:
    """Return the index into :func:`sections` of each chapter 0..99 (-1 for none)."""
    out = np.full(100, -1, dtype=np.int64)
    for index, section in enumerate(sections()):
        out[section.first : section.last + 1] = index
    return out


@dataclass(frozen=True, eq=False)
class CollectedSeries:
    """Daily numerators and denominators of the statutory and collected rates, and of every step.

    ``numerators[step]`` and ``denominators[step]`` are dollars of duty and of weight per day
    (the weights are annual 2024 values: the ratio is the rate); the steps are :data:`STEPS`.
    ``authorities`` splits the collected numerator by authority. ``group_numerators`` and
    ``group_denominators`` (group x day) split the statutory and collected rates by HTSUS
    section (:func:`sections`, plus :data:`UNCLASSIFIED`). ``coverage`` is the share of the
    collected weight the engine computed.
    """

    scenario: str
    weights_source: str
    days: np.ndarray  # datetime64[D]
    numerators: dict[str, np.ndarray]
    denominators: dict[str, np.ndarray]
    authorities: dict[str, np.ndarray]
    coverage: np.ndarray
    statutory_coverage: np.ndarray
    groups: tuple[str, ...]
    group_numerators: dict[str, np.ndarray]  # "statutory" | "collected" -> (groups, days)
    group_denominators: dict[str, np.ndarray]
    evaluated: tuple[dt.date, ...]
    rows: int
    sources: dict[str, Any] = field(default_factory=dict)
    origin: str = ORIGIN

    def __len__(self) -> int:
        return len(self.days)

    def rate(self, step: str, where: slice | np.ndarray | None = None) -> float:
        """Return the rate of a step over some days (ratio of the sums; NaN if no weight)."""
        pick = slice(None) if where is None else where
        numerator = float(self.numerators[step][pick].sum())
        denominator = float(self.denominators[step][pick].sum())
        return numerator / denominator if denominator > 0 else math.nan

    def point(self, where: slice | np.ndarray, basis: str) -> dict[str, Any]:
        """Return ``etr, by_authority, by_cause, coverage`` over some days (rates as fractions)."""
        step = "statutory" if basis == "statutory" else "collected"
        denominator = float(self.denominators[step][where].sum())
        etr = self.rate(step, where)
        if basis == "statutory":
            by_authority = {
                name: _finite(float(self.authorities["statutory:" + name][where].sum()) / denominator)
                if denominator > 0
                else None
                for name in AUTHORITIES
            }
            by_cause = None
            coverage = _mean(self.statutory_coverage[where])
        else:
            by_authority = {
                name: _finite(float(self.authorities[name][where].sum()) / denominator)
                if denominator > 0
                else None
                for name in AUTHORITIES
            }
            by_cause = self.by_cause(where)
            coverage = _mean(self.coverage[where])
        return {
            "etr": _finite(etr),
            "statutory": _finite(self.rate("statutory", where)),
            "by_authority": by_authority,
            "by_cause": by_cause,
            "coverage": coverage,
        }

    def by_cause(self, where: slice | np.ndarray) -> dict[str, float | None]:
        """Return the change each cause makes to the rate over some days (fractions).

        The changes add up to the collected rate less the statutory rate.
        """
        out = dict.fromkeys(CAUSES, 0.0)
        before = self.rate(STEPS[0][0], where)
        for step, cause in STEPS[1:]:
            now = self.rate(step, where)
            out[cause] += now - before  # type: ignore[index, operator]
            before = now
        return {name: _finite(value) for name, value in out.items()}  # type: ignore[arg-type]

    def group_rates(self, where: slice | np.ndarray, basis: str) -> dict[str, dict[str, float | None]]:
        """Return, per product group, its rate and its share of the weight over some days."""
        step = "statutory" if basis == "statutory" else "collected"
        numerators = self.group_numerators[step][:, where].sum(axis=1)
        denominators = self.group_denominators[step][:, where].sum(axis=1)
        total = denominators.sum()
        return {
            group: {
                "etr": _finite(numerators[g] / denominators[g]) if denominators[g] > 0 else None,
                "weight_share": _finite(denominators[g] / total) if total > 0 else None,
            }
            for g, group in enumerate(self.groups)
        }

    def months(self) -> list[tuple[str, np.ndarray]]:
        """Return each calendar month of the series and the mask of its days."""
        months = self.days.astype("datetime64[M]")
        return [(str(month), months == month) for month in np.unique(months)]


def _finite(value: float) -> float | None:
    return None if value is None or not math.isfinite(value) else float(value)


def _mean(values: np.ndarray) -> float | None:
    finite = values[np.isfinite(values)]
    return float(finite.mean()) if finite.size else None


# --- the computation ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Inputs:
    """What the collected basis rests on besides the law.

    ``weights``: ``hts10, value_usd, valid_from, valid_to`` plus the value claiming each program
    (the :data:`~goldenage.tariffs.claims.SHARE_COLUMNS` names, in dollars) and the value entered
    under Chapter 98 (:data:`~goldenage.tariffs.claims.CHAPTER_98`); ``low_value``: the value of
    the unclassified low-value estimate (no duty); ``timing``: loading-to-entry days.
    """

    weights: pl.DataFrame
    source: str
    low_value: float
    timing: Timing
    claims: dict[str, Any]


def shipped_inputs() -> Inputs:
    """Return the shipped inputs: 2024 weights with their claims, Chapter 98 lines, timing."""
    claims = load_claims()
    weights, source = _weights(claims)
    return Inputs(weights, source, claims.unclassified_value(), load_timing(), claims.metadata)


def collected_series(
    start: str | dt.date,
    end: str | dt.date,
    scenario: str | None = None,
    ocean_share: float | None = None,
    inputs: Inputs | None = None,
) -> CollectedSeries:
    """Return the daily statutory and collected rates of goods of Japan, with every step.

    Uses the shipped 2024 import weights, claims (``data/claims/``) and loading-to-entry
    times (``data/timing/``), or ``inputs``. ``ocean_share`` replaces the share of ocean
    freight (a sensitivity run). Bad dates and scenarios raise :class:`InputError` as the
    statutory series does.
    """
    # The coverage of the HTSUS data in use, without loading the compiled law (the stored sums
    # need none): the same days as the compiled law's (goldenage.tariffs.kernel.compiled).
    first, last = period(start, end, coverage=shipped_coverage())
    law = law_for(get_scenario(scenario).name)
    timing = load_timing() if inputs is None else inputs.timing
    timing.pmf(ocean_share)  # refuses a bad share before any work
    if inputs is None:
        segments, given = _shipped_segments(law)
    else:
        given = inputs
        starts = _segments(first, last, law, given.weights)
        segments = _Segments.compute(_live_weights(given.weights, starts, sums=SUMS), starts, law)
    days = np.arange(np.datetime64(first, "D"), np.datetime64(last, "D") + 1)
    return segments.daily(days, given, law.scenario.name, timing, ocean_share)


SUMS = (*SHARE_COLUMNS.values(), CHAPTER_98)
_FORMAT = 4  # bump when the stored sums change meaning (4: the sums of the law as filed)
log = logging.getLogger("goldenage.tariffs")


def _shipped_segments(law: Law) -> tuple[_Segments, Inputs]:
    """Return the segment sums of the shipped inputs over the whole HTSUS coverage, and the inputs' facts.

    The sums depend only on the law and the shipped weights and claims: they are kept in the
    compiled-law store (:mod:`goldenage.tariffs.kernel.store`) under a fingerprint of the rules,
    the law's data and those inputs, so a later process reads a few kilobytes instead of
    evaluating a million rows. Like the compiled law they are a cache folder of data only with
    the SHA-256 of every file (:mod:`goldenage.tariffs.kernel.cachefile`): a changed or
    unreadable one is deleted and computed again, never used. Days and timing are applied
    afterwards (:meth:`_Segments.daily`).
    """
    folder = _store_path(law.scenario.name)
    if folder is not None and folder.is_dir():
        try:  # every file checked against its SHA-256 first (a cache folder of data only)
            arrays, meta = cachefile.read_folder(folder, _Segments.names())
            facts = meta["facts"]
            given = Inputs(
                pl.DataFrame(), facts["source"], facts["low_value"], load_timing(), facts["claims"]
            )
            return _Segments.restore(arrays), given
        except (cachefile.CorruptCacheError, KeyError, TypeError, ValueError) as err:
            log.warning("the stored sums %s are ignored and computed again: %s", folder.name, err)
            cachefile.discard(folder)
    given = shipped_inputs()
    hts = schedule()
    starts = _segments(hts.coverage_start, hts.coverage_end, law, given.weights)
    segments = _Segments.compute(_live_weights(given.weights, starts, sums=SUMS), starts, law)
    if folder is not None:
        facts = {"source": given.source, "low_value": given.low_value, "claims": _claims_facts(given.claims)}
        try:
            folder.parent.mkdir(parents=True, exist_ok=True)
            cachefile.write_folder(folder, segments.export(), {"facts": facts})
            # Those of other rules or data are never read again (and the earlier .npz files).
            remove_others(folder, f"collected-{law.scenario.name}-")
        except (OSError, ValueError, GoldenageError):
            pass  # a store that cannot be written only costs the next run its time
    return segments, given


def _claims_facts(claims: dict[str, Any]) -> dict[str, Any]:
    return {key: claims.get(key) for key in ("built_by", "built_at_commit", "method", "assumptions")}


def _store_path(scenario: str) -> Path | None:
    """Return the cache folder of a scenario's stored sums, named by every input's fingerprint, or None."""
    folder = cache_dir()
    if folder is None:
        return None
    digest = hashlib.sha256(f"collected {_FORMAT} {fingerprint(data_dir())}".encode())
    # The law as filed (data/params/us/ieepa/reciprocal/as_filed_*) is in the fingerprint's params too.
    for name in (load_claims().path, load_weights().path, data_dir() / "products" / "hts_sections.yaml"):
        digest.update(Path(name).read_bytes())
    return folder / f"collected-{scenario}-{digest.hexdigest()[:32]}"


def _weights(claims: Claims) -> tuple[pl.DataFrame, str]:
    """Return the shipped weights with their claimed value columns, plus the Chapter 98 lines.

    Adds to each weight row the value claiming each program (its 2024 code's share times the
    row's value) and appends the Chapter 98 lines of 2024 (open-ended, under their own codes).
    """
    shipped = load_weights()
    census = pl.read_csv(shipped.path, columns=["census_hts10"], schema_overrides={"census_hts10": pl.Utf8})
    if census.height != shipped.frame.height:  # pragma: no cover - the same file read twice
        msg = f"{shipped.path} changed while it was read"
        field_name = "--weights"
        raise InputError(field_name, msg, "the shipped weights")
    shares = claims.shares(census.get_column("census_hts10"))
    frame = shipped.frame.with_columns(
        *(shares.get_column(name) * pl.col("value_usd") for name in SHARE_COLUMNS.values()),
        pl.lit(0.0).alias(CHAPTER_98),
    )
    chapter_98 = claims.chapter_98().select(
        pl.col("census_hts10").alias("hts10"),
        pl.col("value_usd").cast(pl.Float64),
        pl.lit(None, dtype=pl.Date).alias("valid_from"),
        pl.lit(None, dtype=pl.Date).alias("valid_to"),
        *(pl.lit(0.0).alias(name) for name in SHARE_COLUMNS.values()),
        pl.col("value_usd").cast(pl.Float64).alias(CHAPTER_98),
    )
    frame = pl.concat([frame, chapter_98.select(frame.columns)])
    source = (
        f"{shipped.source}; plus the 2024 chapter 98 lines "
        f"(${float(chapter_98['value_usd'].sum()):,.0f}) and "
        f"the low-value estimate 9999.95.00.00 (${claims.unclassified_value():,.0f}, at no duty); claims: "
        f"{claims.source}"
    )
    return frame, source


class _Segments:
    """The per-segment sums of every step and loading interval (see the module docstring)."""

    _DICTS = {
        "duty": ("non98", "98"),
        "value": ("non98", "98", "all", "all_non98"),
        "delta": ("jp", "civil", "k_l"),
    }
    _ARRAYS = (
        "group_statutory",
        "group_value_statutory",
        "group_value",
        "group_mix",
        "mix",
        "group_mix_filed",
    )

    @classmethod
    def compute(cls, live: pl.DataFrame, starts: list[dt.date], law: Law) -> _Segments:
        """Return the sums of the weighted lines ``live`` over the segments beginning on ``starts``."""
        self = cls()
        self.starts = starts
        self.cutoffs = _cutoffs(law, starts)
        self.vessel_only = _vessel_only(law, starts)
        self.intervals = 1 + max((len(c) for c in self.cutoffs), default=0)
        self.rows = 0
        self._sum(live, law)
        return self

    @classmethod
    def names(cls) -> tuple[str, ...]:
        """Return the names of the arrays of :meth:`export`."""
        grouped = tuple(f"{group}_{key}" for group, keys in cls._DICTS.items() for key in keys)
        extra = (
            "mix_authority",
            "mix_authority_filed",
            "statutory_authority",
            "starts",
            "cutoffs",
            "counts",
            "vessel_only",
        )
        return tuple(cls._ARRAYS) + grouped + extra

    def export(self) -> dict[str, np.ndarray]:
        """Return the sums as plain arrays (for the store)."""
        out = {name: getattr(self, name) for name in self._ARRAYS}
        for group, keys in self._DICTS.items():
            table = getattr(self, group)
            out |= {f"{group}_{key}": np.asarray(table.get(key, np.zeros(len(self.starts)))) for key in keys}
        out["mix_authority"] = np.stack([self.mix_authority[name] for name in AUTHORITIES])
        out["mix_authority_filed"] = np.stack([self.mix_authority_filed[name] for name in AUTHORITIES])
        out["statutory_authority"] = np.stack([self.statutory_authority[name] for name in AUTHORITIES])
        out["starts"] = np.array(self.starts, dtype="datetime64[D]")
        cuts = np.full(
            (len(self.starts), max(self.intervals - 1, 1)), np.datetime64("NaT"), dtype="datetime64[D]"
        )
        for seg, found in enumerate(self.cutoffs):
            cuts[seg, : len(found)] = np.array(found, dtype="datetime64[D]")
        out["cutoffs"] = cuts
        out["counts"] = np.array([self.rows, self.intervals, self.n_groups])
        out["vessel_only"] = self.vessel_only
        return out

    @classmethod
    def restore(cls, arrays: dict[str, np.ndarray]) -> _Segments:
        """Return the sums of :meth:`export`."""
        self = cls()
        for name in cls._ARRAYS:
            setattr(self, name, arrays[name])
        for group, keys in cls._DICTS.items():
            setattr(self, group, {key: arrays[f"{group}_{key}"] for key in keys})
        self.mix_authority = dict(zip(AUTHORITIES, arrays["mix_authority"], strict=True))
        self.mix_authority_filed = dict(zip(AUTHORITIES, arrays["mix_authority_filed"], strict=True))
        self.statutory_authority = dict(zip(AUTHORITIES, arrays["statutory_authority"], strict=True))
        self.starts = arrays["starts"].astype(dt.date).tolist()
        self.cutoffs = [
            [day.astype(dt.date) for day in row if not np.isnat(day)] for row in arrays["cutoffs"]
        ]
        self.rows, self.intervals, self.n_groups = (int(x) for x in arrays["counts"])
        self.vessel_only = arrays["vessel_only"].astype(bool)
        return self

    def _variants(self, live: pl.DataFrame) -> dict[str, np.ndarray]:
        """Return the variant rows: line index, program (0 none, 1.. PROGRAMS), interval, loaded_on."""
        value = live.get_column("value_usd").to_numpy()
        segment = live.get_column("segment").to_numpy()
        index = [np.arange(live.height)]
        program = [np.zeros(live.height, dtype=np.int64)]
        for number, claimed in enumerate(PROGRAMS, start=1):
            rows = np.flatnonzero(live.get_column(SHARE_COLUMNS[claimed.symbol]).to_numpy() > 0)
            index.append(rows)
            program.append(np.full(len(rows), number, dtype=np.int64))
        index_all, program_all = np.concatenate(index), np.concatenate(program)
        interval_all = np.zeros(len(index_all), dtype=np.int64)
        loaded_all = np.full(len(index_all), np.datetime64("NaT"), dtype="datetime64[D]")
        extra_index, extra_program, extra_interval, extra_loaded = [], [], [], []
        for seg, cuts in enumerate(self.cutoffs):
            if not cuts:
                continue
            mine = segment[index_all] == seg
            for j, cut in enumerate(cuts, start=1):
                extra_index.append(index_all[mine])
                extra_program.append(program_all[mine])
                extra_interval.append(np.full(int(mine.sum()), j, dtype=np.int64))
                extra_loaded.append(np.full(int(mine.sum()), np.datetime64(cut, "D") - 1))
        if extra_index:
            index_all = np.concatenate([index_all, *extra_index])
            program_all = np.concatenate([program_all, *extra_program])
            interval_all = np.concatenate([interval_all, *extra_interval])
            loaded_all = np.concatenate([loaded_all, *extra_loaded])
        del value
        return {"index": index_all, "program": program_all, "interval": interval_all, "loaded": loaded_all}

    def _sum(self, live: pl.DataFrame, law: Law) -> None:
        """Evaluate every variant row in one frame and sum it per segment, interval and step.

        Each sum is a sparse matrix (cells x rows, the row's coefficient) applied to the amounts:
        one pass over the rows per amount, whatever the number of cells.
        """
        variants = self._variants(live)
        index, program, interval = variants["index"], variants["program"], variants["interval"]
        symbols = np.array([None, *(p.symbol for p in PROGRAMS)], dtype=object)[program]
        rows = live[index]
        value_live = live.get_column("value_usd").to_numpy()
        result = _amounts(
            rows, value_live[index], law, loaded_on=variants["loaded"], **claim_columns(symbols)
        )
        self.rows = n = rows.height
        n_live, n_seg, n_int = live.height, len(self.starts), self.intervals
        # The first n_live rows are the base rows (no claim, loading on entry), one per line, in
        # order: a line whose base row failed is left out; a variant that failed counts as its base.
        line_ok = ~result.failed[:n_live][index]
        amounts = {"total": result.total, **result.components}
        substitute = np.flatnonzero(result.failed & line_ok)
        for values in amounts.values():
            np.nan_to_num(values, copy=False)
            values[substitute] = values[index[substitute]]
        share = np.zeros(n)
        claimed = np.zeros(n_live)
        for number, claimed_program in enumerate(PROGRAMS, start=1):
            column = live.get_column(SHARE_COLUMNS[claimed_program.symbol]).to_numpy() / value_live
            mine = program == number
            share[mine] = column[index[mine]]
            claimed += column
        plain_rows = program == 0
        share[plain_rows] = np.clip(1.0 - claimed, 0.0, 1.0)[index[plain_rows]]
        segment = live.get_column("segment").to_numpy()[index]
        chapter = (
            live.get_column("hts10").str.slice(0, 2).cast(pl.Int64, strict=False).fill_null(0).to_numpy()
        )
        is_98 = (chapter == 98)[index]
        n_groups = len(sections()) + 1
        group = _section_of_chapter()[chapter][index]
        group = np.where(group < 0, n_groups - 1, group)
        weight = value_live[index]
        ones = np.ones(n)

        def matrix(cells: np.ndarray, mask: np.ndarray, coefficient: np.ndarray, size: int) -> csr_matrix:
            where = np.flatnonzero(mask)
            return csr_matrix((coefficient[where], (cells[where], where)), shape=(size, n))

        entry = (interval == 0) & plain_rows  # the base rows
        base = entry & line_ok
        by_group = segment * n_groups + group
        statutory = matrix(by_group, base & ~is_98, ones, n_seg * n_groups)  # chapters 01-97
        every = matrix(by_group, base, ones, n_seg * n_groups)  # with chapter 98
        mixed = matrix(
            (segment * n_int + interval) * n_groups + group, line_ok, share, n_seg * n_int * n_groups
        )

        def groups_of(sums: np.ndarray, *shape: int) -> np.ndarray:
            return np.asarray(sums).reshape(*shape, n_groups)

        self.group_statutory = groups_of(statutory @ amounts["total"], n_seg)
        self.group_value_statutory = groups_of(statutory @ weight, n_seg)
        self.group_value = groups_of(every @ weight, n_seg)
        self.group_mix = groups_of(mixed @ amounts["total"], n_seg, n_int)
        self.mix = self.group_mix.sum(axis=2)
        self.mix_authority = {
            name: groups_of(mixed @ amounts[name], n_seg, n_int).sum(axis=2) for name in AUTHORITIES
        }
        self.statutory_authority = {
            name: groups_of(statutory @ amounts[name], n_seg).sum(axis=1) for name in AUTHORITIES
        }
        filed = self._filed_amounts(law, rows, value_live[index], variants, symbols, segment, amounts)
        self.group_mix_filed = groups_of(mixed @ filed["total"], n_seg, n_int)
        self.mix_authority_filed = {
            name: groups_of(mixed @ filed[name], n_seg, n_int).sum(axis=2) for name in AUTHORITIES
        }
        duty_all = groups_of(every @ amounts["total"], n_seg).sum(axis=1)
        self.duty = {"non98": self.group_statutory.sum(axis=1)}
        self.duty["98"] = duty_all - self.duty["non98"]
        self.value = {
            "non98": self.group_value_statutory.sum(axis=1),
            "98": self.group_value.sum(axis=1) - self.group_value_statutory.sum(axis=1),
            "all": np.bincount(segment[entry], weights=weight[entry], minlength=n_seg),
            "all_non98": np.bincount(
                segment[entry & ~is_98], weights=weight[entry & ~is_98], minlength=n_seg
            ),
        }
        base_of = np.zeros(n_live)
        base_of[index[entry]] = amounts["total"][entry]
        self.delta = {}
        for number, claimed_program in enumerate(PROGRAMS, start=1):
            mine = (interval == 0) & line_ok & (program == number)
            gain = share[mine] * (amounts["total"][mine] - base_of[index[mine]])
            step = _PROGRAM_STEP[claimed_program.symbol]
            self.delta[step] = self.delta.get(step, 0.0) + np.bincount(
                segment[mine], weights=gain, minlength=n_seg
            )
        self.n_groups = n_groups

    def _filed_amounts(
        self,
        law: Law,
        rows: pl.DataFrame,
        value: np.ndarray,
        variants: dict[str, np.ndarray],
        symbols: np.ndarray,
        segment: np.ndarray,
        amounts: dict[str, np.ndarray],
    ) -> dict[str, np.ndarray]:
        """Return the amounts of every variant row under the law as filed (:mod:`.as_filed`).

        Only the rows of segments whose entries were filed otherwise are evaluated again; the
        others, and a row the law as filed cannot compute, keep the law as amended.
        """
        filed_law = as_filed_law(law.scenario.name)
        if filed_law is None:
            return amounts
        # The edges of the days as filed are breakpoints of the law (its parameters are in the
        # law's data), so a segment is inside them whole when its first day is.
        starts = np.array(self.starts, dtype="datetime64[D]")
        inside = np.zeros(len(starts), dtype=bool)
        for first, last, _ in windows():
            after = starts >= np.datetime64(first, "D")
            inside |= after if last is None else after & (starts <= np.datetime64(last, "D"))
        picked = np.flatnonzero(inside[segment])
        if not picked.size:
            return amounts
        result = _amounts(
            rows[picked],
            value[picked],
            filed_law,
            loaded_on=variants["loaded"][picked],
            **claim_columns(symbols[picked]),
        )
        ok = ~result.failed
        out = {}
        for name, values in amounts.items():
            again = result.total if name == "total" else result.components[name]
            changed = values.copy()
            changed[picked[ok]] = np.nan_to_num(again[ok])
            out[name] = changed
        return out

    def interval_shares(
        self, days: np.ndarray, seg: np.ndarray, timing: Timing, ocean_share: float | None
    ) -> np.ndarray:
        """Return, per day, the share of its entries loaded in each interval (day x interval).

        In a segment whose clauses cover goods loaded onto a vessel only, the share is that of
        the ocean mode (air entries stay in interval 0: their loading date changes nothing).
        """
        out = np.zeros((len(days), self.intervals))
        out[:, 0] = 1.0
        for s, cuts in enumerate(self.cutoffs):
            if not cuts:
                continue
            mine = np.flatnonzero(seg == s)
            before = np.zeros(len(mine))
            for j, cut in enumerate(cuts, start=1):
                since = (days[mine] - np.datetime64(cut, "D")).astype(np.int64)
                modes = (VESSEL,) if self.vessel_only[s] else None
                loaded = timing.loaded_before(since, ocean_share, modes)
                out[mine, j] = loaded - before
                before = loaded
            out[mine, 0] = 1.0 - before
        return out

    def daily(
        self, days: np.ndarray, given: Inputs, scenario: str, timing: Timing, ocean_share: float | None
    ) -> CollectedSeries:
        """Return the series of ``days`` from the segment sums, with the day's in-transit shares."""
        seg = np.searchsorted(np.array(self.starts, dtype="datetime64[D]"), days, side="right") - 1
        mix = self.interval_shares(days, seg, timing, ocean_share)
        low_value = given.low_value
        n0, d0 = self.duty["non98"][seg], self.value["non98"][seg]
        n98, d98 = self.duty["98"][seg], self.value["98"][seg]
        d_all = d0 + d98 + low_value
        numerators = {"statutory": n0, "chapter_98": n0 + n98, "low_value": n0 + n98}
        running = n0 + n98
        for step in ("jp", "civil", "k_l"):
            running = running + self.delta.get(step, np.zeros(len(self.starts)))[seg]
            numerators[step] = running
        # In transit: the entries loaded in each interval pay its mix instead of the plain one
        # (interval 0); written as a change so that a day without a clause adds exactly nothing.
        plain = self.mix[seg][:, :1]
        numerators["amended"] = running + (mix[:, 1:] * (self.mix[seg][:, 1:] - plain)).sum(axis=1)
        # As filed: each interval's entries pay the law as filed instead of the law as amended.
        filed = self.group_mix_filed.sum(axis=2)
        numerators["collected"] = numerators["amended"] + (mix * (filed[seg] - self.mix[seg])).sum(axis=1)
        denominators = {
            "statutory": d0,
            "chapter_98": d0 + d98,
            **{step: d_all for step in ("low_value", "jp", "civil", "k_l", "amended", "collected")},
        }
        authorities = {name: (mix * self.mix_authority_filed[name][seg]).sum(axis=1) for name in AUTHORITIES}
        authorities |= {"statutory:" + name: self.statutory_authority[name][seg] for name in AUTHORITIES}
        weight_all = self.value["all"][seg] + low_value
        with np.errstate(invalid="ignore", divide="ignore"):
            coverage = np.where(weight_all > 0, d_all / weight_all, np.nan)
            statutory_coverage = np.where(
                self.value["all_non98"][seg] > 0, d0 / self.value["all_non98"][seg], np.nan
            )
        group_collected = np.einsum("dj,djg->gd", mix, self.group_mix_filed[seg])
        group_value = self.group_value[seg].T.copy()
        group_value[-1] += low_value  # the low-value estimate: no classification, no duty
        names = (*(s.id for s in sections()), UNCLASSIFIED)
        return CollectedSeries(
            scenario=scenario,
            weights_source=given.source,
            days=days,
            numerators=numerators,
            denominators=denominators,
            authorities=authorities,
            coverage=coverage,
            statutory_coverage=statutory_coverage,
            groups=names,
            group_numerators={"statutory": self.group_statutory[seg].T, "collected": group_collected},
            group_denominators={"statutory": self.group_value_statutory[seg].T, "collected": group_value},
            evaluated=tuple(
                start for start in self.starts if days[0] <= np.datetime64(start, "D") <= days[-1]
            ),
            rows=self.rows,
            sources=_sources(given.claims, timing, ocean_share),
        )


def _cutoffs(law: Law, starts: list[dt.date]) -> list[list[dt.date]]:
    """Return, per segment, the sorted loading cut-offs of the in-transit clauses open to its entries."""
    clauses = all_clauses(law)
    out = []
    for start in starts:
        open_ = {
            c.loaded_before
            for c in clauses
            if c.first_entry <= start and (c.last_entry is None or start <= c.last_entry)
        }
        out.append(sorted(open_))
    return out


def _vessel_only(law: Law, starts: list[dt.date]) -> np.ndarray:
    """Return, per segment, whether the in-transit clauses open to its entries cover vessel shipments only.

    Every clause of the law as shipped does (``<clause>_vessel_only``). A segment whose open
    clauses disagree cannot be split by mode with one loading interval per cut-off: refused.
    """
    clauses = all_clauses(law)
    out = np.zeros(len(starts), dtype=bool)
    for seg, start in enumerate(starts):
        flags = {
            c.vessel_only
            for c in clauses
            if c.first_entry <= start and (c.last_entry is None or start <= c.last_entry)
        }
        if len(flags) > 1:
            msg = (
                f"the in-transit clauses open on {start} disagree on whether they cover vessel shipments "
                "only; the collected basis needs them to agree (data/params/us/*/in_transit_*_vessel_only)"
            )
            raise GoldenageError(msg)
        out[seg] = flags == {True}
    return out


def _sources(claims: dict[str, Any], timing: Timing, ocean_share: float | None) -> dict[str, Any]:
    """Return the inputs and assumptions of the collected basis, as JSON-ready data."""
    return {
        "claims": {
            "file": "data/claims/claims_japan_2024.csv",
            "built_by": claims.get("built_by"),
            "built_at_commit": claims.get("built_at_commit"),
            "method": claims.get("method"),
            "assumptions": claims.get("assumptions"),
        },
        "timing": {
            "file": "data/timing/transit_japan.yaml",
            "ocean_share": ocean_share if ocean_share is not None else timing.modes["ocean"].share,
            "ocean_share_shipped": timing.modes["ocean"].share,
            "entry_lag_days": timing.entry_lag_days,
            "in_transit_modes": "ocean only: the in-transit clauses cover goods loaded onto a vessel "
            "(19 U.S.C. 1401(a); CBP IEEPA FAQ of 2025-04-30; data/params/us/*/in_transit_*_vessel_only)",
            "days": {
                name: {"from": m.days.from_, "to": m.days.to, "distribution": m.days.distribution}
                for name, m in timing.modes.items()
            },
            "citations": timing.citations(),
        },
        "steps": [step for step, _ in STEPS],
        "assumptions": [
            "entries are spread evenly over the calendar days of a month",
            "the 2024 value of each line is the weight of every day (trade shifts since 2024 are ignored)",
            "the share of value claiming each program is that of 2024 (data/claims/)",
            "one loading-to-entry distribution for every line (data/timing/)",
            "entries of 2025-08-07..2025-09-15 pay the reciprocal rate as filed, 9903.02.30 (+15% stacked), "
            "not the 15% inclusive rate made retroactive to them by EO 14345: its headings were in the "
            "HTSUS from Revision 23 only (2025-09-16; data/params/us/ieepa/reciprocal/as_filed_jp_stacked_*)",
            "only the ocean share of a day's entries can be in transit: the clauses cover vessel "
            "shipments only",
            "lines the engine cannot compute (a specific or compound rate needs a quantity) are left out of "
            "duty and value, as in the statutory rate",
        ],
    }


__all__ = [
    "Inputs",
    "shipped_inputs",
    "CAUSES",
    "STEPS",
    "UNCLASSIFIED",
    "CollectedSeries",
    "Section",
    "collected_series",
    "sections",
]
