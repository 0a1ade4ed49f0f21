"""Listing pages: sell, edit, delete, item page, seller dashboard, browse."""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from accounts.decorators import verified_member_required
from accounts.forms import VacationForm
from listings import hooks, selectors, services
from listings.exceptions import ListingError
from listings.forms import ListingForm
from listings.models import Brand, Category, Listing, ListingPhoto, ShippingTier
from listings.places import place_of
from listings.rules import listing_actions
from listings.search import (
    SEARCH_PARAMETERS,
    SORT_LABELS,
    canonical_query,
    parse_search_params,
    search_listings,
    similar_listings,
)
from listings.selectors import remember_viewed
from marketplace.db_router import reads_from_replica
from marketplace.fees import fee_rule, seller_earnings_cents, selling_fee_cents
from marketplace.hooks import merged
from marketplace.http import posted_ids, safe_next
from marketplace.pagecache import cache_anonymous_page
from marketplace.ratelimit import carries_files, throttle
from marketplace.shared import (
    HOLE,
    fill,
    fragment_key,
    shared_fragment,
    shared_value,
)
from marketplace.templatetags.money import money


def _earnings(form: ListingForm) -> dict | None:
    """Fee and take-home for the price and shipping in the form, if both are valid."""
    data = getattr(form, "cleaned_data", {})
    price, tier, payer = (
        data.get("price"),
        data.get("shipping_tier"),
        data.get("shipping"),
    )
    if price is None or tier is None or payer is None:
        return None
    price_cents = price * 100
    seller_shipping = tier.price_cents if payer == Listing.ShippingPayer.SELLER else 0
    return {
        "price_cents": price_cents,
        "fee_cents": selling_fee_cents(price_cents),
        "seller_shipping_cents": seller_shipping,
        "earnings_cents": seller_earnings_cents(
            price_cents, shipping_cents=-seller_shipping
        ),
    }


@dataclass(frozen=True)
class PhotoTile:
    """One photo on the sell form: the listing's own, or staged with this form."""

    photo: ListingPhoto
    is_new: bool
    removed: bool = False


def _form_page(request, *, form, listing, tiles, status=200, earnings=None):
    tiers = ShippingTier.objects.filter(is_active=True)
    return render(
        request,
        "listings/listing_form.html",
        {
            "form": form,
            "listing": listing,
            "actions": listing_actions(listing, request.user) if listing else None,
            "tiles": tiles,
            "error_summary": form.error_summary() if form.is_bound else [],
            "earnings": earnings,
            "fee_percent": settings.SELLING_FEE_PERCENT,
            "fee_rule": fee_rule(),
            "tier_prices": {tier.pk: tier.price_cents for tier in tiers},
            "max_photos": settings.LISTING_MAX_PHOTOS,
        },
        status=status,
    )


def _kept_staged_photos(request) -> list:
    """Photos staged by an earlier submission of this form, minus removed ones."""
    removed = posted_ids(request.POST.getlist("remove_staged"))
    kept = [
        pk
        for pk in posted_ids(request.POST.getlist("staged_photo"))
        if pk not in removed
    ]
    return selectors.list_staged_photos(owner=request.user, ids=kept)


def _in_posted_order(request, tiles: list[PhotoTile]) -> list[PhotoTile]:
    """The tiles in the order of their posted `position_<id>` numbers.

    Without JavaScript the seller types the numbers; sell.js renumbers them as
    photos are dragged or moved. A tile without a usable number (a photo
    uploaded with this very submission) keeps its place after the others.
    """
    last = float("inf")

    def key(item):
        index, tile = item
        try:
            return (int(request.POST.get(f"position_{tile.photo.pk}", "")), index)
        except ValueError:
            return (last, index)

    return [tile for _, tile in sorted(enumerate(tiles), key=key)]


