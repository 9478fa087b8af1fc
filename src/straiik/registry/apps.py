from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "straiik.registry"
    label = "registry"
    verbose_name = "Registry"

    def ready(self) -> None:
        from straiik.core import views
        from straiik.registry import selectors, sso

        views.HOME_STATS.append(lambda user: selectors.registry_stats(user=user))
        sso.connect()
