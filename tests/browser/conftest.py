"""The one Chromium each browser test module shares (Debian's chromium, headless)."""

from __future__ import annotations

import pytest

from tests.browser.test_review_app import CHROMIUM, LAUNCH_ARGS


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        yield b
        b.close()
