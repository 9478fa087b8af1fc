# SDIR's notifications move to the platform's notifications app (one list, one bell, one set of preferences):
# the rows are copied there, with their kinds prefixed, then SDIR's table goes.

from django.db import migrations


def copy(apps, schema_editor):
    Old = apps.get_model("sdir", "Notification")
    New = apps.get_model("notifications", "Notification")
    ContentType = apps.get_model("contenttypes", "ContentType")
    proposal_type = ContentType.objects.get_or_create(app_label="sdir", model="proposal")[0]
    call_type = ContentType.objects.get_or_create(app_label="sdir", model="call")[0]
    rows = []
    for n in Old.objects.all().iterator():
        target_type, target_id = ((proposal_type, n.proposal_id) if n.proposal_id else
                                  (call_type, n.call_id) if n.call_id else (None, None))
        rows.append(New(user_id=n.user_id, kind=f"sdir.{n.kind}", subject=n.subject, body=n.body, url=n.url,
                        target_type=target_type, target_id=target_id, created_at=n.created_at, read_at=n.read_at,
                        emailed_at=n.emailed_at, delivery="immediate"))
        if len(rows) >= 1000:
            New.objects.bulk_create(rows)
            rows = []
    New.objects.bulk_create(rows)


class Migration(migrations.Migration):

    dependencies = [
        ("sdir", "0001_initial"),
        ("notifications", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(copy, migrations.RunPython.noop),
        migrations.DeleteModel(name="Notification"),
    ]
