from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProtectionConfig(AppConfig):
    name = "straiik.protection"
    label = "protection"
    verbose_name = _("Protection of technology")

    def ready(self) -> None:
        from straiik.protection import signals  # noqa: F401 - signals screen organisations when they change
