"""Reference data the registry needs at run time: the priority areas, CPV 2008 (vendored), and the
regional ecosystems (the MINDbase network named in the strategy, and other defence clusters)."""

import json
from pathlib import Path

from django.db import migrations

AREAS = ["smart-materials", "space", "quantum", "intelligent-systems", "sensors", "maritime"]
REGIONS = [
    # (name, slug, network, city, province)
    ("MINDbase Rotterdam", "mindbase-rotterdam", "MINDbase", "Rotterdam", "NL-ZH"),
    ("MINDbase Eindhoven", "mindbase-eindhoven", "MINDbase", "Eindhoven", "NL-NB"),
    ("MINDbase Enschede", "mindbase-enschede", "MINDbase", "Enschede", "NL-OV"),
    ("MINDbase Groningen", "mindbase-groningen", "MINDbase", "Groningen", "NL-GR"),
    ("MINDbase Geleen", "mindbase-geleen", "MINDbase", "Geleen", "NL-LI"),
    ("MINDbase Delft", "mindbase-delft", "MINDbase", "Delft", "NL-ZH"),
    ("Maritiem cluster Den Helder", "maritiem-den-helder", "", "Den Helder", "NL-NH"),
    ("Scheepsbouwregio Zeeland", "scheepsbouw-zeeland", "", "Vlissingen", "NL-ZE"),
    ("Space-regio Noordwijk", "space-noordwijk", "", "Noordwijk", "NL-ZH"),
    ("Luchtvaartregio West-Brabant", "luchtvaart-west-brabant", "", "Woensdrecht", "NL-NB"),
]


def load(apps, schema_editor):
    PriorityArea = apps.get_model("registry", "PriorityArea")
    CpvCode = apps.get_model("registry", "CpvCode")
    Region = apps.get_model("registry", "RegionalEcosystem")
    PriorityArea.objects.bulk_create(
        [PriorityArea(code=code, position=i) for i, code in enumerate(AREAS)], ignore_conflicts=True
    )
    path = Path(__file__).resolve().parents[1] / "data" / "cpv2008.json"
    rows = json.loads(path.read_text(encoding="utf-8"))
    CpvCode.objects.bulk_create(
        [
            CpvCode(code=r["code"], parent=r["parent"] or "", level=r["level"], label_en=r["en"][:400],
                    label_nl=r["nl"][:400])
            for r in rows
        ],
        batch_size=1000,
        ignore_conflicts=True,
    )
    for name, slug, network, city, province in REGIONS:
        Region.objects.get_or_create(
            slug=slug, defaults={"name": name, "network": network, "city": city, "province": province}
        )


class Migration(migrations.Migration):
    dependencies = [("registry", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
