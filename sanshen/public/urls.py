from django.urls import path

from . import views

urlpatterns = [
    path("", views.home, name="public-home"),
    path("column/<slug:slug>/", views.column, name="public-column"),
    path("column/<slug:slug>/feed/", views.ColumnFeed(), name="public-feed"),
    path("article/<uuid:public_id>/", views.article, name="public-article"),
]
