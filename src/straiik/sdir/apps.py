from django.apps import AppConfig


class SdirConfig(AppConfig):
    name = "straiik.sdir"
    label = "sdir"
    verbose_name = "SDIR innovation competitions"

    def ready(self) -> None:
        # What other apps read from SDIR, declared here: the agenda's indicators and links, the notifications'
        # milestone check, the awards waiting for protection's due diligence.
        from straiik.core import links, restrict
        from straiik.defport import permissions as defport_permissions
        from straiik.notifications import periodic
        from straiik.protection import selectors as protection_selectors
        from straiik.sdir import indicators, permissions, reminders, selectors
        from straiik.sdir.models import Call

        periodic.register("milestone", reminders.sdir_milestones)
        indicators.register_all()
        links.register("sdir-call", links.LinkTarget(
            Call, accepts=lambda r: True, label=lambda r: str(r.title or r), visible=restrict.can))
        protection_selectors.WAITING_FOR_DUE_DILIGENCE.append(selectors.awards_waiting_due_diligence)
        defport_permissions.FOLLOW_UPS["sdir-call"] = permissions.can_create_call
