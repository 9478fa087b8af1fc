from django.db import migrations

from straiik.core.search import search_index_operations


class Migration(migrations.Migration):
    dependencies = [("registry", "0002_reference_data")]
    operations = search_index_operations("registry_organisation")
