"""The design's promises on every main page, at 360 and 1280 px wide.

For each page and width: nothing is wider than the window; no control a
keyboard reaches is cut off by the window, by the card it sits in or by a box
that clips its content; axe-core finds no violation (WCAG 2.2's 24 px
target-size rule included). For each page: the HTML the server sends is valid
(the W3C Nu HTML Checker, from npm, run once over every page: the JVM is slow
to start).

One data set and one crawl serve the whole module. The first test that needs
the results builds the data with the factories, visits every page at both
widths (one browser context per member and width) and runs the checker; then
each test asserts on its own page and width, so a failure names both. The
layout checks are tested first against a page broken on purpose, so they can
fail.
"""

import json
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from discovery.services import like_listing, save_search
from tests.e2e.helpers import axe_violations, log_in
from tests.factories import (
    ListingFactory,
    UserFactory,
    add_photos,
    buy,
    completed,
    conversation,
    message,
    offer,
)

WIDTHS = [360, 1280]
VNU_JAR = (
    Path(__file__).resolve().parents[2] / "node_modules/vnu-jar/build/dist/vnu.jar"
)
# Shared by the two layout checks: one pixel of slack for sub-pixel layout, and
# a short human description of an element.
_PRELUDE_JS = """
const SLACK = 1;
const describe = (el) => {
  let text = el.getAttribute('aria-label') || el.innerText || el.value
    || el.getAttribute('title') || el.getAttribute('name')
    || el.getAttribute('href') || '';
  text = String(text).replace(/\\s+/g, ' ').trim();
  if (text.length > 40) text = text.slice(0, 39) + '…';
  const id = el.id ? '#' + el.id : '';
  const classes = [...el.classList].map((name) => '.' + name).join('');
  return `<${el.tagName.toLowerCase()}${id}${classes}>` + (text ? ` “${text}”` : '');
};
"""

OVERFLOW_JS = (
    "() => {"
    + _PRELUDE_JS
    + """
  const width = window.innerWidth;
  const scrollWidth = document.documentElement.scrollWidth;
  if (scrollWidth <= width) return [];
  // The outermost elements reaching past the right edge, outside any box that
  // scrolls or clips them: the ones that make the page scroll sideways.
  const culprits = [];
  const contained = (el) => {
    for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
      if (getComputedStyle(a).overflowX !== 'visible') return true;
    }
    return false;
  };
  for (const el of document.body.querySelectorAll('*')) {
    const box = el.getBoundingClientRect();
    if (box.width === 0 || box.right <= width + SLACK) continue;
    const parent = el.parentElement;
    if (parent !== document.body
        && parent.getBoundingClientRect().right > width + SLACK) continue;
    if (contained(el)) continue;
    culprits.push(`${describe(el)} reaches ${Math.round(box.right)} px`);
  }
  return [`the page is ${scrollWidth} px wide in a ${width} px window`,
          ...culprits.slice(0, 8)];
}"""
)

