from django.urls import path

from . import views

urlpatterns = [
    path("", views.inbox, name="review-inbox"),
    path("submissions/", views.submission_list, name="review-list"),
    path("submissions/new/", views.submission_new, name="review-new"),
    path("submissions/<int:pk>/", views.submission_detail, name="review-detail"),
    path("submissions/<int:pk>/edit/", views.submission_edit, name="review-edit"),
    path("submissions/<int:pk>/action/", views.submission_action, name="review-action"),
    path("submissions/<int:pk>/diff/", views.revision_diff, name="review-diff"),
    path("submissions/<int:pk>/findings/<int:finding_pk>/resolve/", views.finding_resolve, name="review-finding-resolve"),
    path("submissions/<int:pk>/findings/<int:finding_pk>/apply/", views.finding_apply, name="review-finding-apply"),
    path("submissions/<int:pk>/form.<str:fmt>", views.signoff_form, name="review-signoff"),
    path("submissions/<int:pk>/form-scan/", views.signoff_scan_upload, name="review-signoff-scan"),
    path("queues/", views.county_queues, name="review-queues"),
    path("notifications/", views.notifications, name="review-notifications"),
    path("archive/", views.archive, name="review-archive"),
    path("archive/<int:record_pk>.<str:fmt>", views.archive_file, name="review-archive-file"),
]
