from allauth.account.decorators import secure_admin_login
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _

from straiik.accounts import lockout, tokens
from straiik.accounts.mfa import mfa_reset
from straiik.accounts.models import ApiToken, AuthEvent, User

# The admin signs in through the platform's sign-in page: the same lockout, the same second factor.
admin.site.login = secure_admin_login(admin.site.login)  # type: ignore[method-assign]


@admin.register(User)
class StraiikUserAdmin(UserAdmin):
    actions = ["reset_second_factor"]

    @admin.action(description=_("Reset the second factor (the user enrols again; API tokens revoked)"))
    def reset_second_factor(self, request, queryset):
        for user in queryset:
            mfa_reset(user, request.user, request=request)
        self.message_user(request, _("Second factor reset for %(n)d user(s).") % {"n": queryset.count()},
                          messages.SUCCESS)


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

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Revoke the selected tokens"))
    def revoke(self, request, queryset):
        n = 0
        for token in queryset.filter(revoked_at__isnull=True).select_related("user"):
            tokens.token_revoke(user=request.user, token=token, reason="revoked by an administrator",
                                request=request)
            n += 1
        self.message_user(request, _("%(n)d tokens revoked.") % {"n": n}, messages.SUCCESS)


@admin.register(AuthEvent)
class AuthEventAdmin(admin.ModelAdmin):
    list_display = ["at", "kind", "success", "username", "user", "ip"]
    list_filter = ["kind", "success", ("at", admin.DateFieldListFilter)]
    search_fields = ["username", "ip", "user__username", "user__email"]
    date_hierarchy = "at"
    actions = ["unblock"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Unblock the account names and addresses of the selected lockouts"))
    def unblock(self, request, queryset):
        for event in queryset.filter(kind=AuthEvent.Kind.LOCKOUT):
            scope = event.details.get("scope", lockout.ACCOUNT)
            key = event.username if scope == lockout.ACCOUNT else event.ip
            if key:
                lockout.unlock(scope=scope, key=key, by=request.user, request=request)
        self.message_user(request, _("Unblocked."), messages.SUCCESS)
