"""我为政府网站找错: the one public address of 责任追究 (POST only; the form sits on every public article)."""

from django.urls import path

from . import views

urlpatterns = [path("<uuid:public_id>/", views.public_report, name="oversight-public-report")]