def _form_again(request, *, form, listing, tiles):
    """The form once more: a preview (200) or with its errors (400)."""
    preview = "preview" in request.POST and form.is_valid()
    return _form_page(
        request,
        form=form,
        listing=listing,
        tiles=tiles,
        status=200 if preview else 400,
        earnings=_earnings(form),
    )


def _stage_uploads(request, *, already: int, staged: list) -> list[str]:
    """Stage this submission's good photos; return why bad ones were refused."""
    uploads = request.FILES.getlist("photos")
    if not uploads:
        return []
    result = services.stage_photos(
        owner=request.user,
        uploads=uploads,
        room=max(0, settings.LISTING_MAX_PHOTOS - already - len(staged)),
    )
    staged.extend(result.photos)
    return result.errors


@verified_member_required
@throttle("upload-member", when=carries_files)
def listing_create(request):
    """/items/new/: "List item" publishes, "Save draft" keeps a draft.

    Photos are staged first, so that a missing or refused photo is reported
    with every other error of the form in one answer.
    """
    if request.method != "POST":
        return _form_page(request, form=ListingForm(), listing=None, tiles=[])
    staged = _kept_staged_photos(request)
    photo_errors = _stage_uploads(request, already=0, staged=staged)
    tiles = _in_posted_order(request, [PhotoTile(p, is_new=True) for p in staged])
    publish = "save_draft" not in request.POST
    preview = "preview" in request.POST
    form = ListingForm(
        request.POST,
        photo_count=len(tiles),
        photo_errors=photo_errors,
        photos_required=publish and not preview,
    )
    if form.is_valid() and not preview:
        try:
            listing = services.create_listing(
                seller=request.user,
                fields=form.service_fields(),
                photo_ids=[tile.photo.pk for tile in tiles],
                publish=publish,
            )
        except ListingError as error:
            form.add_error(None, str(error))
        else:
            if publish:
                messages.success(
                    request,
                    _(
                        "Your item is listed. When it sells for %(price)s "
                        "you earn %(earn)s."
                    )
                    % {
                        "price": money(listing.price_cents),
                        "earn": money(listing.earnings_cents),
                    },
                )
            else:
                messages.success(request, _("Draft saved. List it when you are ready."))
            return redirect(listing)
    return _form_again(request, form=form, listing=None, tiles=tiles)


@verified_member_required
@throttle("upload-member", when=carries_files)
def listing_edit(request, pk):
    """/items/<id>/edit/: every field, photos added, removed and reordered."""
    listing = selectors.get_own_listing(pk=pk, seller=request.user)
    if listing.status in (Listing.Status.SOLD, Listing.Status.REMOVED):
        messages.error(request, _("A sold or removed listing can no longer be edited."))
        return redirect(listing)
    own_photos = list(listing.photos.all())
    if request.method != "POST":
        return _form_page(
            request,
            form=ListingForm(listing=listing),
            listing=listing,
            tiles=[PhotoTile(p, is_new=False) for p in own_photos],
        )
    remove_ids = set(posted_ids(request.POST.getlist("remove_photo")))
    kept = [p for p in own_photos if p.pk not in remove_ids]
    staged = _kept_staged_photos(request)
    photo_errors = _stage_uploads(request, already=len(kept), staged=staged)
    tiles = _in_posted_order(
        request,
        [PhotoTile(p, is_new=False, removed=p.pk in remove_ids) for p in own_photos]
        + [PhotoTile(p, is_new=True) for p in staged],
    )
    preview = "preview" in request.POST
    form = ListingForm(
        request.POST,
        listing=listing,
        photo_count=len(kept) + len(staged),
        photo_errors=photo_errors,
        # The service's rule (a listing out of draft keeps a photo), checked
        # here too so the seller hears it with the other errors.
        photos_required=listing.status != Listing.Status.DRAFT and not preview,
    )
    if form.is_valid() and not preview:
        try:
            services.update_listing(
                listing=listing,
                seller=request.user,
                fields=form.service_fields(),
                photo_positions={
                    tile.photo.pk: position for position, tile in enumerate(tiles)
                },
                remove_photo_ids=sorted(remove_ids),
                new_photo_ids=[tile.photo.pk for tile in tiles if tile.is_new],
            )
        except ListingError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Your changes are saved."))
            return redirect(listing)
    return _form_again(request, form=form, listing=listing, tiles=tiles)