CLIPPED_JS = (
    "() => {"
    + _PRELUDE_JS
    + """
  const FOCUSABLE = 'a[href], area[href], button, input, select, textarea, summary, '
    + 'iframe, audio[controls], video[controls], [tabindex], '
    + '[contenteditable]:not([contenteditable="false"])';
  const viewport = document.documentElement.clientWidth;
  const px = Math.round;
  const clips = (value) => value === 'hidden' || value === 'clip';
  const scrolls = (value) => value === 'auto' || value === 'scroll';
  // Does this ancestor hold absolutely positioned descendants (their containing block)?
  const holds = (style) => style.position !== 'static' || style.transform !== 'none'
    || style.filter !== 'none' || style.perspective !== 'none'
    || /layout|paint|strict|content/.test(style.contain);
  const outside = (inner, outer, axis) => axis === 'x'
    ? inner.left < outer.left - SLACK || inner.right > outer.right + SLACK
    : inner.top < outer.top - SLACK || inner.bottom > outer.bottom + SLACK;
  const span = (box, axis) => axis === 'x'
    ? `x ${px(box.left)}–${px(box.right)} px` : `y ${px(box.top)}–${px(box.bottom)} px`;
  const previous = document.activeElement;
  const problems = [];
  for (const el of document.querySelectorAll(FOCUSABLE)) {
    if (el.matches(':disabled, input[type="hidden"], [tabindex^="-"]')) continue;
    if (el.closest('[inert]')) continue;
    if (!el.checkVisibility({visibilityProperty: true})) continue;
    // Focused, as a keyboard user meets it (a skip link shows itself), without
    // scrolling: scrolling would hide what a clipping box cuts off.
    el.focus({preventScroll: true});
    const own = el.getBoundingClientRect();
    el.blur();
    // 1 px or less: visually hidden on purpose (a label or another element shows it).
    if (own.width <= 1 || own.height <= 1) continue;
    const what = describe(el);
    // What has to fit: the element, or the scrolling box that holds it (its
    // content is reached by scrolling that box).
    let subject = own;
    let via = '';
    let escapes = getComputedStyle(el).position === 'absolute';
    let fixed = getComputedStyle(el).position === 'fixed';
    let card = null;
    for (let a = el.parentElement;
         a && !fixed && a !== document.body && a !== document.documentElement;
         a = a.parentElement) {
      const style = getComputedStyle(a);
      // An absolutely positioned element escapes every box up to its containing block.
      if (escapes && !holds(style)) continue;
      escapes = style.position === 'absolute';
      fixed = style.position === 'fixed';
      const box = a.getBoundingClientRect();
      const name = describe(a).replace(/ “.*$/, '');
      if (scrolls(style.overflowX) || scrolls(style.overflowY)) {
        subject = box;
        via = ` (in the scrolling box ${name})`;
        continue;
      }
      for (const axis of ['x', 'y']) {
        const overflow = axis === 'x' ? style.overflowX : style.overflowY;
        if (clips(overflow) && outside(subject, box, axis)) {
          problems.push(`${what}${via} is cut off by ${name} (overflow ${overflow}): `
            + `${span(subject, axis)} outside ${span(box, axis)}`);
        }
      }
      if (!card && a.matches('.card, .listing-card')) {
        card = a;
        for (const axis of ['x', 'y']) {
          if (outside(subject, box, axis)) {
            problems.push(`${what}${via} sticks out of its card ${name}: `
              + `${span(subject, axis)} outside ${span(box, axis)}`);
          }
        }
      }
    }
    if (subject.left < -SLACK || subject.right > viewport + SLACK) {
      problems.push(`${what}${via} is outside the ${viewport} px window: `
        + span(subject, 'x'));
    }
  }
  if (previous && previous !== document.body) previous.focus({preventScroll: true});
  return [...new Set(problems)];
}"""
)


def horizontal_overflow(page) -> list[str]:
    """[] when the page fits its window, else the width and the elements too wide."""
    return page.evaluate(OVERFLOW_JS)


def clipped_focusables(page) -> list[str]:
    """Every visible control a keyboard reaches that the window, its card or a
    clipping box cuts off (measured while focused)."""
    return page.evaluate(CLIPPED_JS)


# --- The checks can fail: a page broken on purpose ------------------------------

BROKEN_PAGE = """<!doctype html>
<html lang="en"><head><title>Broken on purpose</title><style>
body { margin: 0; font: 16px/1.5 sans-serif; }
.skip { position: absolute; left: -9999px; } .skip:focus { left: 0; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden;
  clip: rect(0 0 0 0); white-space: nowrap; }
.card { width: 200px; border: 1px solid; }
.listing-card { width: 200px; }
.sticks-out { position: relative; left: 190px; }
.clipper { width: 120px; overflow: hidden; white-space: nowrap; }
.scroller { width: 200px; overflow-x: auto; white-space: nowrap; }
.scroller a { display: inline-block; width: 150px; }
.far { margin-left: 300px; white-space: nowrap; }
.menu-host { overflow: hidden; height: 30px; }
.menu { position: absolute; top: 400px; left: 10px; }
.pinned { position: relative; overflow: hidden; width: 100px; height: 40px; }
.pinned a { position: absolute; left: 90px; }
.wide { width: 500px; }
</style></head><body>
<a class="skip" href="#main">Skip to content</a>
<main id="main">
  <label>Agree <input class="visually-hidden" type="checkbox"></label>
  <div class="card">
    <a id="in-card" href="#a">Fits its card</a>
    <button id="out-of-card" class="sticks-out" type="button">Sticks out</button>
  </div>
  <div class="listing-card">
    <a id="out-of-listing" class="sticks-out" href="#l">Out</a>
  </div>
  <div class="clipper">
    <span>Some words first </span><a id="cut" href="#b">cut link</a>
  </div>
  <div class="scroller">
    <a href="#1">One</a><a href="#2">Two</a><a href="#3">Three</a>
  </div>
  <p><button id="past-the-edge" class="far" type="button">Past the edge</button></p>
  <div class="menu-host">
    <div class="menu"><a id="escapes" href="#m">Menu</a></div>
  </div>
  <div class="pinned"><a id="pinned-cut" href="#p">Pinned</a></div>
  <details>
    <summary>More</summary><a href="#d" class="far">Hidden in details</a>
  </details>
  <button class="far" type="button" disabled>Disabled</button>
  <a class="far" href="#x" tabindex="-1">Not in the tab order</a>
  <div class="wide">Too wide</div>
</main></body></html>"""

