"""Build the benchmark database: N realistic listings loaded with LOAD DATA.

    .venv/bin/python bench/generate.py --rows 1000000 --database nomi_bench --seed 1

Drops and re-creates the database, migrates it, then writes members,
listings and photo rows to TSV files and loads them with
`LOAD DATA LOCAL INFILE`. The listing table's secondary and FULLTEXT indexes
are dropped before the load and re-created afterwards from the exact
definitions the migrations produced (checked with SHOW CREATE TABLE and
SHOW INDEX). Rows are generated in chunks by two processes while the main
process loads the chunks already written.

Writes bench/out/words.json (document frequency of every word, and the
words the load test searches for) and bench/out/dataset.json.
"""

import argparse
import json
import math
import multiprocessing
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from bisect import bisect_left
from collections import Counter
from datetime import UTC, datetime, timedelta
from itertools import accumulate
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import zipcodes  # noqa: E402

from bench.server import BENCH_DIR, PROJECT_DIR, database_url  # noqa: E402
from demo.photos import draw_photo  # noqa: E402
from demo.vocabulary import people  # noqa: E402
from demo.vocabulary import ranked as vocab  # noqa: E402
from listings.places import zip_codes_of_state  # noqa: E402

CHUNK_ROWS = 50_000
# Description words: rank r drawn with weight 1 / r**s; with about 18 draws
# a listing, rank 1 lands in ~80% of listings, rank 10 in ~15-25%.
BAG_ZIPF_EXPONENT = 0.8
YEARS_OF_LISTINGS = 2
PROTECTED_DATABASES = {
    "nomi",
    "test_nomi",
    "nomi_dev",
    "mysql",
    "sys",
    "information_schema",
    "performance_schema",
}
STATUS_WEIGHTS = {"on_sale": 80, "sold": 15, "paused": 3, "draft": 2}
CONDITION_WEIGHTS = {"new": 14, "like_new": 26, "good": 40, "fair": 15, "poor": 5}
TOKEN_RE = re.compile(r"\w+", re.UNICODE)  # as listings.search tokenises

LISTING_COLUMNS = [
    "id",
    "seller_id",
    "title",
    "description",
    "category_id",
    "department_id",
    "brand_id",
    "brand_name",
    "condition",
    "size",
    "colour",
    "price_cents",
    "shipping_payer",
    "shipping_tier_id",
    "shipping_cents",
    "ships_from_zip",
    "ships_from_city",
    "ships_from_state",
    "status",
    "like_count",
    "search_document",
    "removed_reason",
    "status_before_removal",
    "created_at",
    "updated_at",
    "published_at",
]
PHOTO_COLUMNS = [
    "id",
    "owner_id",
    "listing_id",
    "position",
    "image",
    "width",
    "height",
    "thumb_320",
    "thumb_640",
    "created_at",
]
USER_COLUMNS = [
    "id",
    "password",
    "last_login",
    "is_superuser",
    "username",
    "first_name",
    "last_name",
    "email",
    "is_staff",
    "is_active",
    "date_joined",
    "display_name",
    "bio",
    "avatar",
    "state",
    "email_verified_at",
    "vacation_until",
    "default_address_id",
    "time_zone",
    "suspension_reason",
    "badge_ships_fast",
    "badge_reliable",
    "badge_responsive",
]


# --- Small helpers ------------------------------------------------------------
def zipf_cumulative(n: int, s: float = 1.0) -> list[float]:
    return list(accumulate(1.0 / (r**s) for r in range(1, n + 1)))


def esc(value: str) -> str:
    """A value for LOAD DATA's default escaping (str.replace beats translate)."""
    return (
        value.replace("\\", "\\\\")
        .replace("\t", "\\t")
        .replace("\n", "\\n")
        .replace("\r", "\\r")
    )


EPOCH = datetime(1970, 1, 1)


def sql_datetime(epoch_us: int) -> str:
    return (EPOCH + timedelta(microseconds=epoch_us)).isoformat(
        " ", timespec="microseconds"
    )


class Progress:
    """A one-line progress bar on stderr."""

    def __init__(self, label: str, total: int):
        self.label, self.total, self.start = label, total, time.monotonic()
        self.tty = sys.stderr.isatty()
        self.last_print = 0.0

    def update(self, done: int, note: str = "") -> None:
        now = time.monotonic()
        if not self.tty and done < self.total and now - self.last_print < 5:
            return
        self.last_print = now
        share = done / self.total if self.total else 1
        elapsed = now - self.start
        eta = elapsed / share - elapsed if share > 0 else 0
        bar = "#" * int(share * 30)
        line = (
            f"{self.label} [{bar:<30}] {share:6.1%} {done:,}/{self.total:,} "
            f"{elapsed:5.0f}s eta {eta:4.0f}s {note}"
        )
        end = "\r" if self.tty and done < self.total else "\n"
        print(line.ljust(110), end=end, file=sys.stderr, flush=True)


class Ticker:
    """Elapsed seconds on stderr while a long statement runs."""

    def __init__(self, label: str):
        self.label = label

    def __enter__(self):
        self.start = time.monotonic()
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()
        return self

    def _run(self):
        tty = sys.stderr.isatty()
        while not self.stop.wait(1 if tty else 15):
            print(
                f"{self.label} … {time.monotonic() - self.start:4.0f}s",
                end="\r" if tty else "\n",
                file=sys.stderr,
                flush=True,
            )

    def __exit__(self, *exc):
        self.stop.set()
        self.thread.join()
        self.seconds = time.monotonic() - self.start
        print(f"{self.label}: {self.seconds:.1f}s".ljust(60), file=sys.stderr)


