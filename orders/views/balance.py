"""/balance/: the member's own money (no id in the URL) and withdrawals to a bank."""

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from marketplace.ratelimit import throttle
from marketplace.templatetags.money import money
from orders import selectors, services
from orders.exceptions import WithdrawalError
from orders.forms.balance import WithdrawForm
from orders.forms.fields import cents_to_dollars, new_form_key

HISTORY_PAGE_SIZE = 25


# --- The earnings chart: geometry computed here, drawn by the template as SVG ---


@dataclass(frozen=True)
class ChartBar:
    week_start: date
    cents: int
    x: int
    y: int
    width: int
    height: int
    center: int
    labelled: bool


@dataclass(frozen=True)
class ChartTick:
    cents: int
    y: int
    label_y: int


@dataclass(frozen=True)
class EarningsChart:
    """A bar per week on a y-axis of round dollar steps; integer SVG coordinates."""

    bars: list[ChartBar]
    ticks: list[ChartTick]
    total_cents: int
    width: int
    height: int
    left: int
    right: int
    axis_x: int
    baseline: int
    label_y: int

    @property
    def empty(self) -> bool:
        return self.total_cents == 0


# The plot is 168 units tall so that 1 to 4 axis steps all land on whole units.
# The SVG scales to its box (about 300 px on a 360 px phone, 0.54 px a unit), so
# axis text is 23 units (site.css): the margins fit "$10,000.00" on the left
# and half a date centred on the last bar on the right.
PLOT_LEFT, PLOT_TOP, PLOT_HEIGHT = 136, 12, 168
SLOT, BAR_WIDTH, MARGIN_RIGHT = 33, 23, 28
# Every third week is named (the latest included): at a size readable on a
# phone, a date is wider than two bars.
LABEL_EVERY = 3


def axis_step_cents(max_cents: int, intervals: int = 4) -> int:
    """The smallest 1-2-5 × 10ⁿ dollar step covering `max_cents` in `intervals`."""
    wanted = max(-(-max_cents // intervals), 1)
    magnitude = 100
    while magnitude * 10 < wanted:
        magnitude *= 10
    return next(f * magnitude for f in (1, 2, 5, 10) if f * magnitude >= wanted)


def earnings_chart(weeks: list) -> EarningsChart:
    """Lay out `weeks` (selectors.weekly_earnings, oldest first) as bars and ticks."""
    peak = max((week.cents for week in weeks), default=0)
    step = axis_step_cents(peak)
    steps = max(-(-peak // step), 1)
    top = step * steps
    baseline = PLOT_TOP + PLOT_HEIGHT
    bars = []
    for index, week in enumerate(weeks):
        height = (week.cents * PLOT_HEIGHT + top // 2) // top
        if week.cents > 0:
            height = max(height, 1)
        x = PLOT_LEFT + index * SLOT + (SLOT - BAR_WIDTH) // 2
        bars.append(
            ChartBar(
                week_start=week.week_start,
                cents=week.cents,
                x=x,
                y=baseline - height,
                width=BAR_WIDTH,
                height=height,
                center=x + BAR_WIDTH // 2,
                labelled=(len(weeks) - 1 - index) % LABEL_EVERY == 0,
            )
        )
    ticks = []
    for i in range(steps + 1):
        y = baseline - PLOT_HEIGHT * i // steps
        ticks.append(ChartTick(cents=step * i, y=y, label_y=y + 7))
    right = PLOT_LEFT + SLOT * len(weeks)
    return EarningsChart(
        bars=bars,
        ticks=ticks,
        total_cents=sum(week.cents for week in weeks),
        width=right + MARGIN_RIGHT,
        height=baseline + 34,
        left=PLOT_LEFT,
        right=right,
        axis_x=PLOT_LEFT - 8,
        baseline=baseline,
        label_y=baseline + 26,
    )


# --- Pages ----------------------------------------------------------------------


def _balance_page(request, *, form: WithdrawForm, summary, status: int = 200):
    member = request.user
    history = selectors.balance_history(member=member)
    page = Paginator(history, HISTORY_PAGE_SIZE).get_page(request.GET.get("page"))
    weeks = selectors.weekly_earnings(member=member)
    return render(
        request,
        "orders/balance.html",
        {
            "summary": summary,
            "chart": earnings_chart(weeks),
            "page": page,
            "form": form,
            "can_withdraw": form.is_bound
            or summary.available_cents >= settings.MIN_WITHDRAWAL_CENTS,
            "min_withdrawal_cents": settings.MIN_WITHDRAWAL_CENTS,
        },
        status=status,
    )


@login_required
@require_safe
def balance(request):
    """Available, pending and held money, weekly earnings, history, withdraw form."""
    summary = selectors.balance_summary(member=request.user)
    form = WithdrawForm(
        initial={
            "amount": cents_to_dollars(summary.available_cents),
            "idempotency_key": new_form_key(),
        }
    )
    return _balance_page(request, form=form, summary=summary)


@login_required
@require_POST
@throttle("withdraw-member")
def withdraw(request):
    """Send money to a bank account; the page again with the errors (400) if refused.

    The password is asked again: a borrowed session alone cannot move money.
    """
    form = WithdrawForm(request.POST, user=request.user)
    if form.is_valid():
        data = form.cleaned_data
        try:
            withdrawal = services.withdraw_balance(
                member=request.user,
                amount_cents=data["amount"],
                routing_number=data["routing_number"],
                account_number=data["account_number"],
                idempotency_key=data["idempotency_key"],
            )
        except WithdrawalError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("%(amount)s is on its way to your account ending %(last4)s.")
                % {
                    "amount": money(withdrawal.amount_cents),
                    "last4": withdrawal.account_last4,
                },
            )
            return redirect("orders:balance")
    summary = selectors.balance_summary(member=request.user)
    return _balance_page(request, form=form, summary=summary, status=400)
