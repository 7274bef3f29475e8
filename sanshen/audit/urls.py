from django.urls import path

from . import views

urlpatterns = [
    path("", views.entries, name="audit-entries"),
    path("export.csv", views.export, name="audit-export"),
    path("checkpoints/", views.checkpoint_list, name="audit-checkpoints"),
    path("<int:seq>/", views.entry, name="audit-entry"),
]
