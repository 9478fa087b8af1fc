from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "straiik.notifications"
    label = "notifications"
    verbose_name = "Notifications"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from straiik.notifications.middleware import on_login

        user_logged_in.connect(on_login, dispatch_uid="straiik-notifications-language")
