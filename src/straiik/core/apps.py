from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "straiik.core"
    label = "core"
    verbose_name = "Core"
