"""What sells in each category, by department, keyed (department, category).

Keys are the department and category names seeded by
listings/migrations/0002_seed_catalogue.py.
"""

from demo.vocabulary.catalogue import (
    beauty,
    electronics,
    home,
    kids,
    media,
    men,
    other,
    sports,
    toys,
    vintage,
    women,
)
from demo.vocabulary.kinds import Kind
from demo.vocabulary.wording import GENERAL_NOTES

CATALOGUE: dict[tuple[str, str], Kind] = {
    **women.KINDS,
    **men.KINDS,
    **kids.KINDS,
    **home.KINDS,
    **electronics.KINDS,
    **toys.KINDS,
    **sports.KINDS,
    **beauty.KINDS,
    **media.KINDS,
    **vintage.KINDS,
    **other.KINDS,
}
# Categories staff add later get wording from their department, or the last one.
GENERIC_KIND = Kind(
    items="""
    Bundle
    Set
    Collection
    """,
    price=(5, 60),
    weight=(8, 64),
    notes=GENERAL_NOTES,
)
GENERIC_KINDS: dict[str, Kind] = {}
for (_department, _category), _kind in CATALOGUE.items():
    GENERIC_KINDS.setdefault(_department, _kind)
