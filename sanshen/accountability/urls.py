from django.urls import path

from . import views

urlpatterns = [
    path("", views.home, name="oversight-home"),
    path("register/", views.register_list, name="oversight-register"),
    path("register/new/", views.entry_new, name="oversight-entry-new"),
    path("register/import/", views.entry_import, name="oversight-import"),
    path("register/bulk/", views.bulk_action, name="oversight-bulk"),
    path("register/<int:pk>/", views.entry_detail, name="oversight-entry"),
    path("register/<int:pk>/action/", views.entry_action, name="oversight-entry-action"),
    path("register/<int:pk>/evidence/", views.entry_evidence, name="oversight-evidence"),
    path("review/<int:submission_pk>/register/", views.register_from_review, name="oversight-from-review"),
    path("rectify/", views.rectify_list, name="oversight-rectify"),
    path("bulletins/", views.bulletin_list, name="oversight-bulletins"),
    path("bulletins/<int:pk>/", views.bulletin_detail, name="oversight-bulletin"),
    path("bulletins/<int:pk>/issue/", views.bulletin_issue, name="oversight-bulletin-issue"),
    path("bulletins/<int:pk>/bulletin.<str:fmt>", views.bulletin_file, name="oversight-bulletin-file"),
    path("dashboard/", views.dashboard, name="oversight-dashboard"),
    path("scores/", views.scores, name="oversight-scores"),
    path("rules/", views.scoring_rules, name="oversight-rules"),
    path("rules/<int:pk>/", views.scoring_rules, name="oversight-rule"),
    path("interviews/", views.interview_list, name="oversight-interviews"),
    path("interviews/new/", views.interview_new, name="oversight-interview-new"),
    path("interviews/<int:pk>/", views.interview_detail, name="oversight-interview"),
    path("interviews/<int:pk>/minutes.docx", views.interview_minutes, name="oversight-interview-minutes"),
    path("referrals/", views.referral_list, name="oversight-referrals"),
    path("referrals/<int:pk>/answer/", views.referral_answer, name="oversight-referral-answer"),
]