FINE_PAGE = """<!doctype html>
<html lang="en"><head><title>Fine</title></head><body>
<main><p><a href="#a">A link</a> <button type="button">A button</button></p></main>
</body></html>"""

TINY_TARGETS_PAGE = """<!doctype html>
<html lang="en"><head><title>Tiny targets</title><style>
button { width: 12px; height: 12px; padding: 0; margin: 0; border: 0; }
</style></head><body><main><h1>Tiny</h1>
<button type="button" aria-label="One"></button><button
  type="button" aria-label="Two"></button>
</main></body></html>"""


@pytest.fixture
def bare_page(browser):
    """A page with no server behind it, 360 px wide, for the checks' own tests."""
    context = browser.new_context(viewport={"width": 360, "height": 740})
    yield context.new_page()
    context.close()


def ids_named(problems) -> set[str]:
    return {
        found for problem in problems for found in re.findall(r"#([\w-]+)", problem)
    }


def test_layout_checks_find_what_is_broken(bare_page):
    bare_page.set_content(BROKEN_PAGE)

    clipped = clipped_focusables(bare_page)
    broken = {"out-of-card", "out-of-listing", "cut", "past-the-edge", "pinned-cut"}
    assert ids_named(clipped) == broken, clipped
    # Nothing else: the skip link, the visually hidden checkbox, the links in
    # the scrolling box, the escaping menu, the closed details, the disabled
    # button and the link out of the tab order are all fine.
    assert all(ids_named([line]) <= broken for line in clipped), clipped
    assert all(ids_named([line]) for line in clipped), clipped
    overflow = horizontal_overflow(bare_page)
    assert overflow[0] == "the page is 500 px wide in a 360 px window", overflow
    assert any(".wide" in line for line in overflow[1:]), overflow

    bare_page.set_content(FINE_PAGE)
    assert clipped_focusables(bare_page) == []
    assert horizontal_overflow(bare_page) == []


def test_axe_check_includes_target_size(bare_page):
    bare_page.set_content(TINY_TARGETS_PAGE)

    found = axe_violations(bare_page, enable=["target-size"])

    assert any(line.startswith("target-size ") for line in found), found
    assert not any(
        line.startswith("target-size ") for line in axe_violations(bare_page)
    ), "target-size is off unless asked for"


# --- The pages ---------------------------------------------------------------


@dataclass
class Data:
    """What the pages show: a seller with listings with photos, a buyer with an
    order awaiting shipment, a completed one, an offer, likes, a saved search,
    a conversation and notifications."""

    seller: object
    buyer: object
    lamp: object
    paid: object
    offer: object
    thread: object


def build_data() -> Data:
    seller = UserFactory(username="sam", display_name="Sam Seller")
    buyer = UserFactory(username="bea", display_name="Bea Buyer")
    lamp = ListingFactory(
        seller=seller,
        title="Brass desk lamp with a green glass shade",
        description="Works perfectly.\nA small scratch on the base, see photo 3.",
        price_cents=4500,
    )
    add_photos(lamp, 3, size=(800, 600))
    titles = [
        "Mid-century walnut side table with one drawer and tapered legs",
        "Lamp",
        "Anglepoise-style lamp, black",
        "Ceramic table lamp",
        "Vintage reading lamp with a very long title that wraps onto two lines",
    ]
    others = [
        ListingFactory(seller=seller, title=title, price_cents=1200 + 700 * number)
        for number, title in enumerate(titles)
    ]
    for listing in others:
        add_photos(listing, 1, size=(640, 800))
    sold = ListingFactory(seller=seller, title="Green glass lamp shade")
    add_photos(sold)
    completed(buy(sold, buyer=buyer))
    paid = buy(others[0], buyer=buyer)
    made = offer(others[2], buyer=buyer)
    like_listing(user=buyer, listing=lamp)
    like_listing(user=buyer, listing=sold)
    save_search(user=buyer, query="q=lamp")
    thread = conversation(lamp, member=buyer)
    message(thread, buyer, "Is the shade real glass?")
    message(thread, seller, "Yes, real glass, no chips.")
    return Data(seller, buyer, lamp, paid, made, thread)


