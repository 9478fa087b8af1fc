from django.contrib import admin

from straiik.notifications.models import MailSettings, Notification, Preference


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ("subject", "user", "kind", "delivery", "created_at", "read_at", "emailed_at")
    list_filter = ("kind", "delivery")
    search_fields = ("subject", "user__username")
    raw_id_fields = ("user",)


admin.site.register(Preference)
admin.site.register(MailSettings)
