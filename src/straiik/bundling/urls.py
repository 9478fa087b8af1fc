from django.urls import path

from straiik.bundling import views

app_name = "bundling"
urlpatterns = [
    path("", views.round_list, name="rounds"),
    path("new/", views.round_create, name="round-create"),
    path("<int:pk>/", views.round_detail, name="round"),
    path("<int:pk>/rules/", views.round_edit, name="round-edit"),
    path("<int:pk>/status/", views.round_status, name="round-status"),
    path("<int:pk>/demand/new/", views.demand_edit, name="demand-create"),
    path("<int:pk>/demand/<int:demand_pk>/", views.demand_edit, name="demand-edit"),
    path("<int:pk>/demand/<int:demand_pk>/delete/", views.demand_delete, name="demand-delete"),
    path("<int:pk>/offers/new/", views.offer_edit, name="offer-create"),
    path("<int:pk>/offers/<int:offer_pk>/", views.offer_edit, name="offer-edit"),
    path("<int:pk>/offers/<int:offer_pk>/delete/", views.offer_delete, name="offer-delete"),
    path("<int:pk>/import/", views.import_view, name="import"),
    path("<int:pk>/runs/", views.run_create, name="run-create"),
    path("runs/<int:pk>/", views.run_detail, name="run"),
    path("runs/<int:pk>/progress/", views.run_progress, name="run-progress"),
    path("runs/<int:pk>/export/<slug:kind>/", views.run_export, name="run-export"),
    path("runs/<int:pk>/accept/", views.run_accept, name="run-accept"),
    path("procurements/", views.procurement_list, name="procurements"),
    path("procurements/<int:pk>/", views.procurement_detail, name="procurement"),
    path("procurements/<int:pk>/status/", views.procurement_status, name="procurement-status"),
]