def submit_empty_sell_form(page):
    """The sell form sent empty (the browser's own checks off): its errors."""
    page.goto("/items/new/")
    button = page.get_by_role("button", name="List item", exact=True)
    button.evaluate("button => { button.form.noValidate = true; }")
    with page.expect_response(lambda r: r.request.method == "POST") as answer:
        button.click()
    page.wait_for_load_state()
    return answer.value


@dataclass(frozen=True)
class Page:
    name: str
    who: str  # "visitor", "buyer" or "seller"
    path: object  # a path, or a function of Data giving one
    status: int = 200
    action: object = None  # instead of a plain visit: a function of the page


PAGES = [
    Page("home-visitor", "visitor", "/"),
    Page("search", "visitor", "/search/?q=lamp"),
    Page("category", "visitor", "/c/home-lighting/"),
    Page("item-visitor", "visitor", lambda d: d.lamp.get_absolute_url()),
    Page("item-member", "buyer", lambda d: d.lamp.get_absolute_url()),
    Page("home-member", "buyer", "/"),
    Page("sell", "seller", "/items/new/"),
    # The form with its errors answers 400.
    Page(
        "sell-errors",
        "seller",
        "/items/new/",
        status=400,
        action=submit_empty_sell_form,
    ),
    Page("checkout", "buyer", lambda d: f"/items/{d.lamp.pk}/buy/"),
    Page("offer-form", "buyer", lambda d: f"/items/{d.lamp.pk}/offer/"),
    Page("offer-seller", "seller", lambda d: d.offer.get_absolute_url()),
    Page("order-buyer", "buyer", lambda d: d.paid.get_absolute_url()),
    Page("order-seller", "seller", lambda d: d.paid.get_absolute_url()),
    Page("buying", "buyer", "/buying/"),
    Page("selling", "seller", "/selling/"),
    Page("likes", "buyer", "/likes/"),
    Page("saved-searches", "buyer", "/saved-searches/"),
    Page("messages", "buyer", "/messages/"),
    Page("thread", "buyer", lambda d: d.thread.get_absolute_url()),
    Page("notifications", "buyer", "/notifications/"),
    Page("settings", "buyer", "/accounts/settings/"),
    Page("profile", "buyer", lambda d: f"/u/{d.seller.username}/"),
    Page("balance", "seller", "/balance/"),
    Page("login", "visitor", "/accounts/login/"),
    Page("signup", "visitor", "/accounts/signup/"),
    Page("help-badges", "visitor", "/help/badges/"),
    Page("not-found", "visitor", "/no-such-page/", status=404),
]
PAGE_NAMES = [page.name for page in PAGES]
# Not a page: invalid on purpose, checked in the same run of the HTML checker.
INVALID_FIXTURE = "invalid-on-purpose"
INVALID_HTML = (
    '<!doctype html><html lang="en"><head><title>x</title></head>'
    '<body><p hx-get="/">Custom attribute</p><div><span></div></body></html>'
)


@dataclass
class Visit:
    path: str
    url: str
    status: int
    overflow: list[str]
    clipped: list[str]
    axe: list[str]
    screenshot: Path | None = None


@dataclass
class Crawl:
    visits: dict = field(default_factory=dict)  # (name, width) -> Visit
    html_errors: dict = field(default_factory=dict)  # name -> [message]
    done: bool = False
    failure: str = ""


def validate_html(folder: Path) -> dict[str, list[str]]:
    """One run of the Nu HTML Checker over every file in `folder`: errors by file."""
    java = shutil.which("java")
    if not java or not VNU_JAR.exists():
        pytest.fail(
            "The HTML checker needs Java and node_modules/vnu-jar: run "
            "`scripts/system-packages.sh --browser` and `npm ci --ignore-scripts` "
            "(as `make test` does).",
            pytrace=False,
        )
    files = sorted(folder.glob("*.html"))
    run = subprocess.run(
        [java, "-jar", str(VNU_JAR), "--errors-only", "--format", "json"]
        + [str(file) for file in files],
        capture_output=True,
        text=True,
        timeout=300,
    )
    report = json.loads(run.stderr or run.stdout or '{"messages": []}')
    errors = {file.stem: [] for file in files}
    for item in report["messages"]:
        stem = Path(item.get("url", "")).stem
        where = (
            f"{stem}.html:{item.get('lastLine', '?')}:{item.get('firstColumn', '?')}"
        )
        extract = " ".join(item.get("extract", "").split())
        errors.setdefault(stem, []).append(
            f"{where}: {item['message']}" + (f"  [{extract}]" if extract else "")
        )
    return errors


