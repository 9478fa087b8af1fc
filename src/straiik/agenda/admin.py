from django.contrib import admin

from straiik.agenda.models import Action, Agenda, IndicatorSnapshot, ParliamentaryItem


@admin.register(Agenda)
class AgendaAdmin(admin.ModelAdmin):
    list_display = ("year", "title", "status", "is_demo")
    readonly_fields = ("is_demo",)


@admin.register(Action)
class ActionAdmin(admin.ModelAdmin):
    list_display = ("code", "title", "area", "status", "deadline")
    list_filter = ("agenda", "area", "status")
    search_fields = ("title",)


@admin.register(ParliamentaryItem)
class ParliamentaryItemAdmin(admin.ModelAdmin):
    list_display = ("reference", "title", "kind", "status")


@admin.register(IndicatorSnapshot)
class IndicatorSnapshotAdmin(admin.ModelAdmin):
    list_display = ("code", "year", "as_of", "value")
    list_filter = ("code", "year")
