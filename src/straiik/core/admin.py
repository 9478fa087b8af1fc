from django.contrib import admin

from straiik.core.models import ObjectChange


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
