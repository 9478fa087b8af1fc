"""The table of the database cache (production settings use it for rate limits and used one-time codes).
A no-op when the settings configure no database cache."""

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0003_user_session_generation_authevent")]
    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]
