from django.urls import path

from straiik.sdir import views

app_name = "sdir"
urlpatterns = [
    path("", views.home, name="home"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("ocds.json", views.ocds_all, name="ocds"),
    path("calls/new/", views.call_create, name="call_create"),
    path("calls/<int:pk>/", views.call_detail, name="call"),
    path("calls/<int:pk>/edit/", views.call_edit, name="call_edit"),
    path("calls/<int:pk>/transition/", views.call_transition, name="call_transition"),
    path("calls/<int:pk>/chain/", views.chain, name="chain"),
    path("calls/<int:pk>/apply/", views.proposal_create, name="apply"),
    path("calls/<int:pk>/moderation/", views.moderation, name="moderation"),
    path("calls/<int:pk>/means/", views.consensus_means, name="consensus_means"),
    path("calls/<int:pk>/decision/", views.decision, name="decision"),
    path("calls/<int:pk>/ocds.json", views.call_ocds, name="call_ocds"),
    path("proposals/<int:pk>/", views.proposal_detail, name="proposal"),
    path("proposals/<int:pk>/edit/", views.proposal_edit, name="proposal_edit"),
    path("proposals/<int:pk>/submit/", views.proposal_submit, name="proposal_submit"),
    path("proposals/<int:pk>/withdraw/", views.proposal_withdraw, name="proposal_withdraw"),
    path("proposals/<int:pk>/attachments/", views.attachment_add, name="attachment_add"),
    path("proposals/<int:pk>/consensus/", views.consensus, name="consensus"),
    path("proposals/<int:pk>/letter.pdf", views.letter, name="letter"),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment"),
    path("attachments/<int:pk>/delete/", views.attachment_delete, name="attachment_delete"),
    path("review/", views.review_queue, name="review_queue"),
    path("review/<int:pk>/", views.assignment, name="assignment"),
    path("awards/<int:pk>/", views.award_detail, name="award"),
    path("awards/<int:pk>/transition/", views.award_transition, name="award_transition"),
    path("awards/<int:pk>/close/", views.award_close, name="award_close"),
    path("awards/<int:pk>/milestones/", views.milestone_add, name="milestone_add"),
    path("milestones/<int:pk>/", views.milestone_update, name="milestone_update"),
    path("notifications/", views.notifications, name="notifications"),
]