# --- Database access ----------------------------------------------------------
def connect(args, database=None):
    import MySQLdb

    kwargs = {
        "host": args.host,
        "port": args.port,
        "user": args.user,
        "charset": "utf8mb4",
        "local_infile": 1,
    }
    if args.password:
        kwargs["passwd"] = args.password
    if database:
        kwargs["db"] = database
    return MySQLdb.connect(**kwargs)


def scalar(cursor, sql, params=None):
    cursor.execute(sql, params)
    return cursor.fetchone()[0]


def load_file(cursor, path: Path, table: str, columns: list[str]) -> int:
    cols = ", ".join(f"`{c}`" for c in columns)
    cursor.execute(
        f"LOAD DATA LOCAL INFILE %s INTO TABLE `{table}` CHARACTER SET utf8mb4 "
        "FIELDS TERMINATED BY '\\t' ESCAPED BY '\\\\' LINES TERMINATED BY '\\n' "
        f"({cols})",
        [str(path)],
    )
    loaded = cursor.rowcount
    # LOCAL loads turn errors into warnings: any warning is a bad row.
    cursor.execute("SHOW WARNINGS LIMIT 5")
    warnings = cursor.fetchall()
    if warnings:
        raise SystemExit(f"LOAD DATA into {table} from {path.name}: {warnings}")
    return loaded


def check_columns(cursor, table: str, columns: list[str]) -> None:
    """Fail clearly if the schema has a column the generator does not fill."""
    cursor.execute(
        "SELECT COLUMN_NAME, IS_NULLABLE, COLUMN_DEFAULT FROM information_schema."
        "COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = %s",
        [table],
    )
    missing = [
        name
        for name, nullable, default in cursor.fetchall()
        if name not in columns and nullable == "NO" and default is None
    ]
    unknown = set(columns) - {row[0] for row in _columns(cursor, table)}
    if missing or unknown:
        raise SystemExit(
            f"{table}: the schema changed (not filled: {missing}, gone: "
            f"{sorted(unknown)}); update bench/generate.py"
        )


def _columns(cursor, table):
    cursor.execute(
        "SELECT COLUMN_NAME FROM information_schema.COLUMNS "
        "WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = %s",
        [table],
    )
    return cursor.fetchall()


def show_create(cursor, table: str) -> str:
    cursor.execute(f"SHOW CREATE TABLE `{table}`")
    return re.sub(r" AUTO_INCREMENT=\d+", "", cursor.fetchone()[1])


def index_definitions(create_sql: str) -> list[str]:
    """The KEY lines (not the primary key) of SHOW CREATE TABLE, in order."""
    return [
        line.strip().rstrip(",")
        for line in create_sql.splitlines()
        if re.match(r"\s*(UNIQUE |FULLTEXT |SPATIAL )?KEY `", line)
    ]


def show_index(cursor, table: str) -> list[tuple]:
    cursor.execute(f"SHOW INDEX FROM `{table}`")
    names = [d[0] for d in cursor.description]
    keep = [
        "Key_name",
        "Seq_in_index",
        "Column_name",
        "Collation",
        "Non_unique",
        "Sub_part",
        "Null",
        "Index_type",
    ]
    rows = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
    return sorted(tuple(row[k] for k in keep) for row in rows)


# --- The catalogue and members (main process) -----------------------------------
def load_catalogue(cursor) -> dict:
    cursor.execute(
        "SELECT c.id, c.name, c.slug, p.id, p.name FROM listings_category c "
        "JOIN listings_category p ON p.id = c.parent_id ORDER BY p.position, "
        "c.position, c.id"
    )
    leaves = [
        {"id": r[0], "name": r[1], "slug": r[2], "dept_id": r[3], "dept": r[4]}
        for r in cursor.fetchall()
    ]
    cursor.execute("SELECT id, name, `key` FROM listings_brand")
    brands = {key: (pk, name) for pk, name, key in cursor.fetchall()}
    cursor.execute(
        "SELECT id, price_cents FROM listings_shippingtier WHERE is_active "
        "ORDER BY position, max_weight_oz, id"
    )
    tiers = cursor.fetchall()
    if not leaves or not tiers:
        raise SystemExit("The catalogue is empty: did the migrations run?")
    return {"leaves": leaves, "brands": brands, "tiers": tiers}


