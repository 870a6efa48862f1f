"""Hypothesis over every CLI command's options: no traceback, exit 0 or 2, one line on errors.

Every command of the ``goldenage`` tree is found by walking it (a new command is fuzzed
without a change here); each example picks options and arguments and gives each a value
that is either one of a list of hostile values (huge, non-finite, negative, empty, control
characters, other alphabets, paths that cannot be written...) or a plausible one, so that
both the refusals and the computations run. An output path is always one of a fixed list
inside the test's folder (a fuzzer running as root must never write /etc). The run is
derandomized (the same examples every run) and the count is printed for docs/security.md.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import click
import pytest
import typer
from hostile_files import run_cli, write_hostile_files
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from goldenage.cli.app import app

HOSTILE = [
    "",
    " ",
    "-1",
    "0",
    "-0",
    "1e308",
    "-1e308",
    "1e-400",
    "inf",
    "-inf",
    "nan",
    "NaN",
    "9" * 400,
    "1e35",
    "1,000,000",
    "$5",
    "1_0",
    "0x10",
    "2025-13-01",
    "2025-02-30",
    "1900-01-01",
    "9999-12-31",
    "\x00",
    "a\x00b",
    "\x1b[31m",
    "é",
    "日本",
    "🙂",
    "%s%n",
    "${jndi:ldap://x}",
    "'; DROP TABLE commitments; --",
    "<script>",
    "x" * 5000,
    "--json",
]
# Plausible values by option, so that the engines run too.
GOOD: dict[str, list[str]] = {
    "--hts": ["8703.23.01.90", "8703230190", "8479.50.00.00", "2206.00.45.00", "9999.99.99.99", "8703.23.01"],
    "--origin": ["JP", "CN", "jp"],
    "--date": ["2025-10-01", "2026-03-01", "2026-12-06"],
    "--from": ["2025-09-01", "2026-11-01"],
    "--to": ["2025-09-30", "2026-11-30"],
    "--value": ["30000", "1", "1e15", "0.01"],
    "--quantity": ["10", "0", "1e15"],
    "--unit": ["kg", "liter", "doz.", "furlong"],
    "--transport": ["ocean", "air", "land", "rail"],
    "--scenario": ["actual", "no_deal", "nope"],
    "--preference": ["JP", "XX"],
    "--metal-value": ["100", "0", "40000"],
    "--pharma": ["patented", "generic", "maybe"],
    "--vehicle-part": ["yes", "no", "perhaps"],
    "--freight": ["1200", "0", "1e15"],
    "--insurance": ["300", "0"],
    "--other-costs": ["50"],
    "--basis": ["FOB", "CIF", "DDP"],
    "--amount": ["1000000000", "1e15"],
    "--cash-flow": ["150000000", "0"],
    "--years": ["20", "1", "100", "101"],
    "--deemed-rate": ["0.05", "-0.5", "1"],
    "--paths": ["1", "10", "100"],
    "--seed": ["0", "42"],
    "--engine": ["inprocess", "dask", "gpu"],
    "--scheduler": ["nonsense://x", "tcp://", "::::"],
    "--day-count": ["business", "calendar", "lunar"],
    "--disrupt": ["CHN_mine", "CHN_mine=0.5", "NOPE", "CHN_mine,CHN_mine", "=1"],
    "--ttr": ["6", "12", "0", "1201"],
    "--year": ["2025", "2035", "1999"],
    "--after-projects": ["2028", "-5"],
    "--stage": ["mine", "magnet", "moon"],
    "--group": ["all", "light", "heavy", "dark"],
    "--node": ["USA_magnet_demand", "NOPE"],
    "--price": ["100", "0"],
    "--budget": ["500000000", "0"],
    "--objective": ["min-tts", "non-allied", "max-fun"],
    "--project": ["nope"],
    "--limit": ["1", "20", "50", "51"],
    "--as-of": ["2026-06-30", "2026-12-06", "2030-01-01"],
    "--status": ["pending", "done", "exploded"],
    "--party": ["Japan", "US", "Mars"],
    "--due-before": ["2026-01-01"],
    "--evidence": ["https://example.org/report", "not a url", "javascript:alert(1)"],
    "--note": ["a summary", "line\nbreak"],
    "--evidence-date": ["2026-01-01", "2099-01-01"],
    "--by": ["tester", "x" * 200],
    "--host": ["127.0.0.1", "::1", "256.1.1.1", "localhost", "not a host", "a" * 300],
    "--port": ["8000", "0", "65536", "-1"],
    "--workers": ["1", "2", "0", "65"],
    "commitment_id": ["CM-01", "cm-02", "CM-999"],
    "code": ["8703.23.01.90", "8703", "9999999999"],
    "query": ["passenger motor vehicles", "8703", "robot", "zzzz"],
    "name": ["cn_export_halt", "cn_2025_10_expansion", "nope", "../../etc/passwd"],
}
# File inputs: one of the hostile files (tests/adversarial/hostile_files.py) or a good one.
FILE_OPTIONS = {"--file", "--network", "--weights", "source", "entries"}
# Outputs: only these names, inside the test's folder.
OUTPUTS = [
    "out.csv",
    "out.parquet",
    "out.ics",
    "out.txt",
    "missing/out.csv",
    "adir",
    "good.csv",
    "/proc/version",
]
OUTPUT_OPTIONS = {"target", "path"}
# Commands whose plausible runs are slow are given fewer examples (the count is still >= 2,000).
SLOW = {
    "tariff etr": 15,
    "tariff compile": 4,  # a compile of every scenario takes tens of seconds (issue 20)
    "tariff savings": 10,  # four ETR series a run
    "tariff timeline": 40,
    "invest simulate": 40,
    "minerals optimise": 30,
}
PER_COMMAND = 90


def _commands() -> list[tuple[str, click.Command]]:
    root = typer.main.get_command(app)
    context = click.Context(root)
    found: list[tuple[str, click.Command]] = []

    def walk(command: click.Command, path: list[str]) -> None:
        if hasattr(command, "list_commands"):
            for name in command.list_commands(context):
                walk(command.get_command(context, name), [*path, name])  # type: ignore[arg-type]
        else:
            found.append((" ".join(path), command))

    walk(root, [])
    return found


COMMANDS = _commands()
TOTAL = sum(SLOW.get(name, PER_COMMAND) for name, _ in COMMANDS)


def _name(parameter: click.Parameter) -> str:
    if parameter.param_type_name == "option":
        return parameter.opts[0]
    return parameter.name or ""


def _values(parameter: click.Parameter, files: dict[str, Path]) -> st.SearchStrategy[str]:
    name = _name(parameter)
    if name in OUTPUT_OPTIONS:
        return st.sampled_from(OUTPUTS)
    if name in FILE_OPTIONS:
        return st.sampled_from(sorted(str(path) for path in files.values()))
    good = GOOD.get(name, [])
    options = [st.sampled_from(HOSTILE), st.text(max_size=30)]
    if good:
        options.insert(0, st.sampled_from(good))
    return st.one_of(*options)


@st.composite
def _argv(draw: st.DrawFn, path: str, command: click.Command, files: dict[str, Path]) -> list[str]:
    argv = path.split()
    for parameter in command.params:
        name = _name(parameter)
        if parameter.param_type_name == "argument":
            if draw(st.integers(0, 9)) == 0:  # now and then, leave a required argument out
                continue
            argv.append(draw(_values(parameter, files)))
            continue
        if not draw(st.booleans()):
            continue
        if getattr(parameter, "is_flag", False):
            argv.append(name)
        else:
            argv += [name, draw(_values(parameter, files))]
    if draw(st.integers(0, 19)) == 0:
        argv.append(draw(st.sampled_from(["--nope", "--help", "extra"])))
    return argv


@pytest.fixture(scope="module")
def workplace(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Path]]:
    """A folder with hostile and good input files, a database, and the cwd set to it."""
    folder = tmp_path_factory.mktemp("fuzz")
    files = write_hostile_files(folder / "in")
    (folder / "adir").mkdir()
    (folder / "good.csv").write_bytes(files["entries.csv"].read_bytes())
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(folder)
        patch.setenv("GOLDENAGE_DB_URL", f"sqlite:///{folder / 'commitments.db'}")
        patch.setenv("GOLDENAGE_USER", "fuzzer")
        patch.setattr("uvicorn.Server.run", _no_server)
        patch.setattr("uvicorn.run", _no_servers)  # serve --workers N: N processes
        saved = dict(os.environ)  # serve --workers N puts what its processes share there
        yield files
        os.environ.clear()
        os.environ.update(saved)


def _no_server(self: object) -> None:
    self.started = True  # type: ignore[attr-defined]  # the options were checked: do not serve


def _no_servers(*args: object, **kwargs: object) -> None:
    """Do not start server processes (the options were checked)."""


RESULTS: dict[str, dict[int, int]] = {}


@pytest.mark.parametrize(("path", "command"), COMMANDS, ids=[name for name, _ in COMMANDS])
def test_every_command_refuses_cleanly_or_answers(
    path: str, command: click.Command, workplace: dict[str, Path]
) -> None:
    counts = RESULTS.setdefault(path, {})

    @settings(
        max_examples=SLOW.get(path, PER_COMMAND),
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(argv=_argv(path, command, workplace))
    def check(argv: list[str]) -> None:
        code, out, err = run_cli(argv)
        counts[code] = counts.get(code, 0) + 1
        if "--json" in argv:  # JSON has no Infinity or NaN (--value 1e308 printed Infinity)
            assert "Infinity" not in out, (argv, out[:300])
            assert "NaN" not in out, (argv, out[:300])
        assert code in (0, 2), (argv, code, err)
        assert "Traceback" not in err, (argv, err)
        if code == 2:  # noqa: PLR2004
            lines = [line for line in err.splitlines() if line.startswith("error:")]
            assert len(lines) == 1, (argv, err)

    check()


def test_the_fuzzing_covered_every_command_and_2000_examples() -> None:
    assert len(COMMANDS) >= 28  # noqa: PLR2004
    assert TOTAL >= 2000  # noqa: PLR2004
    if RESULTS:  # run after the fuzzing (same module, in order)
        done = sum(sum(counts.values()) for counts in RESULTS.values())
        refused = sum(counts.get(2, 0) for counts in RESULTS.values())
        report = (
            f"CLI fuzzing: {len(RESULTS)} commands, {done} runs, {done - refused} exit 0, {refused} exit 2"
        )
        print(report)  # noqa: T201
        os.environ["GOLDENAGE_FUZZ_REPORT"] = report
