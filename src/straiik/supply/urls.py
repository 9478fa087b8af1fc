from django.urls import path

from straiik.supply import views

app_name = "supply"
urlpatterns = [
    path("", views.network_list, name="networks"),
    path("willems/", views.willems_import, name="willems"),
    path("<int:pk>/", views.network_detail, name="network"),
    path("<int:pk>/export/", views.network_export, name="export"),
    path("<int:pk>/delete/", views.network_delete, name="delete"),
    path("<int:pk>/nodes/<str:key>/", views.node_panel, name="node"),
    path("<int:pk>/nodes/<str:key>/edit/", views.node_edit, name="node-edit"),
    path("<int:pk>/analyses/<slug:kind>/", views.analysis_create, name="analyse"),
    path("analyses/<int:pk>/", views.analysis_detail, name="analysis"),
]