@verified_member_required
@require_POST
@throttle("upload-member", when=carries_files)
def stage_photo(request):
    """POST /items/photos/stage/: stage one photo for the sell or edit form (JSON).

    sell.js sends the photos a seller picks here one per request, so each
    request stays within its pixel budget however many photos are chosen.
    """
    uploads = [file for key in request.FILES for file in request.FILES.getlist(key)]
    if len(uploads) != 1:
        return JsonResponse({"error": _("Send one photo at a time.")}, status=400)
    result = services.stage_photos(
        owner=request.user, uploads=uploads, room=settings.LISTING_MAX_PHOTOS
    )
    if result.errors:
        return JsonResponse({"error": result.errors[0]}, status=400)
    photo = result.photos[0]
    return JsonResponse(
        {
            "id": photo.pk,
            "thumb_url": photo.thumb_320.url,
            "name": uploads[0].name,
            "width": 160,
            "height": photo.thumb_height(160),
        },
        status=201,
    )


@login_required
def listing_delete(request, pk):
    """/items/<id>/delete/: a confirmation page; POST deletes."""
    listing = selectors.get_own_listing(pk=pk, seller=request.user)
    if request.method == "POST":
        try:
            services.delete_listing(listing=listing, seller=request.user)
        except ListingError as error:
            messages.error(request, str(error))
            return redirect(listing)
        messages.success(
            request, _("“%(title)s” is deleted.") % {"title": listing.title}
        )
        return redirect("listings:selling")
    return render(request, "listings/listing_confirm_delete.html", {"listing": listing})


STATUS_ACTIONS = {
    "publish": (Listing.Status.ON_SALE, _("Your item is listed.")),
    "pause": (Listing.Status.PAUSED, _("Paused: buyers cannot see the item.")),
    "resume": (Listing.Status.ON_SALE, _("Back on sale.")),
}


@verified_member_required
@require_POST
def listing_status(request, pk, action):
    """Publish a draft, pause or resume a listing (POST only)."""
    if action not in STATUS_ACTIONS:
        raise Http404
    listing = selectors.get_own_listing(pk=pk, seller=request.user)
    status, done = STATUS_ACTIONS[action]
    try:
        services.change_listing_status(
            listing=listing, seller=request.user, status=status
        )
    except ListingError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, done)
    return redirect(safe_next(request, listing.get_absolute_url()))


@require_safe
@reads_from_replica
def listing_detail(request, pk):
    """/items/<id>/: photos, price and total, condition, seller card."""
    listing = selectors.get_listing_for_viewer(pk=pk, viewer=request.user)
    photos = list(listing.photos.all())
    try:
        current = int(request.GET.get("photo", 1))
    except ValueError:
        current = 1
    current = min(max(current, 1), max(len(photos), 1))
    actions = listing_actions(listing, request.user)
    if listing.is_viewable and not actions.is_owner:
        remember_viewed(request.session, listing.pk)
    city, state = place_of(listing)
    return render(
        request,
        "listings/listing_detail.html",
        {
            "listing": listing,
            "photos": photos,
            "photo": photos[current - 1] if photos else None,
            "photo_number": current,
            "actions": actions,
            "ships_from": {"city": city, "state": state, "zip": listing.ships_from_zip},
            "similar": _similar_section(request, listing),
            # The heart (discovery), the offers and offer settings (orders).
            **merged(
                hooks.item_page_context.call(
                    request=request, listing=listing, actions=actions
                )
            ),
        },
    )