def plan_members(count: int, seed: int, start: datetime, today) -> dict:
    """Members as rows, plus what listings need: activity weights and ZIPs."""
    rng = random.Random(f"nomi-bench:{seed}:members")
    # Usernames are made of the names, so only plain letters.
    first_names = [name.lower() for name in people.FIRST_NAMES if name.isalpha()]
    last_names = [name.lower() for name in people.LAST_NAMES if name.isalpha()]
    states = list(people.STATE_WEIGHTS)
    rows, weights, zips, away = [], [], [], []
    # Real ZIP codes, so cards and item pages name a city ("Ships from").
    places = {
        place["zip_code"]: (place["city"][:60], place["state"][:2])
        for place in zipcodes.filter_by(zip_code_type="STANDARD", active=True)
    }
    all_zips = sorted(places)
    for pk in range(1, count + 1):
        first = rng.choice(first_names)
        last = rng.choice(last_names)
        style = rng.random()
        stem = (
            f"{first}{last[0]}"
            if style < 0.4
            else f"{first}_{last}"
            if style < 0.7
            else f"{first}{last}"
        )
        username = f"{stem[:22]}{pk}"
        joined_us = int((start - timedelta(days=rng.uniform(1, 700))).timestamp() * 1e6)
        state = rng.choice(states)
        on_vacation = rng.random() < 0.01
        rows.append(
            [
                str(pk),
                "!",
                "\\N",
                "0",
                username,
                first.title(),
                last.title(),
                f"{username}@example.com",
                "0",
                "1",
                sql_datetime(joined_us),
                f"{first.title()} {last[0].upper()}.",
                "",
                "",
                state,
                sql_datetime(joined_us + 7 * 60 * 1_000_000),
                (today + timedelta(days=30)).isoformat() if on_vacation else "\\N",
                "\\N",
                "",  # time zone: the state's
                "",
                "0",
                "0",
                "0",
            ]
        )
        # A few busy sellers, many occasional ones (capped Pareto).
        weights.append(min(rng.paretovariate(1.2), 120.0))
        zips.append(rng.choice(zip_codes_of_state(state) or all_zips))
        away.append(on_vacation)
    return {
        "rows": rows,
        "cumulative": list(accumulate(weights)),
        "zips": zips,
        "all_zips": all_zips,
        "places": places,
        "away": away,
    }


# --- Images ---------------------------------------------------------------------
def draw_images(count: int, seed: int, media_root: Path) -> list[dict]:
    """`count` product-like pictures: display JPEG + 320/640 WebP thumbnails."""
    from marketplace.images import encode_fit

    folder = f"listings/bench/seed-{seed}"
    target = media_root / folder
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    pool = []
    for index in range(count):
        image = draw_photo(random.Random(f"nomi-bench:{seed}:image:{index}"))
        entry = {"width": 0, "height": 0}
        for key, side, fmt in (
            ("image", 1600, "JPEG"),
            ("thumb_320", 320, "WEBP"),
            ("thumb_640", 640, "WEBP"),
        ):
            encoded = encode_fit(image, max_side=side, fmt=fmt)
            suffix = "" if key == "image" else f"-{side}"
            name = f"{folder}/{index:03d}{suffix}.{'jpg' if fmt == 'JPEG' else 'webp'}"
            (media_root / name).write_bytes(encoded.content.read())
            entry[key] = name
            if key == "image":
                entry["width"], entry["height"] = encoded.width, encoded.height
        pool.append(entry)
    return pool


# --- Listings (worker processes) -------------------------------------------------
CTX: dict = {}  # set in the main process before the pool forks


def build_context(catalogue, members, pool, seed, rows, chunks, start_us, end_us):
    leaves = catalogue["leaves"]
    by_dept: dict[str, list] = {}
    for leaf in leaves:
        by_dept.setdefault(leaf["dept"], []).append(leaf)
    leaf_weights = []
    for dept, group in by_dept.items():
        weight = vocab.DEPARTMENT_WEIGHTS.get(dept, 3)
        # Inside a department, categories are Zipf-ish (s=0.7) in seeded order.
        shares = [1 / (r**0.7) for r in range(1, len(group) + 1)]
        total = sum(shares)
        leaf_weights += [
            (leaf, weight * share / total)
            for leaf, share in zip(group, shares, strict=True)
        ]
    brands = catalogue["brands"]
    dept_brands = {}
    for dept in by_dept:
        names = [
            brands[n.lower()]
            for n in vocab.DEPARTMENT_BRANDS.get(dept, [])
            if n.lower() in brands
        ]
        dept_brands[dept] = (names, zipf_cumulative(len(names), 1.0))
    nouns = {}
    for leaf in leaves:
        words = vocab.CATEGORY_NOUNS.get((leaf["dept"], leaf["name"]))
        if not words:
            words = [
                w
                for (d, _), ws in vocab.CATEGORY_NOUNS.items()
                if d == leaf["dept"]
                for w in ws
            ] or vocab.GENERIC_NOUNS
        nouns[leaf["id"]] = (words, zipf_cumulative(len(words), 1.0))
    tail = make_tail_names(seed, 30_000)
    return {
        "seed": seed,
        "rows": rows,
        "chunks": chunks,
        "start_us": start_us,
        "end_us": end_us,
        "leaves": [leaf for leaf, _ in leaf_weights],
        "leaf_cumulative": list(accumulate(w for _, w in leaf_weights)),
        "dept_brands": dept_brands,
        "nouns": nouns,
        "tiers": catalogue["tiers"],
        "tier_cumulative": {
            dept: list(accumulate(vocab.DEPARTMENT_TIERS.get(dept, [1])))
            for dept in by_dept
        },
        "members": members,
        "pool": pool,
        "adjectives": (
            vocab.TITLE_ADJECTIVES,
            zipf_cumulative(len(vocab.TITLE_ADJECTIVES), 1.0),
        ),
        "colours": (vocab.COLOURS, zipf_cumulative(len(vocab.COLOURS), 1.0)),
        "bag": (
            vocab.DESCRIPTION_WORDS,
            zipf_cumulative(len(vocab.DESCRIPTION_WORDS), BAG_ZIPF_EXPONENT),
        ),
        "openers": (vocab.OPENERS, zipf_cumulative(len(vocab.OPENERS), 1.0)),
        "closers": (vocab.CLOSERS, zipf_cumulative(len(vocab.CLOSERS), 1.0)),
        "tail": (tail, zipf_cumulative(len(tail), 1.0)),
        "candidates": candidate_words(catalogue, tail),
        "pairs": candidate_pairs(),
    }


