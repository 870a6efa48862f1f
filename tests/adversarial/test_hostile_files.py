"""Every file input, CLI and web, given every hostile file: a result or a clear refusal.

CLI: exit 0 or 2, one ``error:`` line, no traceback. Web: 200, 413 or 422 with a detail that
names the upload and never the server's paths.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from hostile_files import hostile_contents, run_cli, write_hostile_files

from goldenage.web import create_app
from goldenage.web.settings import WebSettings

NAMES = sorted(hostile_contents()) + ["missing.csv", "folder.yaml", "/dev/zero"]
# {file} is replaced by the hostile file; the output, when any, goes to the test's folder.
COMMANDS = {
    "batch": ["tariff", "batch", "{file}", "{out}/out.csv"],
    "refunds": ["tariff", "refunds", "{file}", "--json"],
    "etr-weights": ["tariff", "etr", "--from", "2026-01-01", "--to", "2026-01-31", "--weights", "{file}"],
    "project": ["invest", "project", "--file", "{file}", "--json"],
    "simulate": ["invest", "simulate", "--file", "{file}", "--paths", "10", "--json"],
    "network": ["minerals", "tts", "--network", "{file}", "--all", "--json"],
}


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return write_hostile_files(tmp_path_factory.mktemp("hostile"))


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_cli_file_inputs(command: str, files: dict[str, Path], tmp_path: Path) -> None:
    outcomes = {}
    for name in NAMES:
        argv = [part.format(file=files[name], out=tmp_path) for part in COMMANDS[command]]
        code, _, err = run_cli(argv)
        outcomes[name] = code
        assert code in (0, 2), (name, err)
        assert "Traceback" not in err, (name, err)
        if code == 2:  # noqa: PLR2004
            assert len([line for line in err.splitlines() if line.startswith("error:")]) == 1, (name, err)
    # The refusals that matter (issue 17): a gzip named .csv, an alias bomb, a non-UTF-8 YAML.
    refused = {
        "batch": ["entries_gzip.csv", "empty.csv", "garbage.parquet"],
        "refunds": ["entries_gzip.csv", "truncated.parquet"],
        "project": ["project_bomb.yaml", "network_latin1.yaml", "portfolio_python_tag.yaml", "/dev/zero"],
        "simulate": ["project_bomb.yaml", "binary.yaml"],
        "network": [
            "network_bomb.yaml",
            "network_deep.yaml",
            "network_latin1.yaml",
            "network_huge.yaml",  # a solver error, exit 1, before the network's bounds
            "/dev/zero",
        ],
        "etr-weights": ["weights_inf.csv", "missing.csv"],
    }[command]
    assert all(outcomes[name] == 2 for name in refused), outcomes  # noqa: PLR2004
    good = {"batch": "entries.csv", "refunds": "entries.parquet", "network": "network.yaml"}.get(command)
    if good:
        assert outcomes[good] == 0


@pytest.mark.parametrize(
    ("route", "field", "extra"),
    [
        ("/api/tariff/batch", "file", {}),
        ("/api/tariff/refunds", "file", {}),
        ("/api/minerals/tts", "network", {"all": "true"}),
    ],
)
def test_web_file_inputs(route: str, field: str, extra: dict, tmp_path: Path) -> None:
    settings = WebSettings(
        db_url=f"sqlite:///{tmp_path / 'c.db'}",
        warm_etr=False,
        preload=False,
        results_dir=str(tmp_path / "results"),
        job_workers=1,
        max_upload_bytes=512 * 1024,
    )
    with TestClient(create_app(settings)) as client:
        for name, content in sorted(hostile_contents().items()):
            response = client.post(
                route, files={field: (name, content, "application/octet-stream")}, data=extra
            )
            assert response.status_code in (200, 413, 422), (name, response.status_code, response.text[:300])
            assert str(tmp_path) not in response.text, name
            if name in ("entries_gzip.csv", "network_bomb.yaml", "network_latin1.yaml", "network_huge.yaml"):
                assert response.status_code == 422, name  # noqa: PLR2004
