from django.apps import AppConfig


class BundlingConfig(AppConfig):
    name = "straiik.bundling"
    label = "bundling"
    verbose_name = "Demand bundling"
