"""Malformed and hostile files for every file input (CSV, Parquet, YAML, JSON), made on demand.

Names tell what each file is; ``good`` files exist too, so that a fuzzer also reaches the
engines. Used by the CLI fuzzing and by the file tests of this folder.
"""

from __future__ import annotations

import contextlib
import gzip
import io
from pathlib import Path

import polars as pl
import pytest

from goldenage.cli.app import main

ENTRIES = (
    "entry_number,hts10,origin,entry_date,customs_value\n"
    "E1,8479.50.00.00,JP,2025-06-01,200000\n"
    "E2,8703.23.01.90,JP,2025-10-01,30000\n"
)
NETWORK = (
    "name: example\ntime_unit: month\nnodes:\n  - {id: A, capacity: 120}\n  - {id: B, capacity: 40}\n"
    "  - {id: plant, demand: 100, inventory: 300}\nedges:\n  - [A, plant]\n  - [B, plant]\n"
)
PROJECT = "amount: 1000\ncash_flows: [200, 300, 900]\n"
PORTFOLIO = (
    "projects:\n  - name: A\n    amount: 1000\n    years: 5\n"
    "    cash_flow: {distribution: lognormal, median: 300, sigma: 0.4}\n"
    "    deemed_rate: {distribution: fixed, value: 0.05}\n"
)
WEIGHTS = "hts10,value_usd\n8703230190,1000000\n8479500000,500000\n"
BOMB = "a: &a [1,1,1,1,1,1,1,1,1]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{','.join([f'*{chr(97 + i)}'] * 9)}]\n" for i in range(8)
)


def _parquet(frame: pl.DataFrame) -> bytes:
    buffer = io.BytesIO()
    frame.write_parquet(buffer)
    return buffer.getvalue()


def hostile_contents() -> dict[str, bytes]:
    """Return file name -> content of every hostile and good file."""
    good_parquet = _parquet(pl.read_csv(io.StringIO(ENTRIES), infer_schema=False))
    rows = ENTRIES.split("\n", 1)[1]
    return {
        # entry lines (tariff batch, refunds; web uploads)
        "entries.csv": ENTRIES.encode(),
        "entries.parquet": good_parquet,
        "entries_bom.csv": b"\xef\xbb\xbf" + ENTRIES.encode(),
        "entries_semicolon.csv": ENTRIES.replace(",", ";").encode(),
        "entries_gzip.csv": gzip.compress((ENTRIES + rows * 2000).encode()),
        "entries_huge_cell.csv": (
            ENTRIES + "E3,8703.23.01.90,JP,2025-10-01," + "9" * 1_000_000 + "\n"
        ).encode(),
        "entries_latin1.csv": ENTRIES.replace("E1", "\xc9\xe9").encode("latin-1"),
        "entries_header_only.csv": ENTRIES.split("\n", 1)[0].encode() + b"\n",
        "entries_inf.csv": ENTRIES.replace("200000", "inf").replace("30000", "1e308").encode(),
        "entries_nul.csv": ENTRIES.replace("JP", "J\x00P", 1).encode(),
        "entries_quotes.csv": (ENTRIES + '"E3,"8703""' + "\n").encode(),
        "empty.csv": b"",
        "garbage.parquet": b"PAR1" + bytes(range(256)) * 20 + b"PAR1",
        "truncated.parquet": good_parquet[: len(good_parquet) // 2],
        "wrong_types.parquet": _parquet(
            pl.DataFrame(
                {
                    "entry_number": [1, 2],
                    "hts10": [8703230190, 1],
                    "origin": [True, False],
                    "entry_date": [1.5, -2.0],
                    "customs_value": [[1], [2]],
                }
            )
        ),
        # YAML (minerals --network, invest --file) and JSON (YAML's subset)
        "network.yaml": NETWORK.encode(),
        "network_bomb.yaml": (NETWORK + BOMB).encode(),
        "network_deep.yaml": (NETWORK + "x: " + "[" * 200 + "]" * 200 + "\n").encode(),
        "network_latin1.yaml": NETWORK.replace("example", "caf\xe9").encode("latin-1"),
        "network_bom.yaml": b"\xef\xbb\xbf" + NETWORK.encode(),
        "network_tabs.yaml": NETWORK.replace("  ", "\t").encode(),
        "network_huge.yaml": NETWORK.replace("capacity: 120", "capacity: 1.0e+308").encode(),
        "network.json": b'{"name": "j", "time_unit": "month", "nodes": [{"id": "A", "capacity": 1e308}]}',
        "project.yaml": PROJECT.encode(),
        "project_huge.json": b'{"amount": 1e308, "cash_flows": [1e308, 1e308]}',
        "project_bomb.yaml": (PROJECT + BOMB).encode(),
        "portfolio.yaml": PORTFOLIO.encode(),
        "portfolio_python_tag.yaml": b"projects: !!python/object/apply:os.system ['true']\n",
        "binary.yaml": bytes(range(256)) * 4,
        # import weights (tariff etr --weights)
        "weights.csv": WEIGHTS.encode(),
        "weights_inf.csv": WEIGHTS.replace("1000000", "inf").encode(),
    }


def write_hostile_files(folder: Path) -> dict[str, Path]:
    """Write every file of :func:`hostile_contents` into ``folder``; return name -> path.

    Also names paths that are no regular file: a missing one, a folder, ``/dev/zero``.
    """
    folder.mkdir(parents=True, exist_ok=True)
    paths = {}
    for name, content in hostile_contents().items():
        path = folder / name
        path.write_bytes(content)
        paths[name] = path
    paths["missing.csv"] = folder / "missing.csv"
    (folder / "folder.yaml").mkdir(exist_ok=True)
    paths["folder.yaml"] = folder / "folder.yaml"
    paths["/dev/zero"] = Path("/dev/zero")
    return paths


def run_cli(argv: list[str]) -> tuple[int, str, str]:
    """Run the CLI in this process; return the exit code, stdout and stderr.

    Any exception other than the CLI's own exit fails the calling test (a traceback).
    """
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):  # noqa: SIM117
        with pytest.raises(SystemExit) as caught:
            main(argv)
    code = caught.value.code
    return (code if isinstance(code, int) else 0 if code is None else 1), out.getvalue(), err.getvalue()
