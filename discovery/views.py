"""Likes and saved searches: heart buttons, /likes/, /saved-searches/."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django.views.generic import ListView
from django_htmx.http import HttpResponseClientRedirect

from accounts.decorators import verified_member_required
from discovery import selectors, services
from discovery.exceptions import DiscoveryError
from discovery.forms import RenameSavedSearchForm, SaveSearchForm
from listings.models import Listing
from marketplace.http import safe_next


# --- Likes --------------------------------------------------------------------
def _toggle_like(request, pk: int, *, like: bool):
    listing = get_object_or_404(Listing, pk=pk)
    if request.method != "POST":
        # A GET (a prefetch, a pasted link) changes nothing and follows no
        # `next`: it just shows the item.
        return redirect(listing.get_absolute_url())
    back = safe_next(request, listing.get_absolute_url())
    if not request.user.is_authenticated:
        # After logging in the member comes back to the item, not to this URL.
        login = redirect_to_login(back, settings.LOGIN_URL)
        return HttpResponseClientRedirect(login.url) if request.htmx else login
    error = ""
    try:
        if like:
            services.like_listing(user=request.user, listing=listing)
        else:
            services.unlike_listing(user=request.user, listing=listing)
    except DiscoveryError as exc:
        error = str(exc)
    if request.htmx:
        listing.refresh_from_db(fields=["like_count"])
        return render(
            request,
            "discovery/_like_button.html",
            {
                "listing": listing,
                "liked": selectors.is_liked(user=request.user, listing=listing),
                "next": safe_next(request, ""),
                "error": error,
            },
        )
    if error:
        messages.error(request, error)
    return redirect(back)


@require_http_methods(["GET", "POST"])
def like(request, pk: int):
    """POST /items/<id>/like/: heart a listing (a GET just goes to the item)."""
    return _toggle_like(request, pk, like=True)


@require_http_methods(["GET", "POST"])
def unlike(request, pk: int):
    """POST /items/<id>/unlike/: take the heart back (a GET just goes to the item)."""
    return _toggle_like(request, pk, like=False)


class LikeListView(LoginRequiredMixin, ListView):
    """/likes/: the member's liked items, newest like first, with price drops."""

    template_name = "discovery/likes.html"
    context_object_name = "likes"
    paginate_by = 48

    def get_queryset(self):
        return selectors.list_likes(user=self.request.user)


# --- Saved searches -----------------------------------------------------------
class SavedSearchListView(LoginRequiredMixin, ListView):
    """/saved-searches/: rename, switch alerts, delete."""

    template_name = "discovery/saved_searches.html"
    context_object_name = "saved_searches"

    def get_queryset(self):
        return selectors.list_saved_searches(user=self.request.user)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            max_searches=services.SAVED_SEARCHES_MAX, **kwargs
        )


@require_POST
@verified_member_required
def save_search(request):
    """POST /saved-searches/new/: save the search whose query string is sent."""
    form = SaveSearchForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("That search could not be saved."))
        for error in form.errors.get("name", []):
            messages.error(request, error)
        return redirect(safe_next(request, reverse("listings:search")))
    try:
        result = services.save_search(
            user=request.user,
            query=form.cleaned_data["query"],
            name=form.cleaned_data["name"],
        )
    except DiscoveryError as exc:
        messages.error(request, str(exc))
        return redirect(safe_next(request, reverse("discovery:saved-searches")))
    saved = result.saved_search
    if result.created:
        messages.success(
            request,
            _("Search “%(name)s” saved. We will email you new matches.")
            % {"name": saved.name},
        )
    else:
        messages.info(
            request,
            _("You already saved this search as “%(name)s”.") % {"name": saved.name},
        )
    return redirect(safe_next(request, saved.get_absolute_url()))


@require_POST
@login_required
def rename_saved_search(request, pk: int):
    """POST /saved-searches/<id>/rename/."""
    saved = selectors.get_own_saved_search(pk=pk, user=request.user)
    form = RenameSavedSearchForm(request.POST)
    if form.is_valid():
        try:
            services.rename_saved_search(
                saved_search=saved, name=form.cleaned_data["name"]
            )
        except DiscoveryError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Search renamed."))
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect("discovery:saved-searches")


@require_POST
@login_required
def saved_search_alerts(request, pk: int):
    """POST /saved-searches/<id>/alerts/ with email_alerts=on|off."""
    saved = selectors.get_own_saved_search(pk=pk, user=request.user)
    enabled = request.POST.get("email_alerts") == "on"
    services.set_saved_search_alerts(saved_search=saved, enabled=enabled)
    if enabled:
        message = _("We will email you new matches for “%(name)s”.")
    else:
        message = _("No more emails for “%(name)s”.")
    messages.success(request, message % {"name": saved.name})
    return redirect("discovery:saved-searches")


@require_http_methods(["GET", "POST"])
@login_required
def delete_saved_search(request, pk: int):
    """/saved-searches/<id>/delete/: a confirmation page, then POST deletes."""
    saved = selectors.get_own_saved_search(pk=pk, user=request.user)
    if request.method != "POST":
        return render(
            request, "discovery/saved_search_confirm_delete.html", {"saved": saved}
        )
    services.delete_saved_search(saved_search=saved)
    messages.success(request, _("Search “%(name)s” deleted.") % {"name": saved.name})
    return redirect("discovery:saved-searches")
