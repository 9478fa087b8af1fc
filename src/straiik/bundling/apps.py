from django.apps import AppConfig


class BundlingConfig(AppConfig):
    name = "straiik.bundling"
    label = "bundling"
    verbose_name = "Demand bundling"

    def ready(self) -> None:
        # What the agenda reads from this app, declared here: its indicators and the records actions link to.
        from straiik.bundling import indicators
        from straiik.bundling.models import BundlingRound
        from straiik.core import links, restrict

        indicators.register_all()
        links.register("bundling-round", links.LinkTarget(
            BundlingRound, accepts=lambda r: True, label=lambda r: r.name,
            visible=restrict.can))