def make_tail_names(seed: int, count: int) -> list[str]:
    """Invented model/series names ("Korvani", "Sheldax"), each different."""
    rng = random.Random(f"nomi-bench:{seed}:tail")
    known = {t for text in all_vocab_text() for t in TOKEN_RE.findall(text.lower())}
    names, seen = [], set()
    while len(names) < count:
        syllables = rng.choice([2, 2, 2, 3])
        word = "".join(
            rng.choice(vocab.ONSETS) + rng.choice(vocab.VOWELS)
            for _ in range(syllables)
        ) + rng.choice(vocab.CODAS)
        if not 5 <= len(word) <= 9 or word in seen:
            continue
        # Not starting with a real word, so a search for "great" or "bra"
        # does not also match invented names.
        if any(word[:k] in known for k in range(3, len(word) + 1)):
            continue
        seen.add(word)
        names.append(word.title())
    return names


def all_vocab_text() -> list[str]:
    texts = list(vocab.TITLE_ADJECTIVES) + vocab.COLOURS + vocab.DESCRIPTION_WORDS
    texts += vocab.OPENERS + vocab.CLOSERS + vocab.NEW_TAGS + vocab.GENERIC_NOUNS
    for ws in vocab.CATEGORY_NOUNS.values():
        texts += ws
    for ws in vocab.DEPARTMENT_BRANDS.values():
        texts += ws
    return texts


def candidate_words(catalogue, tail) -> set[str]:
    """Words whose prefix document frequency is counted (what search matches)."""
    texts = all_vocab_text() + [t.lower() for t in tail]
    texts += [leaf["name"] for leaf in catalogue["leaves"]]
    texts += [leaf["dept"] for leaf in catalogue["leaves"]]
    texts += [name for _, name in catalogue["brands"].values()]
    return {t for text in texts for t in TOKEN_RE.findall(text.lower()) if len(t) >= 2}


def candidate_pairs() -> list[tuple[str, str]]:
    """Two-word queries people type; their co-occurrence is counted exactly."""
    return [
        ("vintage", "jacket"),
        ("leather", "jacket"),
        ("leather", "boots"),
        ("wireless", "headphones"),
        ("vintage", "camera"),
        ("black", "dress"),
        ("nike", "sneakers"),
        ("lego", "set"),
        ("blue", "jeans"),
        ("classic", "watch"),
        ("vintage", "tee"),
        ("oversized", "sweater"),
        ("wool", "coat"),
        ("mini", "dress"),
        ("cozy", "cardigan"),
        ("retro", "console"),
        ("silk", "blouse"),
        ("great", "pockets"),
        ("soft", "hoodie"),
        ("cotton", "tee"),
    ]


def pick(rng, items_cum):
    items, cum = items_cum
    return items[bisect_left(cum, rng.random() * cum[-1])]


def pick_many(rng, items_cum, k):
    items, cum = items_cum
    total = cum[-1]
    return [items[bisect_left(cum, rng.random() * total)] for _ in range(k)]


def chunk_bounds(index: int) -> tuple[int, int]:
    rows, chunks = CTX["rows"], CTX["chunks"]
    first = rows * index // chunks
    return first, rows * (index + 1) // chunks


