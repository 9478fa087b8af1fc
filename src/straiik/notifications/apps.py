from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "straiik.notifications"
    label = "notifications"
    verbose_name = "Notifications"