def run_crawl(crawl: Crawl, *, browser, base_url: str, folder: Path) -> None:
    """Visit and check every page at every width; then validate all the HTML.

    The server's HTML goes to `folder`/html, and a full-page screenshot of each
    page and width with a problem to `folder`/shots (named in the failure).
    """
    data = build_data()
    html, shots = folder / "html", folder / "shots"
    html.mkdir()
    shots.mkdir()
    for width in WIDTHS:
        contexts, pages = [], {}
        try:
            for who in ("visitor", "buyer", "seller"):
                context = browser.new_context(
                    base_url=base_url,
                    viewport={"width": width, "height": 800},
                    locale="en-US",
                )
                context.set_default_timeout(20_000)
                contexts.append(context)
                pages[who] = context.new_page()
                if who != "visitor":
                    log_in(pages[who], getattr(data, who).username)
            for spec in PAGES:
                crawl.visits[spec.name, width] = check_page(
                    pages[spec.who], spec, data, html=html, shots=shots, width=width
                )
        finally:
            for context in contexts:
                context.close()
    (html / f"{INVALID_FIXTURE}.html").write_text(INVALID_HTML, encoding="utf-8")
    crawl.html_errors = validate_html(html)


def check_page(page, spec: Page, data: Data, *, html, shots, width) -> Visit:
    path = spec.path(data) if callable(spec.path) else spec.path
    response = spec.action(page) if spec.action else page.goto(path)
    page.wait_for_load_state("load")
    html_file = html / f"{spec.name}.html"
    if not html_file.exists():
        # The HTML as the server sent it, before any script ran.
        html_file.write_text(response.text(), encoding="utf-8")
    found = Visit(
        path=path,
        url=page.url,
        status=response.status,
        overflow=horizontal_overflow(page),
        clipped=clipped_focusables(page),
        axe=axe_violations(page, enable=["target-size"]),
    )
    if found.overflow or found.clipped or found.axe:
        found.screenshot = shots / f"{spec.name}-{width}.png"
        page.screenshot(path=found.screenshot, full_page=True)
    return found


@pytest.fixture(scope="module")
def _crawl():
    return Crawl()


@pytest.fixture
def crawl(_crawl, request, browser, live_server, tmp_path_factory):
    """Every page visited at every width and checked: built by the first test
    that asks, then shared."""
    if _crawl.failure:
        pytest.fail(f"The crawl failed earlier: {_crawl.failure}", pytrace=False)
    if not _crawl.done:
        request.getfixturevalue("catalogue")
        try:
            run_crawl(
                _crawl,
                browser=browser,
                base_url=live_server.url,
                folder=tmp_path_factory.mktemp("design"),
            )
        except BaseException as error:
            _crawl.failure = f"{type(error).__name__}: {error}"
            raise
        _crawl.done = True
    return _crawl


def visit(crawl, name, width) -> Visit:
    spec = next(page for page in PAGES if page.name == name)
    found = crawl.visits[name, width]
    parts = urlsplit(found.url)
    landed = parts.path + (f"?{parts.query}" if parts.query else "")
    assert landed == found.path, (
        f"{name} at {width} px: asked for {found.path}, landed on {landed}"
    )
    assert found.status == spec.status, (
        f"{name} at {width} px: {found.url} answered {found.status}"
    )
    return found


def report(problems, found: Visit | None = None) -> str:
    lines = ["", *problems]
    if found is not None and found.screenshot:
        lines.append(f"Screenshot: {found.screenshot}")
    return "\n".join(lines)


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", PAGE_NAMES)
def test_page_fits_the_window(crawl, name, width):
    found = visit(crawl, name, width)
    assert found.overflow == [], report(found.overflow, found)


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", PAGE_NAMES)
def test_no_control_is_cut_off(crawl, name, width):
    found = visit(crawl, name, width)
    assert found.clipped == [], report(found.clipped, found)


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", PAGE_NAMES)
def test_no_axe_violations(crawl, name, width):
    found = visit(crawl, name, width)
    assert found.axe == [], report(found.axe, found)


@pytest.mark.parametrize("name", PAGE_NAMES)
def test_html_is_valid(crawl, name):
    assert crawl.html_errors[name] == [], report(crawl.html_errors[name])


def test_html_checker_finds_invalid_html(crawl):
    errors = crawl.html_errors[INVALID_FIXTURE]
    assert any("hx-get" in line for line in errors), errors
    assert any("span" in line for line in errors), errors