def generate_chunk(args) -> dict:
    """Write listing and photo rows of one chunk; return its word counts."""
    index, folder = args
    started = time.monotonic()
    ctx = CTX
    rng = random.Random(f"nomi-bench:{ctx['seed']}:chunk:{index}")
    first, last = chunk_bounds(index)
    n = last - first
    chunks = ctx["chunks"]
    # Listing times: a sorted uniform sample of this chunk's slice of (0, 1),
    # mapped so that more listings are recent (the site grows).
    us = sorted(index / chunks + rng.random() / chunks for _ in range(n))
    span = ctx["end_us"] - ctx["start_us"]
    leaves, leaf_cum = ctx["leaves"], ctx["leaf_cumulative"]
    members = ctx["members"]
    member_cum = members["cumulative"]
    tiers = ctx["tiers"]
    statuses = list(STATUS_WEIGHTS)
    status_cum = list(accumulate(STATUS_WEIGHTS.values()))
    conditions = list(CONDITION_WEIGHTS)
    condition_cum = list(accumulate(CONDITION_WEIGHTS.values()))
    candidates = ctx["candidates"]
    pairs = ctx["pairs"]
    prefix_cache: dict[str, tuple] = {}
    df_token: Counter = Counter()
    df_prefix: Counter = Counter()
    pair_counts: Counter = Counter()
    status_counts: Counter = Counter()
    pool = ctx["pool"]
    listing_path = Path(folder) / f"listings-{index:04d}.tsv"
    photo_path = Path(folder) / f"photos-{index:04d}.tsv"
    with (
        open(listing_path, "w", encoding="utf-8", newline="\n") as lf,
        open(photo_path, "w", encoding="utf-8", newline="\n") as pf,
    ):
        for j in range(n):
            pk = first + j + 1
            when_us = ctx["start_us"] + int(span * us[j] ** 0.75)
            leaf = leaves[bisect_left(leaf_cum, rng.random() * leaf_cum[-1])]
            dept = leaf["dept"]
            seller = bisect_left(member_cum, rng.random() * member_cum[-1])
            status = statuses[bisect_left(status_cum, rng.random() * status_cum[-1])]
            status_counts[status] += 1
            condition = conditions[
                bisect_left(condition_cum, rng.random() * condition_cum[-1])
            ]
            # Brand
            brand_id, brand_name = None, ""
            names = ctx["dept_brands"].get(dept)
            if names and names[0] and rng.random() < vocab.BRAND_SHARE.get(dept, 0.4):
                brand_id, brand_name = pick(rng, names)
            noun = pick(rng, ctx["nouns"][leaf["id"]])
            # Size and colour
            size = ""
            kind = vocab.SIZED_DEPARTMENTS.get(dept)
            if leaf["name"] in vocab.SHOE_CATEGORIES:
                kind = "shoes"
            sized = kind and leaf["name"] not in vocab.UNSIZED_CATEGORIES
            if sized and rng.random() < 0.95:
                size = rng.choice(vocab.SIZES[kind])
            colour = ""
            if dept in vocab.COLOURED_DEPARTMENTS and rng.random() < 0.75:
                colour = pick(rng, ctx["colours"])
            # Title: [brand] [adjective] [colour] [model] noun [— size/tag]
            parts = [brand_name] if brand_name else []
            if rng.random() < 0.6:
                parts.append(pick(rng, ctx["adjectives"]))
            if rng.random() < 0.25:
                adjective = pick(rng, ctx["adjectives"])
                if adjective not in parts:
                    parts.append(adjective.lower())
            if colour and rng.random() < 0.4:
                parts.append(colour)
            if rng.random() < 0.3:
                parts.append(pick(rng, ctx["tail"]))
            parts.append(noun.title() if rng.random() < 0.7 else noun)
            title = " ".join(parts)
            if condition == "new" and rng.random() < 0.4:
                title += " — " + rng.choice(vocab.NEW_TAGS)
            elif size and rng.random() < 0.5:
                title += f" — size {size}"
            if len(title) > 80:
                title = title[:80].rsplit(" ", 1)[0]
            # Description: an opener, one to three sentences from the word bag,
            # a details line, closers.
            opener = pick(rng, ctx["openers"]).format(
                noun=noun,
                noun_cap=noun[:1].upper() + noun[1:],
                condition=vocab.CONDITION_WORDS[condition],
            )
            sentences = [opener]
            for _ in range(rng.randint(2, 4)):
                bag = dict.fromkeys(pick_many(rng, ctx["bag"], rng.randint(4, 8)))
                sentence = " ".join(bag)
                sentences.append(sentence[:1].upper() + sentence[1:] + ".")
            paragraphs = [" ".join(sentences)]
            details = []
            if brand_name:
                details.append(f"Brand: {brand_name}")
            if size:
                details.append(f"Size: {size}")
            if colour:
                details.append(f"Color: {colour}")
            if details:
                paragraphs.append(" · ".join(details))
            closers = dict.fromkeys(pick_many(rng, ctx["closers"], rng.randint(0, 2)))
            if closers:
                paragraphs.append(" ".join(closers))
            description = "\n\n".join(paragraphs)[:1000]
            # Exactly listings.search.document_for's format.
            doc_parts = [title] * 3 + [
                brand_name,
                leaf["name"],
                dept,
                size,
                colour,
                description,
            ]
            document = " ".join(p for p in doc_parts if p)
            tokens = set(TOKEN_RE.findall(document.lower()))
            df_token.update(tokens)
            hits = set()
            for token in tokens:
                prefixes = prefix_cache.get(token)
                if prefixes is None:
                    prefixes = tuple(
                        token[:k]
                        for k in range(1, len(token) + 1)
                        if token[:k] in candidates
                    )
                    prefix_cache[token] = prefixes
                hits.update(prefixes)
            df_prefix.update(hits)
            for a, b in pairs:
                if a in hits and b in hits:
                    pair_counts[f"{a} {b}"] += 1
            # Money and shipping
            low, high = vocab.DEPARTMENT_PRICES.get(dept, (5, 100))
            dollars = math.exp(rng.uniform(math.log(low), math.log(high)))
            if dollars >= 50:
                dollars = 5 * round(dollars / 5)
            price = min(max(round(dollars), 1), 2000) * 100
            tier_cum = ctx["tier_cumulative"][dept]
            tier_pos = min(
                bisect_left(tier_cum, rng.random() * tier_cum[-1]), len(tiers) - 1
            )
            tier_id, tier_cents = tiers[tier_pos]
            payer = (
                "seller"
                if rng.random() < (0.45 if price >= 5000 else 0.25)
                else "buyer"
            )
            zip_code = members["zips"][seller]
            if rng.random() < 0.1:
                zip_code = rng.choice(members["all_zips"])
            city, state = members["places"].get(zip_code, ("", ""))
            likes = min(int(rng.paretovariate(1.1)) - 1, 5000)
            when = sql_datetime(when_us)
            published = "\\N" if status == "draft" else when
            lf.write(
                "\t".join(
                    (
                        str(pk),
                        str(seller + 1),
                        esc(title),
                        esc(description),
                        str(leaf["id"]),
                        str(leaf["dept_id"]),
                        str(brand_id) if brand_id else "\\N",
                        esc(brand_name),
                        condition,
                        size,
                        colour,
                        str(price),
                        payer,
                        str(tier_id),
                        str(tier_cents),
                        zip_code,
                        esc(city),
                        state,
                        status,
                        str(likes),
                        esc(document),
                        "",
                        "",
                        when,
                        when,
                        published,
                    )
                )
                + "\n"
            )
            image = pool[rng.randrange(len(pool))]
            pf.write(
                f"{pk}\t{seller + 1}\t{pk}\t0\t{image['image']}\t{image['width']}\t"
                f"{image['height']}\t{image['thumb_320']}\t{image['thumb_640']}\t"
                f"{when}\n"
            )
    return {
        "index": index,
        "rows": n,
        "listings": str(listing_path),
        "photos": str(photo_path),
        "df_token": df_token,
        "df_prefix": df_prefix,
        "pairs": pair_counts,
        "statuses": status_counts,
        "seconds": time.monotonic() - started,
    }


