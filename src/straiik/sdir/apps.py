from django.apps import AppConfig


class SdirConfig(AppConfig):
    name = "straiik.sdir"
    label = "sdir"
    verbose_name = "SDIR innovation competitions"
