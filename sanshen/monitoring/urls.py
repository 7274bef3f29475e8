from django.urls import path

from . import views

urlpatterns = [
    path("", views.overview, name="monitoring-overview"),
    path("runs/", views.run_start, name="monitoring-run-start"),
    path("runs/<int:pk>/", views.run_detail, name="monitoring-run"),
    path("runs/<int:pk>/progress/", views.run_progress, name="monitoring-run-progress"),
    path("findings/<int:pk>/", views.finding_detail, name="monitoring-finding"),
    path("thresholds/", views.threshold_edit, name="monitoring-thresholds"),
]
