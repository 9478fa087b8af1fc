from django.urls import path

from straiik.notifications import views

app_name = "notifications"
urlpatterns = [
    path("", views.notification_list, name="list"),
    path("read-all/", views.notifications_read_all, name="read_all"),
    path("preferences/", views.preferences, name="preferences"),
    path("<int:pk>/open/", views.notification_open, name="open"),
]
