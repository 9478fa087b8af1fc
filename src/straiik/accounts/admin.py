from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _

from straiik.accounts import tokens
from straiik.accounts.models import ApiToken, User

admin.site.register(User, UserAdmin)


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Tokens are issued by their owners on the profile page (the key is shown to them once); here they can
    be seen and revoked. The key's hash is not shown: it is of no use to a person."""

    list_display = ["name", "user", "prefix", "created_at", "expires_at", "last_used_at", "last_used_from",
                    "revoked_at"]
    list_filter = ["revoked_at"]
    search_fields = ["name", "prefix", "user__username"]
    exclude = ["key_hash"]
    readonly_fields = ["user", "name", "prefix", "scopes", "created_at", "expires_at", "last_used_at",
                       "last_used_from", "revoked_at", "revoked_reason"]
    actions = ["revoke"]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    @admin.action(description=_("Revoke the selected tokens"))
    def revoke(self, request, queryset):  # type: ignore[no-untyped-def]
        n = 0
        for token in queryset.filter(revoked_at__isnull=True).select_related("user"):
            tokens.token_revoke(user=request.user, token=token, reason="revoked by an administrator",
                                request=request)
            n += 1
        self.message_user(request, _("%(n)d tokens revoked.") % {"n": n}, messages.SUCCESS)
