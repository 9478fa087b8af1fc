from django.contrib import admin

from straiik.protection.models import Disclosure, DueDiligence, ProtectionRules, SanctionsList, ScreeningHit


@admin.register(SanctionsList)
class SanctionsListAdmin(admin.ModelAdmin):
    list_display = ("source", "version", "entry_count", "is_current", "loaded_at", "loaded_by")
    list_filter = ("source", "is_current")

    def has_add_permission(self, request):  # lists are loaded through the service, which validates and screens
        return False


@admin.register(ScreeningHit)
class ScreeningHitAdmin(admin.ModelAdmin):
    list_display = ("organisation", "subject_kind", "subject_name", "entry_name", "source", "score", "status")
    list_filter = ("status", "source", "subject_kind")
    search_fields = ("subject_name", "entry_name", "organisation__name")
    readonly_fields = [f.name for f in ScreeningHit._meta.fields]  # decisions go through the audited service


@admin.register(Disclosure)
class DisclosureAdmin(admin.ModelAdmin):
    list_display = ("organisation", "version", "status", "declared_at", "signed_off_at")
    list_filter = ("status",)
    readonly_fields = [f.name for f in Disclosure._meta.fields]


admin.site.register(ProtectionRules)
admin.site.register(DueDiligence)
