"""Browser fixtures (a plugin of tests/conftest.py, so tests/app and tests/e2e both use them): the app on the fixture graph, one chromium per module, and a page per test that may
only reach the loopback interface (an attempt to leave it fails the test).  A module may override ``home``.
"""
from __future__ import annotations

from pathlib import Path
from urllib.parse import urlparse

import pytest

from tests.support.app_server import serve_app
from tests.support.browser import ARTIFACTS, CHROMIUM, LOOPBACK, require_chromium
from tests.support.fixture_graph import write_fixture_store


@pytest.fixture(scope="module")
def home(tmp_path_factory) -> Path:
    home = tmp_path_factory.mktemp("browser-home")
    write_fixture_store(home / "atlas.lbug")
    return home


@pytest.fixture(scope="module")
def server(home):
    require_chromium()
    with serve_app(home, PHENOMENA_STORE="embedded") as base:  # a start that fails raises with the log
        yield base


@pytest.fixture(scope="module")
def browser(server):
    from playwright.sync_api import sync_playwright  # only the browser tests need Playwright
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM,
                                    args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        yield browser
        browser.close()


def route_loopback_only(context, schemes: tuple[str, ...] = ("data:", "blob:", "about:")) -> list[str]:
    """Abort every request of ``context`` that leaves the machine (loopback and ``schemes`` pass);
    returns the list the aborted URLs are recorded in."""
    attempted: list[str] = []

    def only_loopback(route):
        url = route.request.url
        if url.startswith(schemes) or urlparse(url).hostname in LOOPBACK:
            route.continue_()
        else:
            attempted.append(url)
            route.abort()

    context.route("**/*", only_loopback)
    return attempted


@pytest.fixture
def page(browser, request):
    """A fresh page whose off-machine requests are aborted, recorded, and fail the test."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    attempted = route_loopback_only(context)
    page = context.new_page()
    page.set_default_timeout(30_000)
    yield page
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    context.close()
    assert attempted == [], f"the app tried to reach the internet: {attempted}"
