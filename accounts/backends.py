"""Log in with either the username (any case) or the email address."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


class UsernameOrEmailBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None or password is None:
            return None
        User = get_user_model()
        try:
            user = User.objects.get_by_login(username)
        except User.DoesNotExist:
            # Spend the same time as a real check so timing does not reveal members.
            User().set_password(password)
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None


def suspended_member(login: str | None, password: str | None):
    """The suspended member `login` names, if `password` is theirs; else None.

    Only for the login page's "your account is suspended" answer: the backend
    above never lets an inactive member in.
    """
    if not login or not password:
        return None
    User = get_user_model()
    try:
        user = User.objects.get_by_login(login)
    except User.DoesNotExist:
        return None
    if user.is_suspended and user.check_password(password):
        return user
    return None
