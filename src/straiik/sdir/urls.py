from django.urls import path

from straiik.sdir import views

app_name = "sdir"
urlpatterns = [
    path("", views.home, name="home"),
]
