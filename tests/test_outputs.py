"""goldenage.outputs: the one way output files are written (issue 17, item 4)."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from goldenage.errors import InputError
from goldenage.outputs import (
    atomic_file,
    atomic_folder,
    atomic_path,
    check_output,
    remove_stale,
    write_bytes,
    write_text,
)


def test_write_replaces_whole(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    target.write_text("old", encoding="utf-8")
    write_text(target, "new content\r\n")
    assert target.read_bytes() == b"new content\r\n"
    assert list(tmp_path.iterdir()) == [target]


def test_failure_leaves_target_and_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    target.write_text("old", encoding="utf-8")

    def fail() -> None:
        with atomic_file(target) as stream:
            stream.write(b"half")
            raise RuntimeError

    with pytest.raises(RuntimeError):
        fail()
    assert target.read_text(encoding="utf-8") == "old"
    assert list(tmp_path.iterdir()) == [target]


def test_output_equal_to_input_refused(tmp_path: Path) -> None:
    source = tmp_path / "in.csv"
    source.write_text("a\n", encoding="utf-8")
    (tmp_path / "hard.csv").hardlink_to(source)
    (tmp_path / "soft.csv").symlink_to(source)
    for name in ("in.csv", "hard.csv", "soft.csv", "./in.csv"):
        with pytest.raises(InputError, match="is the input"):
            check_output(tmp_path / name, "OUTPUT", inputs=[source])
    assert source.read_text(encoding="utf-8") == "a\n"


@pytest.mark.parametrize(
    ("name", "message"), [("missing/out.csv", "does not exist"), ("folder", "is a folder")]
)
def test_missing_folder_and_folder_in_the_way(tmp_path: Path, name: str, message: str) -> None:
    (tmp_path / "folder").mkdir()
    with pytest.raises(InputError, match=message) as caught:
        write_text(tmp_path / name, "x", "FILE")
    assert caught.value.field == "FILE"


def test_planted_symlink_is_never_followed(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    folder = tmp_path / "out"
    folder.mkdir()
    victim = outside / "victim"
    (folder / "out.csv.partial").symlink_to(victim)
    write_text(folder / "out.csv", "x")
    assert not victim.exists()
    assert (folder / "out.csv").read_text(encoding="utf-8") == "x"


def test_two_writers_of_one_output_each_write_their_own_file(tmp_path: Path) -> None:
    target = tmp_path / "out.bin"
    first_started, second_done = threading.Event(), threading.Event()

    def slow() -> None:
        with atomic_file(target) as stream:
            stream.write(b"A" * 1000)
            first_started.set()
            second_done.wait(5)
            stream.write(b"A" * 1000)

    thread = threading.Thread(target=slow)
    thread.start()
    first_started.wait(5)
    write_bytes(target, b"B" * 1500)
    assert target.read_bytes() == b"B" * 1500
    second_done.set()
    thread.join()
    assert target.read_bytes() == b"A" * 2000  # the last rename wins, whole


def test_atomic_path_gives_an_empty_private_file(tmp_path: Path) -> None:
    target = tmp_path / "out.parquet"
    with atomic_path(target) as temp:
        assert temp.parent == tmp_path
        assert temp.is_file()
        assert not temp.is_symlink()
        assert temp.stat().st_size == 0
        temp.write_bytes(b"data")
    assert target.read_bytes() == b"data"
    assert not temp.exists()


def test_atomic_folder_replaces_a_folder_whole(tmp_path: Path) -> None:
    target = tmp_path / "table"
    target.mkdir()
    (target / "old.npy").write_bytes(b"old")
    with atomic_folder(target) as temp:
        (temp / "new.npy").write_bytes(b"new")
    assert sorted(p.name for p in target.iterdir()) == ["new.npy"]
    assert [p.name for p in tmp_path.iterdir()] == ["table"]


def test_remove_stale_only_removes_old_temporaries(tmp_path: Path) -> None:
    old = tmp_path / ".out.csv.0123.partial"
    old.write_text("x", encoding="utf-8")
    os.utime(old, (1, 1))
    fresh = tmp_path / ".out.csv.4567.partial"
    fresh.write_text("x", encoding="utf-8")
    keep = tmp_path / "out.csv"
    keep.write_text("x", encoding="utf-8")
    os.utime(keep, (1, 1))
    assert remove_stale(tmp_path, 3600) == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == [".out.csv.4567.partial", "out.csv"]
