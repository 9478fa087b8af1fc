from django.urls import path

from straiik.defport import views

app_name = "defport"
urlpatterns = [
    path("", views.home, name="home"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("import/", views.import_view, name="import"),
    path("new/<slug:kind>/", views.create, name="create"),
    path("<int:pk>/", views.detail, name="submission"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/transition/", views.transition, name="transition"),
    path("<int:pk>/assign/", views.assign, name="assign"),
    path("<int:pk>/introduce/", views.introduce, name="introduce"),
    path("introductions/<int:pk>/respond/", views.respond, name="respond"),
]
