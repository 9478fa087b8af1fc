from django.apps import AppConfig


class DefportConfig(AppConfig):
    name = "straiik.defport"
    label = "defport"
    verbose_name = "Defport"
