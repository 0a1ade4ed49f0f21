from django.core.management.base import BaseCommand, CommandError

from marketplace.templatetags.money import money
from orders.reconcile import reconcile


class Command(BaseCommand):
    help = (
        "Prove that money is conserved: every ledger movement balances, escrow, "
        "releases, fees and refunds match each order, holds match open offers, "
        "payouts match withdrawals, card money matches the payment gateway, and "
        "no card authorization is left open (neither captured nor voided) past "
        "its expected life plus AUTHORIZATION_GRACE_MINUTES. "
        "Exits non-zero if a single cent is unaccounted for."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--verbose", action="store_true", help="List every order's figures."
        )

    def handle(self, *args, verbose=False, **options):
        report = reconcile(verbose=verbose)
        figures = [
            ("Captured at the gateway", report.gateway_captured_cents),
            ("Refunded at the gateway", report.gateway_refunded_cents),
            ("Taken from cards (ledger)", report.cards_cents),
            ("In escrow", report.escrow_cents),
            ("Held for offers", report.held_cents),
            ("Available balances", report.available_cents),
            ("Paid out", report.payouts_cents),
            ("Platform revenue", report.revenue_cents),
            ("Held by Nomi in total", report.inside_cents),
            ("Withdrawals", report.withdrawals_cents),
        ]
        width = max(len(label) for label, _cents in figures)
        for label, cents in figures:
            self.stdout.write(f"{label:<{width}}  {money(cents):>16}")
        self.stdout.write(
            f"Checked {report.movements:,} movements and "
            f"{report.orders_checked:,} orders."
        )
        for line in report.orders:
            self.stdout.write(
                f"  order {line.order_id}: {line.status}, total "
                f"{money(line.total_cents)}, escrow {money(line.escrow_cents)}"
                f"{'' if line.ok else ' — DIFFERENCE'}"
            )
        if report.ok:
            self.stdout.write(self.style.SUCCESS("Reconciled: no differences."))
            return
        for difference in report.differences:
            self.stdout.write(self.style.ERROR(f"DIFFERENCE {difference}"))
        raise CommandError(
            f"{len(report.differences)} difference(s): the ledger does not reconcile."
        )
