from django.apps import AppConfig


class AgendaConfig(AppConfig):
    name = "straiik.agenda"
    label = "agenda"
    verbose_name = "STRAIIK-D action agenda"
