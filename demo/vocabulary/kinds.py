"""The shape of the catalogue vocabulary: what sells in one category."""

from dataclasses import dataclass
from functools import cached_property


@dataclass(frozen=True)
class Item:
    name: str
    brand: str = ""
    price: tuple[int, int] | None = None
    weight: int | None = None


@dataclass(frozen=True)
class Kind:
    """What sells in one category: typical prices in dollars, weights in ounces.

    `items` holds one item a line: `Name`, or `Brand|Name|low|high[|ounces]`
    for a model with its own price range (and weight); Brand may be empty.
    `brands` (used for plain names) and `styles` are comma-separated.
    """

    items: str
    price: tuple[int, int]
    weight: tuple[int, int]
    brands: str = ""
    brand_share: float = 0.6
    styles: str = ""
    sizes: str = ""
    colours: str = ""
    notes: tuple[str, ...] = ()
    family: str = "goods"
    conditions: str = "usual"

    @cached_property
    def brand_names(self) -> list[str]:
        return [name.strip() for name in self.brands.split(",") if name.strip()]

    @cached_property
    def style_names(self) -> list[str]:
        return [name.strip() for name in self.styles.split(",") if name.strip()]

    @cached_property
    def parsed_items(self) -> tuple[Item, ...]:
        items = []
        for line in self.items.strip().splitlines():
            fields = [part.strip() for part in line.split("|")]
            if len(fields) == 1:
                items.append(Item(name=fields[0]))
                continue
            brand, name, low, high, *weight = fields
            items.append(
                Item(
                    name=name,
                    brand=brand,
                    price=(int(low), int(high)),
                    weight=int(weight[0]) if weight else None,
                )
            )
        return tuple(items)
