from django.urls import path

from straiik.protection import views

app_name = "protection"
urlpatterns = [
    path("", views.home, name="home"),
    path("queue/", views.queue, name="queue"),
    path("hits/<int:pk>/", views.hit, name="hit"),
    path("lists/", views.lists, name="lists"),
    path("organisations/<slug:slug>/", views.organisation, name="organisation"),
    path("organisations/<slug:slug>/disclose/", views.disclose, name="disclose"),
    path("disclosures/<int:pk>/review/", views.disclosure_review, name="disclosure_review"),
    path("rules/<str:kind>/<int:pk>/", views.rules, name="rules"),
    path("due-diligence/<str:kind>/<int:pk>/<slug:slug>/", views.due_diligence, name="due_diligence"),
    path("tags/<str:kind>/<int:pk>/", views.tags, name="tags"),
]
