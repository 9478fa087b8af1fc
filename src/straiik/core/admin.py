from django.contrib import admin

from straiik.core.models import AccessLogEntry, Clearance, NeedToKnowGroup, ObjectChange


@admin.register(ObjectChange)
class ObjectChangeAdmin(admin.ModelAdmin[ObjectChange]):
    list_display = ["time", "user_name", "action", "changed_object_type", "object_repr"]
    list_filter = ["action", "changed_object_type"]
    search_fields = ["object_repr", "user_name"]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(NeedToKnowGroup)
class NeedToKnowGroupAdmin(admin.ModelAdmin[NeedToKnowGroup]):
    list_display = ["name", "managed_by", "created_at"]
    search_fields = ["name"]
    filter_horizontal = ["members", "organisations"]
    raw_id_fields = ["managed_by"]


@admin.register(Clearance)
class ClearanceAdmin(admin.ModelAdmin[Clearance]):
    list_display = ["user", "level", "set_by", "set_at"]
    search_fields = ["user__username"]
    raw_id_fields = ["user", "set_by"]


@admin.register(AccessLogEntry)
class AccessLogEntryAdmin(admin.ModelAdmin[AccessLogEntry]):
    """Read only: the access log is append-only."""

    list_display = ["at", "user_name", "action", "object_type", "object_repr", "classification", "ip"]
    list_filter = ["action", "object_type", "classification"]
    search_fields = ["object_repr", "user_name"]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False
