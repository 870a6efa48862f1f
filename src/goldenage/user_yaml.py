"""YAML files that users (or web requests) supply, read within bounds: size, nodes, depth, no aliases.

A YAML alias repeats what its anchor names, so a few hundred bytes of nested aliases stand for
billions of nodes ("billion laughs": a 272-byte network file froze the web server for 20 s and
took 68 s and 805 MB in the CLI). No goldenage file format needs anchors or aliases, so a user
file with either is refused, with the line; the file is also refused past
:data:`MAX_BYTES` bytes, :data:`MAX_EVENTS` parse events (nodes) or :data:`MAX_DEPTH` levels
of nesting, and when it is not UTF-8. All of this is checked on the parser's event stream
before anything is built, so a hostile file costs at most one linear pass over its bytes.

The shipped data files (``data/``) are read by :mod:`goldenage.params.loader`; this module
is for what comes from outside: ``--file`` of ``goldenage invest``, ``--network`` of
``goldenage minerals`` and their API routes.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from goldenage.errors import InputError
from goldenage.params.loader import parse_yaml_text

MAX_BYTES = 1 << 20  # 1 MiB: the largest shipped network is under 40 KiB
MAX_EVENTS = 200_000  # parse events (scalars, starts and ends of lists and mappings)
MAX_DEPTH = 64  # levels of nested lists and mappings
_Parser: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_OPENING = (yaml.MappingStartEvent, yaml.SequenceStartEvent)
_CLOSING = (yaml.MappingEndEvent, yaml.SequenceEndEvent)


def read_text(path: Path | str, field: str, accepted: str, max_bytes: int = MAX_BYTES) -> str:
    """Return the UTF-8 text of a user file (a byte-order mark is dropped) of at most ``max_bytes``.

    Raises :class:`InputError` on ``field``: no such file, too large, unreadable, not UTF-8.
    """
    path = Path(path)
    if not path.is_file():
        msg = f"{path} does not exist"
        raise InputError(field, msg, accepted)
    try:
        with path.open("rb") as handle:
            data = handle.read(max_bytes + 1)
    except OSError as err:
        msg = f"{path} cannot be read: {err.strerror or err}"
        raise InputError(field, msg, accepted) from err
    if len(data) > max_bytes:
        msg = f"{path} is over the limit of {max_bytes:,} bytes"
        raise InputError(field, msg, f"a smaller file; {accepted}")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        msg = f"{path} is not UTF-8 text (byte {err.start} is {data[err.start : err.start + 1]!r})"
        raise InputError(field, msg, f"a UTF-8 text file; {accepted}") from err


def check_events(text: str, where: str, field: str) -> None:
    """Refuse YAML with anchors or aliases, over :data:`MAX_EVENTS` events or :data:`MAX_DEPTH` deep.

    ``where`` names the file in messages. Raises :class:`InputError` (``where, line N``) and
    for text that is no YAML at all the parser's problem, with its line.
    """
    depth = 0
    try:
        for count, event in enumerate(yaml.parse(text, Loader=_Parser), start=1):
            place = f"{where}, line {event.start_mark.line + 1 if event.start_mark is not None else 1}"
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None) is not None:
                msg = "YAML anchors and aliases (& and *) are not accepted in this file"
                raise InputError(place, msg, "each value written out in full")
            if isinstance(event, _OPENING):
                depth += 1
                if depth > MAX_DEPTH:
                    msg = f"nested more than {MAX_DEPTH} levels deep"
                    raise InputError(place, msg, "a flatter file")
            elif isinstance(event, _CLOSING):
                depth -= 1
            if count > MAX_EVENTS:
                msg = f"has more than {MAX_EVENTS:,} YAML nodes"
                raise InputError(field, f"{where} {msg}", "a smaller file")
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        place = f"{where}, line {mark.line + 1 if mark is not None else 1}"
        problem = getattr(err, "problem", None) or str(err).splitlines()[0]
        msg = f"not valid YAML: {problem}"
        raise InputError(place, msg, "a YAML mapping") from err


def compose(path: Path | str, field: str, accepted: str) -> yaml.Node | None:
    """Return the composed YAML nodes of a user file (with their lines), checked as above."""
    text = read_text(path, field, accepted)
    check_events(text, str(path), field)
    return yaml.compose(text, Loader=_Parser)


def load(path: Path | str, field: str, accepted: str) -> Any:
    """Return the content of a user YAML file, checked as above; duplicate keys are refused.

    Dates stay text (as in the shipped files: no implicit timestamps).
    """
    text = read_text(path, field, accepted)
    check_events(text, str(path), field)
    try:
        return parse_yaml_text(text)
    except yaml.YAMLError as err:
        problem = str(err).replace("\n", " ")
        raise InputError(field, f"{path} is not valid YAML: {problem}", accepted) from err


__all__ = ["MAX_BYTES", "MAX_DEPTH", "MAX_EVENTS", "check_events", "compose", "load", "read_text"]
