"""Take the README's screenshots of the web app (docs/screenshots/, five PNGs).

overview.png, calculator.png, declarations.png, compare.png and phone.png. Starts the app with uvicorn on
loopback (127.0.0.1, a free port) in this process and opens, with Debian's chromium
(/usr/bin/chromium; install it with scripts/install_test_browser.sh) driven by Playwright:
the overview (waits for every chart, including the ETR series of every scenario); the tariff
calculator on the example of a Japanese car; the declarations form of turbine parts
(8411.91.90.85, civil-aircraft use); the same car on 2025-04-04 and 2025-10-01 side
by side; and that comparison's result on a phone (390 px wide).

Run: ``.venv/bin/python scripts/screenshots.py [--out docs/screenshots]``.
"""

from __future__ import annotations

import argparse
import socket
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx
import uvicorn
from playwright.sync_api import sync_playwright

from goldenage.web import create_app
from goldenage.web.settings import WebSettings

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
CALCULATOR = "/tariff?hts=8703.23.01.90&date=2025-10-01&value=30000&scenario=actual"
DECLARATIONS = "/tariff?hts=8411.91.90.85&date=2026-03-02&value=10000"
COMPARE = "/tariff?hts=8703.23.01.90&date=2025-04-04&value=30000&scenario=actual&compare_date=2025-10-01"
DESKTOP = {"width": 1360, "height": 900}
PHONE = {"width": 390, "height": 844}
SHOTS = ("overview.png", "calculator.png", "declarations.png", "compare.png", "phone.png")
ETR_TIMEOUT_MS = 300_000


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _serve(folder: Path) -> tuple[uvicorn.Server, threading.Thread, str]:
    settings = WebSettings(db_url=f"sqlite:///{folder / 'commitments.db'}", warm_etr=True)
    port = _free_port()
    server = uvicorn.Server(
        uvicorn.Config(create_app(settings), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{port}"
    for _ in range(600):
        try:
            if httpx.get(f"{url}/healthz", timeout=5).status_code == 200:  # noqa: PLR2004
                return server, thread, url
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    msg = "the app did not start"
    raise SystemExit(msg)


def _wait_for_charts(page: object, timeout: int) -> None:
    plots = page.locator(".plot")
    for index in range(plots.count()):
        plots.nth(index).locator("svg.main-svg").first.wait_for(state="attached", timeout=timeout)
    page.wait_for_timeout(500)  # let Plotly finish its transitions


def _down_to(page: object, selector: str, width: int) -> dict[str, float]:
    """Return the clip from the top of the page to the end of ``selector``."""
    box = page.locator(selector).bounding_box()
    return {"x": 0, "y": 0, "width": width, "height": box["y"] + box["height"] + 16}


def main() -> None:
    """Take the screenshots."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("docs/screenshots"), help="folder of the PNGs")
    args = parser.parse_args()
    if not CHROMIUM.exists():
        sys.exit(f"{CHROMIUM} is missing: run scripts/install_test_browser.sh")
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="goldenage-shots-") as folder:
        server, thread, url = _serve(Path(folder))
        try:
            with sync_playwright() as playwright:
                context = playwright.chromium.launch_persistent_context(
                    str(Path(folder) / "profile"),
                    executable_path=str(CHROMIUM),
                    headless=True,
                    args=ARGS,
                    viewport=DESKTOP,
                    device_scale_factor=1,
                )
                page = context.new_page()
                page.goto(f"{url}/")
                _wait_for_charts(page, ETR_TIMEOUT_MS)
                page.screenshot(path=str(args.out / "overview.png"), full_page=True)
                page.goto(f"{url}{CALCULATOR}")
                _wait_for_charts(page, 60_000)
                # From the top to the end of the rate-over-time table (short: changes only).
                clip = _down_to(page, "#timeline-table", DESKTOP["width"])
                page.screenshot(path=str(args.out / "calculator.png"), full_page=True, clip=clip)
                page.goto(f"{url}{DECLARATIONS}")
                page.locator("#entry").screenshot(path=str(args.out / "declarations.png"))
                page.goto(f"{url}{COMPARE}")
                clip = _down_to(page, "#comparison", DESKTOP["width"])
                page.screenshot(path=str(args.out / "compare.png"), full_page=True, clip=clip)
                page.set_viewport_size(PHONE)
                page.wait_for_timeout(300)
                clip = _down_to(page, "#comparison", PHONE["width"])
                top = page.locator("#result").bounding_box()["y"] - 8
                clip = {**clip, "y": top, "height": clip["height"] - top}
                page.screenshot(path=str(args.out / "phone.png"), full_page=True, clip=clip)
                context.close()
        finally:
            server.should_exit = True
            thread.join(timeout=30)
    for name in SHOTS:
        path = args.out / name
        print(f"wrote {path} ({path.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main()
