"""0007_markings added a foreign key (the need-to-know group) to the organisation table; SQLite rebuilds a table
to do that, and the rebuilt table lost the triggers that keep the full-text index in sync (registry search then
found nothing on SQLite). 0007 now rebuilds the index itself, which helps new databases; this migration gives a
database already migrated with the earlier 0007 its index and triggers back. PostgreSQL's index survived and is
left alone."""

from django.db import migrations

from straiik.core.search import search_index_rebuild_operations


class Migration(migrations.Migration):

    dependencies = [
        ("registry", "0007_markings"),
    ]

    operations = [
        *search_index_rebuild_operations("registry_organisation"),
    ]
