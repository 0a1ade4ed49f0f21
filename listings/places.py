"""Where a listing ships from: city and state for its ZIP code.

The ZIP data ships inside the `zipcodes` package (no network at run time).
"""

from functools import cache, lru_cache

import zipcodes


@lru_cache(maxsize=4096)
def city_state_for_zip(zip_code: str) -> tuple[str, str]:
    """("City", "ST") for a US ZIP code, or ("", "") when unknown or malformed."""
    zip5 = (zip_code or "").strip()[:5]
    if len(zip5) != 5 or not zip5.isdigit():
        return "", ""
    try:
        matches = zipcodes.matching(zip5)
    except (ValueError, TypeError):
        return "", ""
    if not matches:
        return "", ""
    return matches[0]["city"][:60], matches[0]["state"][:2]


def fill_ships_from(listing) -> None:
    """Set the listing's ships-from city and state from its ZIP code."""
    listing.ships_from_city, listing.ships_from_state = city_state_for_zip(
        listing.ships_from_zip
    )


def place_of(listing) -> tuple[str, str]:
    """("City", "ST") the listing ships from: the stored place, else its ZIP
    code looked up (a row saved before the lookup existed); ("", "") when
    the ZIP code is unknown, so "Ships from" is never a bare known ZIP."""
    if listing.ships_from_city:
        return listing.ships_from_city, listing.ships_from_state
    return city_state_for_zip(listing.ships_from_zip)


@cache
def zip_codes_of_state(state: str) -> tuple[str, ...]:
    """The active standard ZIP codes of a state ("CA"), sorted; () if unknown."""
    return tuple(
        sorted(
            place["zip_code"]
            for place in zipcodes.filter_by(
                state=state, zip_code_type="STANDARD", active=True
            )
        )
    )
