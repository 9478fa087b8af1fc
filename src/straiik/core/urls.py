from django.urls import path

from straiik.core import marking_views, views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("readyz", views.readyz, name="readyz"),
    path("metrics", views.metrics, name="metrics"),
    path("markings/groups/", marking_views.group_list, name="marking_groups"),
    path("markings/groups/<int:pk>/", marking_views.group_detail, name="marking_group"),
    path("markings/groups/<int:pk>/delete/", marking_views.group_delete, name="marking_group_delete"),
    path("markings/clearances/", marking_views.clearances, name="marking_clearances"),
    path("markings/<str:label>/<int:pk>/access/", marking_views.access_log, name="marking_access_log"),
    path("markings/<str:label>/<int:pk>/downgrade/", marking_views.downgrade, name="marking_downgrade"),
]
