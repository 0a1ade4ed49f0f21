"""Browser-test harness: a real Chromium driven by Playwright against live_server.

Every test in tests/e2e is marked `e2e` (see pytest_collection_modifyitems).
Chromium comes from the system (`make test` installs Debian's chromium); set
CHROMIUM_PATH to use another binary. Playwright never downloads a browser here.
"""

import os
import shutil
from pathlib import Path

import pytest

E2E_DIR = Path(__file__).parent
DEFAULT_CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]

MOBILE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 800}
VIEWPORTS = {360: MOBILE, 1280: DESKTOP, "mobile": MOBILE, "desktop": DESKTOP}

# How long a locator or navigation may wait before the test fails.
TIMEOUT_MS = 10_000


def pytest_collection_modifyitems(config, items):
    """Mark every test collected from tests/e2e as `e2e`."""
    for item in items:
        if E2E_DIR in item.path.parents:
            item.add_marker(pytest.mark.e2e)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the item, so `page` can see a failed test."""
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


def _chromium_path() -> str:
    path = os.environ.get("CHROMIUM_PATH") or DEFAULT_CHROMIUM
    resolved = shutil.which(path)
    if not resolved:
        pytest.fail(
            f"Chromium not found at {path!r}. The browser tests need it: run "
            "`scripts/system-packages.sh --browser` (as `make test` does) or "
            "`sudo apt-get install chromium`, or set CHROMIUM_PATH.",
            pytrace=False,
        )
    return resolved


@pytest.fixture(scope="session")
def playwright():
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an asyncio event loop in the test thread; without
    # this, Django ORM calls made by the test (fixtures, assertions) would raise
    # SynchronousOnlyOperation. Set only while the browser tests need it.
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_playwright() as pw:
            yield pw


@pytest.fixture(scope="session")
def browser(playwright):
    browser = playwright.chromium.launch(
        executable_path=_chromium_path(), args=CHROMIUM_ARGS
    )
    yield browser
    browser.close()


@pytest.fixture
def new_page(browser, live_server, request, tmp_path):
    """Open a page in a fresh browser context: `new_page(360, javascript=False)`.

    Relative URLs given to page.goto() resolve against live_server.url. When the
    test fails, a screenshot of every page it opened is saved in its tmp_path.
    """
    contexts = []

    def make(width=DESKTOP["width"], height=None, javascript=True):
        viewport = dict(VIEWPORTS.get(width, {"width": width, "height": 800}))
        if height:
            viewport["height"] = height
        context = browser.new_context(
            base_url=live_server.url,
            viewport=viewport,
            locale="en-US",
            java_script_enabled=javascript,
        )
        context.set_default_timeout(TIMEOUT_MS)
        context.set_default_navigation_timeout(TIMEOUT_MS)
        contexts.append(context)
        return context.new_page()

    yield make

    failed = getattr(request.node, "rep_call", None)
    for number, context in enumerate(contexts):
        if failed is not None and failed.failed:
            for page_number, page in enumerate(context.pages):
                shot = tmp_path / f"failure-{number}-{page_number}.png"
                try:
                    page.screenshot(path=shot, full_page=True)
                    print(f"Screenshot of {page.url}: {shot}")
                except Exception as error:  # the page may already be gone
                    print(f"No screenshot of {page.url}: {error}")
        context.close()


@pytest.fixture
def page(new_page, request):
    """A page at desktop width (1280 px) by default.

    For another width, parametrize indirectly:
    `@pytest.mark.parametrize("page", [360, 1280], indirect=True)`.
    """
    return new_page(getattr(request, "param", DESKTOP["width"]))


@pytest.fixture
def mobile_page(new_page):
    """A page 360 px wide, the narrowest phone we support."""
    return new_page(MOBILE["width"])