def _similar_section(request, listing) -> str:
    """The item page's "Similar items" grid: the same for every viewer of the
    item, so a fragment shared for a few seconds (marketplace.shared)."""
    if not listing.is_viewable:
        return ""
    return shared_fragment(
        request,
        fragment_key(
            "similar",
            listing.pk,
            listing.category_id,
            listing.price_cents,
            get_language(),
        ),
        lambda: render_to_string(
            "listings/_similar.html", {"similar": similar_listings(listing)}
        ),
    )


@login_required
def selling(request):
    """/selling/: orders by what needs doing, offers received, listings in tabs."""
    tabs = [
        (Listing.Status.ON_SALE, _("On sale")),
        (Listing.Status.DRAFT, _("Drafts")),
        (Listing.Status.PAUSED, _("Paused")),
        (Listing.Status.SOLD, _("Sold")),
    ]
    tab = request.GET.get("tab", Listing.Status.ON_SALE)
    if tab not in dict(tabs):
        tab = Listing.Status.ON_SALE
    counts = selectors.count_seller_listings(seller=request.user)
    paginator = Paginator(
        selectors.list_seller_listings(seller=request.user, status=tab),
        settings.SEARCH_PAGE_SIZE,
    )
    # The tab's size is already in `counts`: spare the paginator its COUNT query.
    paginator.count = counts[tab]
    page = paginator.get_page(request.GET.get("page"))
    for listing in page:
        listing.actions = listing_actions(listing, request.user)
    return render(
        request,
        "listings/selling.html",
        {
            "tabs": [(value, label, counts[value]) for value, label in tabs],
            "tab": tab,
            "page": page,
            "listing_limit": selectors.active_listing_limit(seller=request.user),
            "active_count": counts[Listing.Status.ON_SALE]
            + counts[Listing.Status.PAUSED],
            "vacation_form": VacationForm(
                initial={"vacation_until": request.user.vacation_until}
            ),
            # Orders to ship and offers received (orders).
            **merged(hooks.selling_page_context.call(request=request)),
        },
    )


@require_safe
def brand_suggestions(request):
    """Up to 10 known brands starting with `q`, for the sell form's autocomplete."""
    query = " ".join(request.GET.get("q", "").split()).lower()[:60]
    names = []
    if query:
        names = list(
            Brand.objects.filter(key__startswith=query)
            .order_by("name")
            .values_list("name", flat=True)[:10]
        )
    return JsonResponse({"brands": names})


def sell_redirect(request):
    return redirect("listings:new", permanent=True)


def _url(base: str, items: list[tuple[str, str]]) -> str:
    return f"{base}?{urlencode(items)}" if items else base


SAVE_SEARCH_HOLE = HOLE.format("save-search")


@require_safe
@cache_anonymous_page
@reads_from_replica
def search(request, slug=None):
    """/search/ and /c/<slug>/: full-text search, filters, sorts, seek paging.

    Everything but the header and the "Save this search" button is the same
    for every viewer, so it is a shared fragment (marketplace.shared): a
    member's search costs what a cached page costs, plus their own parts.
    """
    # Keyed by the parameters the page reads alone, so made-up parameters
    # neither change the page nor multiply its cached copies.
    key = fragment_key(
        "search",
        request.path,
        [request.GET.getlist(name) for name in SEARCH_PARAMETERS],
        get_language(),
    )
    shared = shared_value(request, key, lambda: _search_shared(request, slug))
    button = ""
    if request.user.is_authenticated:
        button = render_to_string(
            "discovery/_save_search_button.html",
            {"query": shared["save_query"], "next": request.get_full_path()},
            request=request,
        )
    return render(
        request,
        "listings/search.html",
        {
            "title": shared["title"],
            "body": fill(shared["body"], {SAVE_SEARCH_HOLE: button}),
        },
    )


# The catalogue's categories change only when staff edit them.
CATEGORY_OPTIONS_SECONDS = 300


