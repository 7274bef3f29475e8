from django.urls import path

from . import attachment_views, views

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
    path("submissions/<int:pk>/findings/mask-all/", views.finding_apply_masks, name="review-finding-mask-all"),
    path("submissions/<int:pk>/form.<str:fmt>", views.signoff_form, name="review-signoff"),
    path("submissions/<int:pk>/form-status/", views.signoff_status, name="review-signoff-status"),
    path("submissions/<int:pk>/form-scan/", views.signoff_scan_upload, name="review-signoff-scan"),
    path("queues/", views.county_queues, name="review-queues"),
    path("notifications/", views.notifications, name="review-notifications"),
    path("archive/", views.archive, name="review-archive"),
    path("archive/<int:record_pk>.<str:fmt>", views.archive_file, name="review-archive-file"),
    # Attachments, body pictures, Word import and export (attachment_views.py)
    path("submissions/import/", attachment_views.submission_import, name="review-import"),
    path("submissions/<int:pk>/import/", attachment_views.revision_import, name="review-import-revision"),
    path("submissions/<int:pk>/export.docx", attachment_views.submission_export, name="review-export"),
    path("submissions/<int:pk>/attachments/", attachment_views.attachment_add, name="review-attachment-add"),
    path("submissions/<int:pk>/images/", attachment_views.body_image_add, name="review-body-image-add"),
    path(
        "submissions/<int:pk>/file-findings/<int:finding_pk>/resolve/",
        attachment_views.file_finding_resolve,
        name="review-file-finding-resolve",
    ),
    path("attachments/<int:pk>/", attachment_views.attachment_file, name="review-attachment"),
    path("attachments/<int:pk>/original/", attachment_views.attachment_original, name="review-attachment-original"),
    path("attachments/<int:pk>/preview/<int:page>.png", attachment_views.attachment_preview, name="review-attachment-preview"),
    path("attachments/<int:pk>/mask/", attachment_views.attachment_mask, name="review-attachment-mask"),
    path("attachments/<int:pk>/remove/", attachment_views.attachment_remove, name="review-attachment-remove"),
    path("attachments/<int:pk>/check/", attachment_views.attachment_check_status, name="review-attachment-check"),
    path("images/<uuid:public_id>/", attachment_views.body_image, name="review-body-image"),
    path("images/<uuid:public_id>/preview.png", attachment_views.body_image_preview, name="review-body-image-preview"),
    path("images/<uuid:public_id>/mask/", attachment_views.body_image_mask, name="review-body-image-mask"),
    path("images/<uuid:public_id>/original/", attachment_views.body_image_original, name="review-body-image-original"),
]