# --- Word statistics ----------------------------------------------------------------
def searchable(word: str) -> bool:
    """A plain word the FULLTEXT index holds (the app's own rules)."""
    from listings.search import INNODB_STOPWORDS, MIN_INDEXED_LENGTH

    return (
        word.isalpha()
        and word.isascii()
        and len(word) >= MIN_INDEXED_LENGTH
        and word not in INNODB_STOPWORDS
    )


def is_whole_word(entry) -> bool:
    """Searching the word finds (almost) only the word, not longer ones."""
    return entry["exact_rows"] >= 0.99 * entry["rows"]


def word_report(rows, df_token, df_prefix, pairs) -> dict:
    """words.json: what a search for each word matches, and the picks."""

    def share(n):
        return round(n / rows, 6)

    words = [
        {
            "word": w,
            "rows": n,  # rows with a word starting with w: what search matches
            "share": share(n),
            "exact_rows": df_token.get(w, 0),  # rows with exactly the word w
        }
        for w, n in df_prefix.most_common()
    ]

    def closest(target_share=None, target_rows=None, *, exact_only=True):
        pool = [
            e
            for e in words
            if searchable(e["word"]) and (not exact_only or is_whole_word(e))
        ]
        if target_rows is not None:
            return min(pool, key=lambda e: abs(e["rows"] - target_rows))
        return min(pool, key=lambda e: abs(e["share"] - target_share))

    pair_list = [
        {"words": p, "rows": n, "share": share(n)} for p, n in pairs.most_common()
    ]
    two = min(pair_list, key=lambda e: abs(math.log(max(e["share"], 1e-9) / 0.01)))
    picks = {
        "common": closest(0.80),
        "frequent": closest(0.15),
        "uncommon": closest(0.01),
        "rare": closest(target_rows=40),
        "two_words": two,
    }
    bands = {}
    for name, low, high in (
        ("over_50pct", 0.5, 1.01),
        ("10_to_20pct", 0.10, 0.20),
        ("0.5_to_2pct", 0.005, 0.02),
        ("20_to_60_rows", 20 / rows, 60 / rows),
    ):
        bands[name] = [
            e["word"]
            for e in words
            if low <= e["share"] < high and searchable(e["word"]) and is_whole_word(e)
        ][:25]
    return {
        "rows": rows,
        "note": (
            "rows = listings whose search_document has a word starting with "
            "`word` (what FULLTEXT '+word*' and the walk's REGEXP match), "
            "counted while generating; exact_rows = listings with the word itself. "
            "Counts include every status."
        ),
        "picks": picks,
        "bands": bands,
        "pairs": pair_list,
        "words": words,
    }


