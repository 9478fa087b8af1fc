from django.apps import AppConfig


class SupplyConfig(AppConfig):
    name = "straiik.supply"
    label = "supply"
    verbose_name = "Supply-chain resilience"
