from django.apps import AppConfig


class DefportConfig(AppConfig):
    name = "straiik.defport"
    label = "defport"
    verbose_name = "Defport"

    def ready(self) -> None:
        # The agenda's indicators and the notifications' deadline check, kept with the records they read.
        from straiik.core import links
        from straiik.defport import indicators, permissions, reminders
        from straiik.defport.models import Kind, Submission
        from straiik.notifications import periodic

        indicators.register_all()
        periodic.register("deadline", reminders.defport_deadlines)
        links.register("defport-need", links.LinkTarget(
            Submission, accepts=lambda r: r.kind == Kind.NEED, label=lambda r: f"#{r.pk} {r.title}",
            visible=permissions.can_view))