# --- Main -----------------------------------------------------------------------------
def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    env = os.environ.get
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--members", type=int, help="default: rows / 20")
    parser.add_argument("--database", default=env("BENCH_DB_NAME", "nomi_bench"))
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--host", default=env("BENCH_DB_HOST", "127.0.0.1"))
    parser.add_argument("--port", type=int, default=int(env("BENCH_DB_PORT", "3306")))
    parser.add_argument("--user", default=env("BENCH_DB_USER", "root"))
    parser.add_argument("--password", default=env("BENCH_DB_PASSWORD", ""))
    parser.add_argument(
        "--media-root",
        type=Path,
        default=Path(env("BENCH_MEDIA_ROOT", BENCH_DIR / "out" / "media")),
    )
    parser.add_argument("--out", type=Path, default=BENCH_DIR / "out")
    parser.add_argument("--images", type=int, default=50)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--keep-indexes",
        action="store_true",
        help="load into the fully indexed table (slow; for comparison)",
    )
    args = parser.parse_args()
    if args.members is None:
        args.members = max(args.rows // 20, 10)
    name = args.database
    if name.lower() in PROTECTED_DATABASES or "bench" not in name.lower():
        parser.error(f"refusing to drop {name!r}: the name must contain 'bench'")
    if not re.fullmatch(r"[A-Za-z0-9_]+", name):
        parser.error("database names are letters, digits and _")
    return args


def main():
    args = parse_args()
    t0 = time.monotonic()
    timings = {}
    args.out.mkdir(parents=True, exist_ok=True)
    server = connect(args)
    cur = server.cursor()
    version = scalar(cur, "SELECT VERSION()")
    pool_bytes = scalar(cur, "SELECT @@innodb_buffer_pool_size")
    print(f"MariaDB {version} at {args.host}:{args.port}")
    print(f"InnoDB buffer pool: {pool_bytes / 2**20:.0f} MiB ({pool_bytes} bytes)")
    print(f"Re-creating database {args.database} (utf8mb4_unicode_ci)")
    cur.execute(f"DROP DATABASE IF EXISTS `{args.database}`")
    cur.execute(
        f"CREATE DATABASE `{args.database}` CHARACTER SET utf8mb4 "
        "COLLATE utf8mb4_unicode_ci"
    )
    server.close()

    # Migrations (system checks skipped: only the schema matters here).
    os.environ["DATABASE_URL"] = database_url(args)
    os.environ["MEDIA_ROOT"] = str(args.media_root.resolve())
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "marketplace.settings")
    # Production settings refuse to start without a key; this run signs nothing.
    os.environ.setdefault("DJANGO_SECRET_KEY", "bench-generate-" + os.urandom(24).hex())
    started = time.monotonic()
    subprocess.run(
        [
            sys.executable,
            "manage.py",
            "migrate",
            "--noinput",
            "--skip-checks",
            "-v",
            "0",
        ],
        cwd=PROJECT_DIR,
        check=True,
    )
    timings["migrate"] = time.monotonic() - started
    print(f"Migrated in {timings['migrate']:.1f}s")

    import django

    django.setup()

    conn = connect(args, args.database)
    cur = conn.cursor()
    cur.execute("SET SESSION foreign_key_checks = 0, unique_checks = 0")
    catalogue = load_catalogue(cur)
    for table, columns in (
        ("accounts_user", USER_COLUMNS),
        ("listings_listing", LISTING_COLUMNS),
        ("listings_listingphoto", PHOTO_COLUMNS),
    ):
        check_columns(cur, table, columns)

    started = time.monotonic()
    pool = draw_images(args.images, args.seed, args.media_root)
    timings["images"] = time.monotonic() - started
    print(f"Drew {len(pool)} images into {args.media_root} in {timings['images']:.1f}s")

    now = datetime.now(UTC).replace(tzinfo=None)
    end = now - timedelta(minutes=5)
    start = end - timedelta(days=365 * YEARS_OF_LISTINGS)
    members = plan_members(
        args.members, args.seed, start.replace(tzinfo=UTC), now.date()
    )

    with tempfile.TemporaryDirectory(prefix="nomi-bench-") as folder:
        started = time.monotonic()
        users_path = Path(folder) / "users.tsv"
        with open(users_path, "w", encoding="utf-8", newline="\n") as f:
            for row in members["rows"]:
                f.write("\t".join(esc(v) if v != "\\N" else v for v in row) + "\n")
        loaded = load_file(cur, users_path, "accounts_user", USER_COLUMNS)
        conn.commit()
        timings["members"] = time.monotonic() - started
        print(f"Loaded {loaded:,} members in {timings['members']:.1f}s")

        before_sql = show_create(cur, "listings_listing")
        before_index = show_index(cur, "listings_listing")
        definitions = index_definitions(before_sql)
        if not args.keep_indexes:
            drops = ", ".join(
                "DROP INDEX " + re.search(r"KEY (`[^`]+`)", d).group(1)
                for d in definitions
            )
            cur.execute(f"ALTER TABLE listings_listing {drops}")
            print(f"Dropped {len(definitions)} listing indexes for the load")

        chunks = max(1, math.ceil(args.rows / CHUNK_ROWS))
        epoch = datetime(1970, 1, 1)
        CTX.update(
            build_context(
                catalogue,
                members,
                pool,
                args.seed,
                args.rows,
                chunks,
                int((start - epoch).total_seconds() * 1e6),
                int((end - epoch).total_seconds() * 1e6),
            )
        )
        df_token, df_prefix, pairs, statuses = (
            Counter(),
            Counter(),
            Counter(),
            Counter(),
        )
        started = time.monotonic()
        progress = Progress("Listings", args.rows)
        done = 0
        gen_seconds = load_seconds = 0.0
        context = multiprocessing.get_context("fork")
        with context.Pool(args.workers) as workers:
            jobs = workers.imap(
                generate_chunk, [(i, folder) for i in range(chunks)], chunksize=1
            )
            for result in jobs:
                gen_seconds += result["seconds"]
                load_started = time.monotonic()
                n = load_file(
                    cur, Path(result["listings"]), "listings_listing", LISTING_COLUMNS
                )
                load_file(
                    cur, Path(result["photos"]), "listings_listingphoto", PHOTO_COLUMNS
                )
                conn.commit()
                load_seconds += time.monotonic() - load_started
                if n != result["rows"]:
                    raise SystemExit(f"chunk {result['index']}: loaded {n} rows")
                os.unlink(result["listings"])
                os.unlink(result["photos"])
                df_token.update(result["df_token"])
                df_prefix.update(result["df_prefix"])
                pairs.update(result["pairs"])
                statuses.update(result["statuses"])
                done += n
                progress.update(done, f"(load {load_seconds:.0f}s)")
        timings["listings_generate_and_load"] = time.monotonic() - started
        timings["listings_generate_cpu_seconds"] = gen_seconds
        timings["listings_load_data_seconds"] = load_seconds

    if not args.keep_indexes:
        btree = [d for d in definitions if not d.startswith("FULLTEXT")]
        fulltext = [d for d in definitions if d.startswith("FULLTEXT")]
        with Ticker(f"Re-creating {len(btree)} B-tree indexes") as tick:
            cur.execute(
                "ALTER TABLE listings_listing " + ", ".join(f"ADD {d}" for d in btree)
            )
        timings["btree_indexes"] = tick.seconds
        for definition in fulltext:
            with Ticker("Re-creating the FULLTEXT index") as tick:
                cur.execute(f"ALTER TABLE listings_listing ADD {definition}")
            timings["fulltext_index"] = tick.seconds
        after_sql = show_create(cur, "listings_listing")
        after_index = show_index(cur, "listings_listing")
        if after_index != before_index:
            raise SystemExit(
                "Indexes differ from the migrations':\n"
                f"before {before_index}\nafter {after_index}"
            )
        same_sql = after_sql == before_sql
        print(
            "Indexes match the migrations (SHOW INDEX"
            + (", SHOW CREATE TABLE identical)" if same_sql else ")")
        )
        if not same_sql:
            print("note: SHOW CREATE TABLE text differs (order only?)")

    with Ticker("ANALYZE TABLE") as tick:
        for table in ("accounts_user", "listings_listing", "listings_listingphoto"):
            cur.execute(f"ANALYZE TABLE `{table}`")
            cur.fetchall()
    timings["analyze"] = tick.seconds
    conn.commit()

    verify(cur, args)
    report = word_report(args.rows, df_token, df_prefix, pairs)
    (args.out / "words.json").write_text(json.dumps(report, indent=1))
    total = time.monotonic() - t0
    timings["total"] = total
    members_by_listings = top_sellers(cur)
    dataset = {
        "database": args.database,
        "rows": args.rows,
        "members": args.members,
        "seed": args.seed,
        "images": len(pool),
        "media_root": str(args.media_root.resolve()),
        "mariadb": version,
        "innodb_buffer_pool_bytes": pool_bytes,
        "statuses": dict(statuses),
        "generated_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "listed_between": [start.isoformat() + "Z", end.isoformat() + "Z"],
        "top_sellers": members_by_listings,
        "seconds": {k: round(v, 1) for k, v in timings.items()},
    }
    (args.out / "dataset.json").write_text(json.dumps(dataset, indent=1))
    print_summary(report, dataset)
    conn.close()


