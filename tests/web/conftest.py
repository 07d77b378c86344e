"""The landing page on a free port, and headless Chromium (Debian's) driven by Playwright."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Iterator

import pytest

from tests.web.site import serving_site

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-output" / "screenshots"


@pytest.fixture(scope="session")
def landing_url(rasa_url: str, web_port: int) -> Iterator[str]:
    """The landing page, its widget pointed at the test's Rasa server (which allows this origin)."""
    with serving_site(web_port, rasa_url) as url:
        yield f"{url}/"


# Package scope: Playwright's sync API keeps an event loop running in this thread while the
# browser lives, and later tests that call asyncio.run() would fail in any other order.
@pytest.fixture(scope="package")
def browser() -> Iterator[object]:
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} is missing: install the Debian package `chromium` (make test does it when root)."
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def screenshots() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS
