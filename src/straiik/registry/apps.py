from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "straiik.registry"
    label = "registry"
    verbose_name = "Registry"

    def ready(self) -> None:
        from straiik.core import markings, views
        from straiik.registry import permissions, selectors, sso
        from straiik.registry.models import Organisation, VerificationStatus

        views.HOME_STATS.append(lambda user: selectors.registry_stats(user=user))

        def nations(ids: frozenset[int]) -> frozenset[str]:
            """The countries of the verified organisations among `ids` (a reader's nations, core.markings)."""
            return frozenset(Organisation.objects.filter(pk__in=ids, verification_status=VerificationStatus.VERIFIED)
                             .values_list("country", flat=True))

        markings.register_organisations(markings.Organisations(
            member_of=lambda user: permissions.member_of(user), nations=nations))
        sso.connect()
