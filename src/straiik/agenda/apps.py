from django.apps import AppConfig


class AgendaConfig(AppConfig):
    name = "straiik.agenda"
    label = "agenda"
    verbose_name = "STRAIIK-D action agenda"

    def ready(self) -> None:
        # The agenda's indicators that read this app's records are declared here (straiik.core.indicators).
        from straiik.agenda import indicators

        indicators.register_all()