def _category_options(selected: str) -> SafeString:
    """The filter's <option>s for every department and category, `selected`
    (a slug) chosen. The list is rendered once per language and kept for
    CATEGORY_OPTIONS_SECONDS; only the choice is made per page."""
    html = cache.get_or_set(
        f"search:category-options:{get_language()}",
        lambda: render_to_string(
            "listings/_category_options.html",
            {
                "departments": Category.objects.departments().prefetch_related(
                    "children"
                )
            },
        ),
        CATEGORY_OPTIONS_SECONDS,
    )
    if selected:
        # A slug is letters, digits, "-" and "_": the exact opening tag is unique.
        option = f'<option value="{selected}">'
        html = html.replace(option, f'<option value="{selected}" selected>', 1)
    # Rendered by the template engine, escaped where it must be.
    return SafeString(html)


def _search_shared(request, slug) -> dict:
    """The viewer-independent part of a search page: its title, its body (with
    a hole for the save button) and the canonical query the button saves."""
    fixed = (
        get_object_or_404(Category.objects.select_related("parent"), slug=slug)
        if slug
        else None
    )
    params, notices = parse_search_params(request.GET, category=fixed)
    result = search_listings(params)
    base = request.path

    def link(**changes) -> str:
        items = params.query_items(**changes)
        if fixed is not None:
            items = [(k, v) for k, v in items if k != "category"]
        return _url(base, items)

    active_filters = []
    if params.q:
        active_filters.append((_("words “%(q)s”") % {"q": params.q}, link(q="")))
    if params.category and fixed is None:
        active_filters.append((params.category.name, link(category=None)))
    if params.brand:
        active_filters.append((params.brand.name, link(brand=None)))
    if params.conditions:
        active_filters.append((_("condition"), link(conditions=())))
    if params.min_price is not None or params.max_price is not None:
        active_filters.append((_("price"), link(min_price=None, max_price=None)))
    if params.free_shipping:
        active_filters.append((_("free shipping"), link(free_shipping=False)))
    if params.sort == "relevance":
        next_url = link(page=params.page + 1) if result.has_next_page else ""
        previous_url = link(page=params.page - 1) if params.page > 1 else ""
    else:
        next_url = link(cursor=result.next_cursor) if result.next_cursor else ""
        previous_url = (
            link(cursor=result.previous_cursor) if result.previous_cursor else ""
        )
    if fixed is not None:
        title = fixed.name
    elif params.q:
        title = params.q
    else:
        title = _("All items")
    body_html = render_to_string(
        "listings/_search_body.html",
        {
            "params": params,
            "result": result,
            "notices": notices + result.notices,
            "fixed_category": fixed,
            "category_options": _category_options(
                params.category.slug if params.category else ""
            ),
            "conditions": Listing.Condition.choices,
            "sorts": [
                (value, label)
                for value, label in SORT_LABELS.items()
                if value != "relevance" or params.q
            ],
            "next_url": next_url,
            "previous_url": previous_url,
            "facet_links": [
                (
                    facet,
                    _url(
                        reverse("listings:search"),
                        params.query_items(
                            category=facet.department, cursor="", page=1
                        ),
                    ),
                )
                for facet in result.facets
            ],
            "active_filters": active_filters,
            "save_query": canonical_query(params),
            "category_chips": (
                selectors.list_category_chips(category=fixed) if fixed else []
            ),
            # The sort form carries every other parameter, so sorting keeps
            # the filters and starts again at the first page.
            "sort_kept": next((v for k, v in params.query_items() if k == "sort"), ""),
            "sort_hidden": [
                (k, v)
                for k, v in params.query_items(cursor="", page=1)
                if k != "sort" and not (fixed is not None and k == "category")
            ],
            "save_search_hole": SafeString(SAVE_SEARCH_HOLE),
        },
        request=request,
    )
    return {
        "title": str(title),
        "body": body_html,
        "save_query": canonical_query(params),
    }
