"""`make screenshots`: full-page PNGs of the main pages at 360 and 1280 px.

Starts the development server on a free port with a throwaway SQLite database
seeded by seed_demo (scripts/demo_site.py), logs in the demo buyer and the demo
seller, and writes screenshots/<page>-<width>.png (the folder is emptied
first), listing what it wrote. Chromium is Debian's (/usr/bin/chromium, or
CHROMIUM_PATH), launched as the browser tests launch it.

    .venv/bin/python scripts/screenshots.py [--only item-member,checkout]
"""

import argparse
import os
import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from playwright.sync_api import sync_playwright  # noqa: E402

from scripts.demo_site import BUYER, ROOT, SELLER, demo_paths, demo_site  # noqa: E402
from tests.e2e.conftest import CHROMIUM_ARGS, DEFAULT_CHROMIUM  # noqa: E402

OUT = ROOT / "screenshots"
WIDTHS = {360: 740, 1280: 800}


def pages(paths: dict) -> list[tuple[str, str, str | None]]:
    """(name, who, path) for every main page; who is visitor, buyer or seller."""
    found = [
        ("home-visitor", "visitor", "/"),
        ("search", "visitor", paths["search"]),
        ("category", "visitor", paths["category"]),
        ("item-visitor", "visitor", paths["item"]),
        ("item-member", "buyer", paths["item"]),
        ("home-member", "buyer", "/"),
        ("sell", "seller", "/items/new/"),
        ("sell-errors", "seller", None),
        ("checkout", "buyer", f"/items/{paths['item_pk']}/buy/"),
        ("offer-form", "buyer", f"/items/{paths['item_pk']}/offer/"),
        ("offer", "buyer", paths["offer"]),
        ("order-buyer", "buyer", paths["order"]),
        ("order-seller", "seller", paths["order"]),
        ("buying", "buyer", "/buying/"),
        ("selling", "seller", "/selling/"),
        ("likes", "buyer", "/likes/"),
        ("saved-searches", "buyer", "/saved-searches/"),
        ("messages", "buyer", "/messages/"),
        ("thread", "buyer", paths["thread"]),
        ("notifications", "buyer", "/notifications/"),
        ("settings", "buyer", "/accounts/settings/"),
        ("profile", "visitor", f"/u/{SELLER[0]}/"),
        ("balance", "seller", "/balance/"),
        ("login", "visitor", "/accounts/login/"),
        ("signup", "visitor", "/accounts/signup/"),
        ("help-badges", "visitor", "/help/badges/"),
        ("not-found", "visitor", "/no-such-page/"),
    ]
    # The demo data has no order, offer or thread when seed_demo made no trades.
    return [page for page in found if page[0] == "sell-errors" or page[2]]


def log_in(page, username: str, password: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Username or email").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_load_state()
    if "/accounts/login/" in page.url:
        raise SystemExit(f"Could not log in as {username}.")


def show_sell_errors(page) -> None:
    """The sell form sent empty, the browser's own checks off: its errors."""
    page.goto("/items/new/")
    button = page.get_by_role("button", name="List item", exact=True)
    button.evaluate("button => { button.form.noValidate = true; }")
    with page.expect_navigation():
        button.click()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", help="comma-separated page names")
    options = parser.parse_args()
    only = set(options.only.split(",")) if options.only else None
    chromium = os.environ.get("CHROMIUM_PATH") or DEFAULT_CHROMIUM
    if not shutil.which(chromium):
        print(f"No Chromium at {chromium}: run scripts/system-packages.sh --browser")
        return 1
    shutil.rmtree(OUT, ignore_errors=True)
    OUT.mkdir()
    written = []
    with demo_site(production=False) as site, sync_playwright() as playwright:
        todo = [page for page in pages(demo_paths(site)) if not only or page[0] in only]
        browser = playwright.chromium.launch(
            executable_path=shutil.which(chromium), args=CHROMIUM_ARGS
        )
        for width, height in WIDTHS.items():
            tabs = {}
            for who, login in (("visitor", None), ("buyer", BUYER), ("seller", SELLER)):
                context = browser.new_context(
                    base_url=site.url,
                    viewport={"width": width, "height": height},
                    locale="en-US",
                )
                tabs[who] = context.new_page()
                if login:
                    log_in(tabs[who], *login)
            for name, who, path in todo:
                tab = tabs[who]
                if name == "sell-errors":
                    show_sell_errors(tab)
                else:
                    tab.goto(path)
                tab.wait_for_load_state("networkidle")
                file = OUT / f"{name}-{width}.png"
                tab.screenshot(path=file, full_page=True)
                written.append(file)
                print(f"  {file.relative_to(ROOT)}  ({tab.url.removeprefix(site.url)})")
            for tab in tabs.values():
                tab.context.close()
        browser.close()
    print(f"Wrote {len(written)} screenshots in {OUT.relative_to(ROOT)}/.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
