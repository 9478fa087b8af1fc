from django.urls import path

from straiik.agenda import views

app_name = "agenda"
urlpatterns = [
    path("", views.home, name="home"),
    path("new/", views.agenda_create, name="agenda-create"),
    path("parliament/", views.items, name="items"),
    path("parliament/new/", views.item_edit, name="item-create"),
    path("parliament/<int:pk>/", views.item_detail, name="item"),
    path("parliament/<int:pk>/edit/", views.item_edit, name="item-edit"),
    path("actions/<int:pk>/", views.action_detail, name="action"),
    path("actions/<int:pk>/edit/", views.action_edit, name="action-edit"),
    path("actions/<int:pk>/delete/", views.action_delete, name="action-delete"),
    path("actions/<int:pk>/progress/", views.progress_post, name="progress"),
    path("actions/<int:pk>/links/", views.link_add, name="link-add"),
    path("links/<int:pk>/delete/", views.link_remove, name="link-remove"),
    path("evidence/<int:pk>/", views.evidence, name="evidence"),
    path("<int:year>/", views.agenda_detail, name="agenda"),
    path("<int:year>/edit/", views.agenda_edit, name="agenda-edit"),
    path("<int:year>/status/", views.agenda_status, name="agenda-status"),
    path("<int:year>/ambitions/<slug:area>/", views.ambition_edit, name="ambition-edit"),
    path("<int:year>/objectives/new/", views.objective_edit, name="objective-create"),
    path("<int:year>/objectives/<int:pk>/", views.objective_edit, name="objective-edit"),
    path("<int:year>/areas/<slug:area>/", views.area, name="area"),
    path("<int:year>/timeline/", views.timeline, name="timeline"),
    path("<int:year>/actions/new/", views.action_edit, name="action-create"),
    path("<int:year>/indicators/", views.indicators, name="indicators"),
    path("<int:year>/indicators/refresh/", views.indicators_refresh, name="indicators-refresh"),
    path("<int:year>/report/", views.report_view, name="report"),
]
