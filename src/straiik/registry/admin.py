from django.contrib import admin

from straiik.registry.models import (
    Capability,
    Membership,
    Organisation,
    RegionalEcosystem,
)


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class CapabilityInline(ReadOnlyInline):
    model = Capability
    fields = ["title", "kind", "trl"]


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    """Read-mostly: records are changed through the platform's pages and API, which keep the audit trail.
    Only memberships are managed here."""

    list_display = ["name", "kind", "country", "province", "city", "visibility", "is_demo"]
    list_filter = ["kind", "visibility", "province", "is_demo"]
    search_fields = ["name", "city"]
    inlines = [CapabilityInline, MembershipInline]

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in Organisation._meta.fields] + ["areas"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


admin.site.register(RegionalEcosystem)
