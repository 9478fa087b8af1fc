from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "straiik.registry"
    label = "registry"
    verbose_name = "Registry"
