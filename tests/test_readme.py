"""The README works as written: every command it shows runs, and every output it shows is today's.

Each ``$ goldenage ...`` line of a ``console`` block is run as written (split as a shell would,
in a folder holding a copy of ``examples/``, with a database and a store of its own), and must
exit 0 unless the block shows an error. The lines under a command are its output:

- a JSON object must be a part of the command's JSON: every key shown has the value shown
  (``"..."`` or ``{...}`` stands for any value, and a list shown in full has the same length);
- a line starting ``error:`` is the first line of stderr, exactly;
- any other line must appear in the output (spaces and table borders aside).

The ``python`` block is run too, and each ``expression  # value`` line whose comment is a
Python literal is checked. ``goldenage serve`` (a server that runs until stopped) is checked by
its ``--help`` only; ``make`` lines are covered by ``.ci/run`` itself.
"""

from __future__ import annotations

import ast
import json
import re
import shlex
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from goldenage.cli.app import main

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
EXAMPLES = ROOT / "examples"
LONG_RUNNING = {("serve",)}  # checked with --help: they run until stopped
_BLOCK = re.compile(r"```(console|python)\n(.*?)```", re.DOTALL)
_BORDERS = re.compile(r"[│┃┏┓┗┛┡┩└┘├┤┬┴┼━─═╇╈╋]+")


@dataclass(frozen=True)
class Command:
    """A command of the README and the output shown under it."""

    line: int
    text: str
    shown: tuple[str, ...]

    @property
    def argv(self) -> list[str]:
        words = shlex.split(self.text)
        assert words[0] == "goldenage", self.text
        return words[1:]


def commands() -> list[Command]:
    """Return every ``$ goldenage`` command of the README's console blocks, in order."""
    text = README.read_text(encoding="utf-8")
    found: list[Command] = []
    for block in _BLOCK.finditer(text):
        if block.group(1) != "console":
            continue
        start = text.count("\n", 0, block.start(2)) + 1
        current: tuple[int, str, list[str]] | None = None
        for offset, raw in enumerate(block.group(2).splitlines()):
            if raw.startswith("$ "):
                if current is not None:
                    found.append(Command(current[0], current[1], tuple(current[2])))
                current = (start + offset, raw[2:].strip(), [])
            elif current is not None and raw.strip():
                current[2].append(raw)
        if current is not None:
            found.append(Command(current[0], current[1], tuple(current[2])))
    return found


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return a folder with a copy of ``examples/`` (the README's commands write their outputs here)."""
    folder = tmp_path_factory.mktemp("readme")
    shutil.copytree(EXAMPLES, folder / "examples")
    return folder


def _matches(shown: Any, actual: Any, where: str = "$") -> None:
    """Assert that ``shown`` (a JSON value from the README) is a part of ``actual``."""
    if shown == "...":
        return
    if isinstance(shown, dict):
        assert isinstance(actual, dict), f"{where}: expected an object, got {actual!r}"
        for key, value in shown.items():
            assert key in actual, f"{where}: no key {key!r} (keys: {sorted(actual)})"
            _matches(value, actual[key], f"{where}.{key}")
    elif isinstance(shown, list):
        assert isinstance(actual, list), f"{where}: expected a list, got {actual!r}"
        assert len(shown) == len(actual), f"{where}: {len(actual)} items, the README shows {len(shown)}"
        for k, (a, b) in enumerate(zip(shown, actual, strict=True)):
            _matches(a, b, f"{where}[{k}]")
    elif isinstance(shown, float) or isinstance(actual, float):
        assert actual == pytest.approx(shown), f"{where}: {actual!r}, the README shows {shown!r}"
    else:
        assert actual == shown, f"{where}: {actual!r}, the README shows {shown!r}"


def _plain(text: str) -> str:
    return " ".join(_BORDERS.sub(" ", text).split())


def _check_output(command: Command, code: int, out: str, err: str) -> None:
    shown = "\n".join(command.shown)
    if shown.startswith("error:"):
        assert code == 2, f"README line {command.line}: exit {code}, the README shows an error"  # noqa: PLR2004
        assert err.splitlines()[0] == shown.strip(), f"README line {command.line}"
        return
    assert code == 0, f"README line {command.line}: `{command.text}` exited {code}: {err[-2000:]}"
    if shown.startswith("{"):
        _matches(json.loads(shown.replace("{...}", '"..."')), json.loads(out))
        return
    everything = _plain(out + "\n" + err)
    for line in command.shown:
        assert _plain(line) in everything, f"README line {command.line}: {line!r} not in the output"


@pytest.mark.slow
@pytest.mark.parametrize("command", commands(), ids=lambda c: f"line{c.line}")
def test_every_readme_command_runs_as_written(
    command: Command, workdir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(workdir)
    monkeypatch.setenv("GOLDENAGE_DB_URL", f"sqlite:///{workdir / 'commitments.db'}")
    monkeypatch.setenv("GOLDENAGE_CACHE_DIR", str(workdir / "store"))  # `tariff compile` writes here
    monkeypatch.setenv("COLUMNS", "200")
    argv = command.argv
    if tuple(argv[:1]) in LONG_RUNNING:
        argv = [*argv[:1], "--help"]
    with pytest.raises(SystemExit) as done:
        main(argv)
    captured = capsys.readouterr()
    _check_output(command, int(done.value.code or 0), captured.out, captured.err)


def test_the_readme_shows_commands_and_names_only_shipped_examples() -> None:
    found = commands()
    assert len(found) >= 20  # noqa: PLR2004 - the README's usage is there
    for command in found:
        for word in command.argv:
            if word.startswith("examples/"):
                assert (ROOT / word).is_file(), f"README line {command.line}: {word} is not shipped"
        synopsis = f"README line {command.line}: {command.text!r} is a synopsis, not a command"
        assert "[" not in command.text, synopsis


def test_the_python_example_runs_and_shows_its_values() -> None:
    blocks = _BLOCK.finditer(README.read_text(encoding="utf-8"))
    block = next(b.group(2) for b in blocks if b.group(1) == "python")
    namespace: dict[str, Any] = {}
    exec(compile(block, str(README), "exec"), namespace)  # noqa: S102 - the README's own example
    checked = 0
    for line in block.splitlines():
        code, _, comment = line.partition("  # ")
        if not comment or not code.strip():
            continue
        try:
            expected = ast.literal_eval(comment.strip())
        except (ValueError, SyntaxError):
            continue
        assert eval(code.strip(), namespace) == expected, line  # noqa: S307 - the README's own example
        checked += 1
    assert checked >= 3  # noqa: PLR2004


def test_make_run_takes_the_port_and_the_address() -> None:
    import subprocess  # noqa: PLC0415 - only this test runs a program

    make = shutil.which("make")
    if make is None:  # pragma: no cover - make is how the README starts
        pytest.skip("make is not installed")
    dry = subprocess.run(  # noqa: S603 - a fixed command
        [make, "-n", "-C", str(ROOT), "run", "PORT=8001", "HOST=127.0.0.2"],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    assert "goldenage serve --host 127.0.0.2 --port 8001" in dry.stdout
