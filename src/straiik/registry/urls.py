from django.urls import path

from straiik.registry import views

app_name = "registry"
urlpatterns = [
    path("", views.organisation_list, name="list"),
    path("new/", views.organisation_create, name="create"),
    path("import/", views.organisation_import, name="import"),
    path("export.<str:fmt>", views.organisation_export, name="export"),
    path("ecosystem/", views.ecosystem, name="ecosystem"),
    path("cpv/", views.cpv_lookup, name="cpv_lookup"),
    path("invitations/<str:token>/", views.invitation, name="invitation"),
    path("<slug:slug>/", views.organisation_detail, name="detail"),
    path("<slug:slug>/edit/", views.organisation_edit, name="edit"),
    path("<slug:slug>/delete/", views.organisation_delete, name="delete"),
    path("<slug:slug>/members/", views.member_add, name="member_add"),
    path("<slug:slug>/members/<int:pk>/remove/", views.member_remove, name="member_remove"),
    path("<slug:slug>/members/<int:pk>/approve/", views.member_approve, name="member_approve"),
    path("<slug:slug>/members/<int:pk>/admin/", views.member_admin, name="member_admin"),
    path("<slug:slug>/members/<int:pk>/accept/", views.member_accept, name="member_accept"),
    path("<slug:slug>/members/request/", views.member_request, name="member_request"),
    path("<slug:slug>/invitations/", views.invitation_send, name="invite"),
    path("<slug:slug>/invitations/<int:pk>/withdraw/", views.invitation_withdraw, name="invitation_withdraw"),
    path("<slug:slug>/verify/", views.organisation_verify, name="verify"),
    path("<slug:slug>/unverify/", views.organisation_unverify, name="unverify"),
    path("<slug:slug>/<str:kind>/add/", views.child_edit, name="child_add"),
    path("<slug:slug>/<str:kind>/<int:pk>/edit/", views.child_edit, name="child_edit"),
    path("<slug:slug>/<str:kind>/<int:pk>/delete/", views.child_delete, name="child_delete"),
]
