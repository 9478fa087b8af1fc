from django.apps import AppConfig


class SupplyConfig(AppConfig):
    name = "straiik.supply"
    label = "supply"
    verbose_name = "Supply-chain resilience"

    def ready(self) -> None:
        # What the agenda reads from this app, declared here: its indicators and the records actions link to.
        from straiik.core import links, restrict
        from straiik.supply import indicators
        from straiik.supply.models import SupplyAnalysis

        indicators.register_all()
        links.register("supply-analysis", links.LinkTarget(
            SupplyAnalysis, accepts=lambda r: True, label=str,
            visible=restrict.can))
