"""Batched inserts for demo data, with a progress callback."""

from collections.abc import Callable

from django.db import connection
from django.db.models import Max

Progress = Callable[[str, int, int], None]

BATCH_SIZE = 500


def bulk_insert(model, objects: list, *, progress: Progress, stage: str) -> None:
    """bulk_create in batches, making sure every object gets its primary key."""
    for start in range(0, len(objects), BATCH_SIZE):
        batch = objects[start : start + BATCH_SIZE]
        if connection.features.can_return_rows_from_bulk_insert:
            model.objects.bulk_create(batch, batch_size=BATCH_SIZE)
        else:
            # MySQL returns no ids from a multi-row INSERT. Inside this
            # transaction the new rows are the newest, in insertion order.
            last = model.objects.aggregate(last=Max("pk"))["last"] or 0
            model.objects.bulk_create(batch, batch_size=BATCH_SIZE)
            pks = model.objects.filter(pk__gt=last).order_by("pk")
            for obj, pk in zip(batch, pks.values_list("pk", flat=True), strict=True):
                obj.pk = pk
        progress(stage, start + len(batch), len(objects))
