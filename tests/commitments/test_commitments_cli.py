"""``goldenage commitments``: the JSON contract, exit codes, and nothing written on bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from goldenage.cli.app import main
from goldenage.commitments.seed import load_seed

LIST_KEYS = {
    "id",
    "title",
    "party",
    "category",
    "made_on",
    "due_on",
    "status",
    "sources",
    "verification",
    "unverified",
}


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as caught:
        main(["commitments", *argv])
    out, err = capsys.readouterr()
    return caught.value.code, out, err


def ok_json(argv: list[str], capsys: pytest.CaptureFixture[str]) -> object:
    code, out, err = run([*argv, "--json"], capsys)
    assert code == 0, err
    return json.loads(out)


def test_list_json_contract(seeded_sqlite: str, capsys) -> None:
    items = ok_json(["list"], capsys)
    assert len(items) == len(load_seed().commitments)
    for item in items:
        assert set(item) == LIST_KEYS
        assert item["sources"]
        assert all(u.startswith(("https://", "http://")) for u in item["sources"])
    cm01 = next(i for i in items if i["id"] == "CM-01")
    # "within six months" of 2025-10-28 -> 2026-04-28.
    assert cm01 == cm01 | {
        "party": "US+Japan",
        "category": "minerals",
        "made_on": "2025-10-28",
        "due_on": "2026-04-28",
    }


def test_list_filters(seeded_sqlite: str, capsys) -> None:
    done = ok_json(["list", "--status", "done"], capsys)
    assert done
    assert {i["status"] for i in done} == {"done"}
    china = ok_json(["list", "--party", "china"], capsys)
    # APEC-01 (No. 70, to 2026-11-10) and APEC-01B (No. 72, to 2026-11-27) are two measures.
    assert {i["id"] for i in china} == {"APEC-01", "APEC-01B", "APEC-02", "APEC-04A", "APEC-04B", "APEC-05B"}
    # Due strictly before 2025-11-01: GA-03 (2025-09-16), DEF-04 and SEC-01A (2025-10-28);
    # DEF-03 is due on 2025-11-01 itself and is left out.
    early = ok_json(["list", "--due-before", "2025-11-01"], capsys)
    assert [i["id"] for i in early] == ["GA-03", "DEF-04", "SEC-01A"]
    combined = ok_json(["list", "--party", "US", "--status", "done", "--due-before", "2025-11-01"], capsys)
    assert [i["id"] for i in combined] == ["GA-03", "DEF-04", "SEC-01A"]


def test_tables_show_statuses_in_words(seeded_sqlite: str, capsys) -> None:
    # GA-01 is shipped as in_progress (data/commitments/commitments.yaml); the JSON keeps the name.
    assert ok_json(["show", "GA-01"], capsys)["status"] == "in_progress"
    code, out, _ = run(["show", "GA-01"], capsys)
    assert code == 0
    assert "status in progress" in out
    code, out, _ = run(["list", "--status", "in_progress"], capsys)
    assert code == 0
    assert "in progress" in out
    assert "in_progress" not in out


def test_list_table(seeded_sqlite: str, capsys) -> None:
    code, out, _ = run(["list", "--due-before", "2025-10-29"], capsys)
    assert code == 0
    assert "GA-03" in out
    assert "DEF-04" in out
    assert "2025-09-16" in out


def test_show(seeded_sqlite: str, capsys) -> None:
    data = ok_json(["show", "inv-04"], capsys)
    assert data["id"] == "INV-04"
    assert data["due_on"] == "2026-04-21"
    assert data["deadline"]["kind"] == "business_days_after"
    assert data["deadline"]["rule"] == "45 US federal business days after 2026-02-17"
    assert data["source_details"][0]["key"] == "P7"
    # The due date rests on an assumed notice date and on business days: flagged, not stated.
    assert data["verification"] == "unverified"
    assert "business days" in data["unverified"]
    assert all(s["retrieved"] for s in data["source_details"])
    code, out, _ = run(["show", "CM-02"], capsys)
    assert code == 0
    assert "within 180 days of 2025-10-28" in out
    assert "due 2026-04-26" in out


def test_update_then_history(seeded_sqlite: str, capsys) -> None:
    code, out, err = run(
        [
            "update", "CM-02", "--status", "missed",
            "--evidence", "https://example.org/no-ministerial",
            "--note", "No bilateral ministerial was held by 2026-04-26.",
            "--evidence-date", "2026-05-02", "--by", "Analyst A",
        ],
        capsys,
    )  # fmt: skip
    assert code == 0, err
    assert out.startswith("CM-02: unknown -> missed, evidence #")
    history = ok_json(["history", "CM-02"], capsys)
    assert [h["action"] for h in history] == ["create", "add_evidence", "update"]
    last = history[-1]
    assert last["by"] == "Analyst A"
    assert last["before"] == {"status": "unknown"}
    assert last["after"]["status"] == "missed"
    assert last["after"]["evidence"]["url"] == "https://example.org/no-ministerial"
    assert last["note"] == "No bilateral ministerial was held by 2026-04-26."
    shown = ok_json(["show", "CM-02"], capsys)
    assert shown["status"] == "missed"
    assert shown["evidence"][-1]["date"] == "2026-05-02"
    code, out, _ = run(["history", "CM-02"], capsys)
    assert code == 0
    assert "Analyst A" in out


def test_update_without_by_uses_goldenage_user(seeded_sqlite: str, capsys) -> None:
    code, _, err = run(["update", "CM-03", "--status", "pending", "--note", "Talks reported."], capsys)
    assert code == 0, err
    assert ok_json(["history", "CM-03"], capsys)[-1]["by"] == "cli-test"


@pytest.mark.parametrize(
    ("argv", "field"),
    [
        (["update", "CM-02", "--status", "finished"], "--status"),
        (["update", "CM-02"], "--status"),
        (["update", "ZZ-99", "--status", "pending"], "ID"),
        (
            ["update", "CM-02", "--status", "pending", "--evidence", "example.org/x", "--note", "n"],
            "--evidence",
        ),
        (
            ["update", "CM-02", "--status", "pending", "--evidence", "https://exa mple.org", "--note", "n"],
            "--evidence",
        ),
        (
            ["update", "CM-02", "--status", "pending", "--evidence", "ftp://example.org/x", "--note", "n"],
            "--evidence",
        ),
        (["update", "CM-02", "--status", "pending", "--evidence", "https://example.org/x"], "--note"),
        (
            [
                "update",
                "CM-02",
                "--status",
                "pending",
                "--evidence",
                "https://example.org/x",
                "--note",
                "n",
                "--evidence-date",
                "2026-02-30",
            ],
            "--evidence-date",
        ),
        (
            [
                "update",
                "CM-02",
                "--status",
                "pending",
                "--evidence",
                "https://example.org/x",
                "--note",
                "n",
                "--evidence-date",
                "2999-01-01",
            ],
            "--evidence-date",
        ),
        (["update", "CM-02", "--status", "pending", "--evidence-date", "2026-01-01"], "--evidence-date"),
        (["update", "CM-03", "--status", "done"], "--evidence"),
        (["update", "CM-02", "--status", "pending", "--by", "  "], "--by"),
        (["update", "CM-02", "--status", "pending", "--note", "two\nlines"], "--note"),
        (["list", "--status", "late"], "--status"),
        (["list", "--due-before", "28/04/2026"], "--due-before"),
        (["list", "--party", "Narnia"], "--party"),
        (["show", "ZZ-99"], "ID"),
        (["history", "ZZ-99"], "ID"),
    ],
)
def test_bad_input_exits_2_naming_the_field_and_writes_nothing(
    seeded_sqlite: str, db_snapshot, capsys, argv: list[str], field: str
) -> None:
    before = db_snapshot(seeded_sqlite)
    code, out, err = run(argv, capsys)
    assert code == 2
    assert out == ""
    assert err.startswith(f"error: {field}: "), err
    assert err.count("\n") == 1, err
    assert "expected" in err
    assert db_snapshot(seeded_sqlite) == before


def test_invalid_status_names_the_accepted_values(seeded_sqlite: str, capsys) -> None:
    _, _, err = run(["update", "CM-02", "--status", "finished"], capsys)
    for status in ("unknown", "pending", "in_progress", "done", "missed", "superseded", "disputed"):
        assert status in err


def test_export_ics(seeded_sqlite: str, tmp_path: Path, capsys) -> None:
    target = tmp_path / "deadlines.ics"
    code, out, err = run(["export-ics", str(target)], capsys)
    assert code == 0, err
    data = target.read_bytes()
    assert data.startswith(b"BEGIN:VCALENDAR\r\n")
    assert data.endswith(b"END:VCALENDAR\r\n")
    assert all(len(line) <= 75 for line in data.split(b"\r\n"))
    unfolded = data.decode("utf-8").replace("\r\n ", "")
    assert "UID:CM-02@commitments.goldenage" in unfolded
    assert "DTSTART;VALUE=DATE:20260426" in unfolded
    # APEC-04B recurs for three calendar years: 2026-12-31, 2027-12-31, 2028-12-31.
    assert [f"UID:APEC-04B-{k}@commitments.goldenage" in unfolded for k in (1, 2, 3)] == [True] * 3
    assert unfolded.count("BEGIN:VEVENT") == int(out.split()[1])


def test_export_ics_into_a_missing_folder_exits_2(seeded_sqlite: str, tmp_path: Path, capsys) -> None:
    code, _, err = run(["export-ics", str(tmp_path / "nope" / "x.ics")], capsys)
    assert code == 2
    assert err.startswith("error: FILE: ")
    assert not (tmp_path / "nope").exists()


def test_init_is_idempotent(seeded_sqlite: str, capsys) -> None:
    code, out, _ = run(["init"], capsys)
    assert code == 0
    assert out.rstrip().endswith("(nothing to do)")


def test_first_use_initialises_an_empty_database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    monkeypatch.setenv("GOLDENAGE_DB_URL", f"sqlite:///{tmp_path / 'fresh.db'}")
    assert len(ok_json(["list"], capsys)) == len(load_seed().commitments)


def test_default_database_is_under_xdg_data_home(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    monkeypatch.delenv("GOLDENAGE_DB_URL", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    code, out, _ = run(["init"], capsys)
    assert code == 0
    path = tmp_path / "xdg" / "goldenage" / "commitments.db"
    assert path.is_file()
    assert str(path) in out


@pytest.mark.parametrize("url", ["mysql://user@host/db", "::not a url::"])
def test_unsupported_database_url_exits_2(monkeypatch: pytest.MonkeyPatch, capsys, url: str) -> None:
    monkeypatch.setenv("GOLDENAGE_DB_URL", url)
    code, _, err = run(["list"], capsys)
    assert code == 2
    assert err.startswith("error: GOLDENAGE_DB_URL: ")


def test_unreachable_database_exits_1(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    monkeypatch.setenv("GOLDENAGE_DB_URL", f"sqlite:///{tmp_path / 'missing-folder' / 'x.db'}")
    code, _, err = run(["list"], capsys)
    assert code == 1
    assert "unable to open database file" in err
    assert err.count("\n") == 1


def test_statuses(capsys) -> None:
    data = ok_json(["statuses"], capsys)
    assert [s["status"] for s in data] == [
        "unknown",
        "pending",
        "in_progress",
        "done",
        "missed",
        "superseded",
        "disputed",
    ]
    assert {s["status"] for s in data if s["closing"]} == {"done", "missed", "superseded"}


def test_cli_on_every_backend(seeded_url: str, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    monkeypatch.setenv("GOLDENAGE_DB_URL", seeded_url)
    code, _, err = run(
        ["update", "DEF-02", "--status", "done", "--evidence", "https://example.org/d", "--note", "Adopted."],
        capsys,
    )
    assert code == 0, err
    assert {i["id"] for i in ok_json(["list", "--status", "done", "--party", "Japan"], capsys)} >= {
        "DEF-02",
        "DEF-01",
    }
    code, _, err = run(["update", "DEF-02", "--status", "bogus"], capsys)
    assert code == 2


def test_export_ics_to_an_unwritable_place_exits_2(seeded_sqlite: str, tmp_path: Path, capsys) -> None:
    # Issue 17: /proc/version ended in a traceback.
    code, _, err = run(["export-ics", "/proc/version"], capsys)
    assert code == 2
    assert err.startswith("error: FILE:")
    assert len(err.strip().splitlines()) == 1
