from django.urls import path

from straiik.work import views

app_name = "work"
urlpatterns = [
    path("my-work/", views.mine, name="mine"),
    path("search/", views.search, name="search"),
    path("exercise/<str:label>/<int:pk>/", views.exercise, name="exercise"),
]