def verify(cur, args) -> None:
    """Counts, and a sample checked against the app's own document_for()."""
    from listings.models import Listing
    from listings.search import document_for

    count = scalar(cur, "SELECT COUNT(*) FROM listings_listing")
    photos = scalar(cur, "SELECT COUNT(*) FROM listings_listingphoto")
    members = scalar(cur, "SELECT COUNT(*) FROM accounts_user")
    if (count, photos, members) != (args.rows, args.rows, args.members):
        raise SystemExit(
            f"counts: {count} listings, {photos} photos, {members} members"
        )
    rng = random.Random(args.seed)
    ids = [rng.randint(1, args.rows) for _ in range(300)]
    bad = []
    for listing in Listing.objects.select_related("category__parent").filter(
        pk__in=ids
    ):
        if listing.search_document != document_for(listing):
            bad.append(listing.pk)
        if listing.department_id != listing.category.parent_id:
            bad.append(listing.pk)
    if bad:
        raise SystemExit(
            f"search_document/department differ from the app's: {bad[:10]}"
        )
    print(f"Verified: counts, and {len(set(ids))} sampled documents = document_for()")


def top_sellers(cur) -> list[dict]:
    cur.execute(
        "SELECT u.username, COUNT(*) FROM listings_listing l "
        "JOIN accounts_user u ON u.id = l.seller_id "
        "WHERE l.status = 'on_sale' AND u.vacation_until IS NULL "
        "GROUP BY l.seller_id ORDER BY COUNT(*) DESC LIMIT 5"
    )
    return [{"username": u, "on_sale": n} for u, n in cur.fetchall()]


def print_summary(report, dataset) -> None:
    rows = report["rows"]
    print()
    print(f"{rows:,} listings, {dataset['members']:,} members, {rows:,} photo rows")
    print(
        "Statuses: "
        + ", ".join(
            f"{k} {v / rows:.1%}" for k, v in sorted(dataset["statuses"].items())
        )
    )
    print(f"Buffer pool: {dataset['innodb_buffer_pool_bytes'] / 2**20:.0f} MiB")
    print("Words searched by bench/load.py (rows matching, all statuses):")
    for name, entry in report["picks"].items():
        label = entry.get("word") or entry.get("words")
        print(
            f"  {name:10} {label!r:28} {entry['rows']:>9,} rows ({entry['share']:.3%})"
        )
    print(
        "Timings (s): " + ", ".join(f"{k} {v}" for k, v in dataset["seconds"].items())
    )


if __name__ == "__main__":
    main()
