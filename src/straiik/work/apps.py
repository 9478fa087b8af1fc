from django.apps import AppConfig


class WorkConfig(AppConfig):
    name = "straiik.work"
    label = "work"
    verbose_name = "My work and search"
