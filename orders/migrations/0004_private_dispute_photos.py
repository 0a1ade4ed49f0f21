# Dispute photos become private (outside MEDIA_ROOT) and can be staged.

import django.db.models.deletion
import django.utils.timezone
import marketplace.storages
import orders.models
from django.conf import settings
from django.core.files.storage import storages
from django.db import migrations, models


def _move(name: str, source, target) -> str:
    """Move one file between storages; returns its name in `target`.

    Safe to run again after a crash: a file already in `target` with the same
    size is not copied twice, and a file in neither storage is left alone.
    """
    if not name or not source.exists(name):
        return name
    if target.exists(name) and target.size(name) == source.size(name):
        source.delete(name)
        return name
    with source.open(name, "rb") as content:
        new_name = target.save(name, content)
    source.delete(name)
    return new_name


def move_to_private(apps, schema_editor):
    """Give each photo its buyer as owner; move files stored under MEDIA_ROOT."""
    DisputePhoto = apps.get_model("orders", "DisputePhoto")
    public, private = storages["default"], storages["private"]
    for photo in DisputePhoto.objects.select_related("dispute__order").iterator():
        changed = []
        if photo.owner_id is None:
            photo.owner_id = photo.dispute.order.buyer_id
            changed.append("owner")
        for field in ("image", "thumb"):
            name = getattr(photo, field).name
            new_name = _move(name, public, private)
            if new_name != name:
                setattr(photo, field, new_name)
                changed.append(field)
        if changed:
            photo.save(update_fields=changed)


def move_to_public(apps, schema_editor):
    """Undo: staged photos are deleted, the others' files go back to MEDIA_ROOT."""
    DisputePhoto = apps.get_model("orders", "DisputePhoto")
    public, private = storages["default"], storages["private"]
    for photo in DisputePhoto.objects.filter(dispute__isnull=True):
        for field in (photo.image, photo.thumb):
            if field.name:
                private.delete(field.name)
        photo.delete()
    for photo in DisputePhoto.objects.iterator():
        changed = []
        for field in ("image", "thumb"):
            name = getattr(photo, field).name
            new_name = _move(name, private, public)
            if new_name != name:
                setattr(photo, field, new_name)
                changed.append(field)
        if changed:
            photo.save(update_fields=changed)


class Migration(migrations.Migration):

    dependencies = [
        ("orders", "0003_deadline_indexes"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="disputephoto",
            name="owner",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddField(
            model_name="disputephoto",
            name="created_at",
            field=models.DateTimeField(default=django.utils.timezone.now),
        ),
        migrations.AlterField(
            model_name="disputephoto",
            name="dispute",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="photos",
                to="orders.dispute",
            ),
        ),
        migrations.AlterField(
            model_name="disputephoto",
            name="image",
            field=models.FileField(
                max_length=200,
                storage=marketplace.storages.private_storage,
                upload_to=orders.models.dispute_photo_path,
            ),
        ),
        migrations.AlterField(
            model_name="disputephoto",
            name="thumb",
            field=models.FileField(
                max_length=200,
                storage=marketplace.storages.private_storage,
                upload_to=orders.models.dispute_photo_path,
            ),
        ),
        migrations.RunPython(move_to_private, move_to_public, elidable=False),
        migrations.AlterField(
            model_name="disputephoto",
            name="owner",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
    ]
