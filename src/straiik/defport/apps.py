from django.apps import AppConfig


class DefportConfig(AppConfig):
    name = "straiik.defport"
    label = "defport"
    verbose_name = "Defport"

    def ready(self) -> None:
        # The agenda's indicators and the notifications' deadline check, kept with the records they read.
        from straiik.core import links, restrict
        from straiik.defport import indicators, reminders
        from straiik.defport.choices import Kind
        from straiik.defport.models import Submission
        from straiik.notifications import periodic

        indicators.register_all()
        periodic.register("deadline", reminders.defport_deadlines)
        links.register("defport-need", links.LinkTarget(
            Submission, accepts=lambda r: r.kind == Kind.NEED, label=lambda r: f"#{r.pk} {r.title}",
            visible=restrict.can))
