"""Writing output files safely: every writer of goldenage goes through this module.

A result is written to a temporary file created *exclusively* in the output's own folder
(``O_CREAT | O_EXCL | O_NOFOLLOW``, a random name, so neither a planted symlink nor a second
run writing the same output can be followed or shared), flushed to disk, then renamed over
the output (an atomic replace on POSIX). Two runs writing one output each write their own
file and the last rename wins whole; a failed or killed run leaves the output as it was (a
killed run's temporary file is deleted by the next successful write of the same output once
it is :data:`STALE_SECONDS` old).

Before anything is written the output is checked, with errors naming ``field`` (the CLI
exits 2): its folder must exist, it must not be a folder, and it must not be one of the
run's inputs (by path, symlink or hard link: the same device and inode), so that
``goldenage tariff batch e.csv e.csv`` refuses instead of destroying ``e.csv``.

- :func:`atomic_path`: a temporary *path* for writers that open files themselves (polars
  sinks, pyarrow writers); the file exists, empty, and is renamed on success.
- :func:`atomic_file`: an open binary handle on the temporary file.
- :func:`write_bytes`, :func:`write_text`: the whole content at once.
- :func:`atomic_folder`: a temporary folder renamed into place (tables of several files).
- :func:`remove_stale`: delete the temporary files of killed runs, past an age.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import shutil
import tempfile
import time
from collections.abc import Iterable, Iterator
from glob import escape as glob_escape
from pathlib import Path
from typing import Any, BinaryIO

from goldenage.errors import InputError

TEMP_SUFFIX = ".partial"
_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
_MODE = 0o666  # as open() does: the umask decides the final permissions
_ATTEMPTS = 16
STALE_SECONDS = 3600  # a temporary file this old is a killed writer's (a live one keeps writing)


def _same_file(first: Path, second: Path) -> bool:
    """Return whether two paths name one file (symlinks followed, hard links by inode)."""
    try:
        a, b = first.stat(), second.stat()
    except OSError:
        return False
    return (a.st_dev, a.st_ino) == (b.st_dev, b.st_ino)


def check_output(target: Path | str, field: str = "OUTPUT", inputs: Iterable[Path | str] = ()) -> Path:
    """Return ``target`` as a Path once it is a writable place for a new file, else raise InputError.

    Refused: a folder that does not exist (or is not a folder), an output that is a folder,
    and an output that is one of ``inputs`` (the same file by any name).
    """
    path = Path(target)
    accepted = "a file path in an existing folder, not one of the inputs"
    if str(path) in ("", ".") or path.name in ("", ".", ".."):
        msg = f"{str(path)!r} is not a file name"
        raise InputError(field, msg, accepted)
    folder = path.parent
    if not folder.exists():
        msg = f"folder {folder} does not exist"
        raise InputError(field, msg, accepted)
    if not folder.is_dir():
        msg = f"{folder} is not a folder"
        raise InputError(field, msg, accepted)
    if path.is_dir():
        msg = f"{path} is a folder"
        raise InputError(field, msg, accepted)
    for source in inputs:
        if _same_file(path, Path(source)):
            msg = f"{path} is the input {source}: writing it would destroy the input"
            raise InputError(field, msg, "another file for the output")
    return path


def _create_temp(target: Path) -> tuple[int, Path]:
    """Create an empty temporary file beside ``target``, exclusively; return its descriptor and path."""
    for _ in range(_ATTEMPTS):
        temp = target.with_name(f".{target.name}.{secrets.token_hex(8)}{TEMP_SUFFIX}")
        try:
            return os.open(temp, _FLAGS, _MODE), temp
        except FileExistsError:
            continue
    msg = f"could not create a temporary file beside {target}"
    raise FileExistsError(msg)


def _remove_stale_of(target: Path) -> None:
    """Delete the temporary files of ``target`` left by killed writers (older than STALE_SECONDS)."""
    limit = time.time() - STALE_SECONDS
    with contextlib.suppress(OSError):
        for entry in target.parent.glob(f".{glob_escape(target.name)}.*{TEMP_SUFFIX}"):
            with contextlib.suppress(OSError):
                if entry.is_file() and not entry.is_symlink() and entry.lstat().st_mtime < limit:
                    entry.unlink()


def _sync_folder(folder: Path) -> None:
    with contextlib.suppress(OSError):  # not every file system syncs folders
        handle = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(handle)
        finally:
            os.close(handle)


def _unwritable(target: Path, field: str, err: OSError) -> InputError:
    msg = f"{target} cannot be written: {err.strerror or err}"
    return InputError(field, msg, "a writable folder")


@contextlib.contextmanager
def atomic_path(
    target: Path | str, field: str = "OUTPUT", inputs: Iterable[Path | str] = ()
) -> Iterator[Path]:
    """Yield a new, empty temporary file beside ``target``; rename it over ``target`` on success.

    The caller writes the temporary path (by name: polars, pyarrow). On an exception the
    temporary file is deleted and ``target`` is left as it was.
    """
    path = check_output(target, field, inputs)
    try:
        handle, temp = _create_temp(path)
    except OSError as err:
        raise _unwritable(path, field, err) from err
    os.close(handle)
    try:
        yield temp
        with open(temp, "rb+") as written:  # noqa: PTH123 - a descriptor to flush
            os.fsync(written.fileno())
        temp.replace(path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    _sync_folder(path.parent)
    _remove_stale_of(path)


@contextlib.contextmanager
def atomic_file(
    target: Path | str, field: str = "OUTPUT", inputs: Iterable[Path | str] = ()
) -> Iterator[BinaryIO]:
    """Yield a binary handle on a new temporary file beside ``target``; rename it on success."""
    path = check_output(target, field, inputs)
    try:
        handle, temp = _create_temp(path)
    except OSError as err:
        raise _unwritable(path, field, err) from err
    try:
        with os.fdopen(handle, "wb") as stream:
            yield stream
            stream.flush()
            os.fsync(stream.fileno())
        temp.replace(path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    _sync_folder(path.parent)
    _remove_stale_of(path)


def write_bytes(
    target: Path | str, content: bytes, field: str = "OUTPUT", inputs: Iterable[Path | str] = ()
) -> None:
    """Write ``content`` to ``target``: all of it or, on failure, nothing."""
    with atomic_file(target, field, inputs) as stream:
        stream.write(content)


def write_text(
    target: Path | str, content: str, field: str = "OUTPUT", inputs: Iterable[Path | str] = ()
) -> None:
    """Write ``content`` as UTF-8 (line endings kept) to ``target``: all of it or nothing."""
    write_bytes(target, content.encode("utf-8"), field, inputs)


@contextlib.contextmanager
def atomic_folder(target: Path | str) -> Iterator[Path]:
    """Yield a new temporary folder beside ``target``; put it in place of ``target`` on success.

    An existing ``target`` is first renamed aside and then deleted, so a reader sees the old
    folder, none, or the new one whole, never a mix. On an exception the temporary folder is
    deleted. The parent folder is made if missing (for caches; not for user outputs).
    """
    path = Path(target)
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = Path(tempfile.mkdtemp(dir=path.parent, prefix=f".{path.name}.", suffix=TEMP_SUFFIX))
    try:
        yield temp
        try:
            temp.rename(path)
        except OSError:  # a folder is in the way: move it aside, then take its place
            aside = path.with_name(f".{path.name}.{secrets.token_hex(8)}.old")
            with contextlib.suppress(FileNotFoundError):
                path.rename(aside)
            temp.rename(path)
            shutil.rmtree(aside, ignore_errors=True)
    except BaseException:
        shutil.rmtree(temp, ignore_errors=True)
        raise


NOT_FINITE = "gives amounts too large to represent (not finite numbers)"


def json_text(payload: Any, field: str = "--json") -> str:
    """Return ``payload`` as JSON text (non-ASCII kept), refusing NaN and infinities.

    JSON has no infinity: an input that overflows an amount is the input's fault, an
    :class:`InputError` on ``field`` (exit 2, or 422 on the web), never ``Infinity`` in the output.
    """
    try:
        return json.dumps(payload, ensure_ascii=False, allow_nan=False)
    except ValueError as err:
        raise InputError(field, NOT_FINITE, "smaller amounts") from err


def remove_stale(folder: Path, older_than_seconds: float) -> int:
    """Delete the temporary files and folders of killed writers in ``folder``; return how many.

    Only entries named as this module names them (``.NAME.RANDOM.partial``, ``.NAME.RANDOM.old``)
    and not modified for ``older_than_seconds`` (a live writer's are left alone).
    """
    removed = 0
    limit = time.time() - older_than_seconds
    with contextlib.suppress(OSError):
        for entry in Path(folder).iterdir():
            name = entry.name
            if not name.startswith(".") or not name.endswith((TEMP_SUFFIX, ".old")):
                continue
            try:
                if entry.lstat().st_mtime > limit:
                    continue
                if entry.is_dir() and not entry.is_symlink():
                    shutil.rmtree(entry, ignore_errors=True)
                else:
                    entry.unlink(missing_ok=True)
                removed += 1
            except OSError:
                continue
    return removed


__all__ = [
    "TEMP_SUFFIX",
    "atomic_file",
    "atomic_folder",
    "atomic_path",
    "check_output",
    "json_text",
    "remove_stale",
    "write_bytes",
    "write_text",
]
