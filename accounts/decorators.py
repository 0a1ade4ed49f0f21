"""Guards for the actions docs/product-rules.md reserves for verified members."""

from functools import wraps
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.urls import reverse


def _verification_redirect(request):
    query = urlencode({"next": request.get_full_path()})
    return redirect(f"{reverse('accounts:verification-required')}?{query}")


def verified_member_required(view):
    """Logged-out visitors go to login; unverified members to a page that explains."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_verified:
            return _verification_redirect(request)
        return view(request, *args, **kwargs)

    return wrapper
