from django.urls import path

from sanshen.review import attachment_views

from . import views

urlpatterns = [
    path("", views.home, name="public-home"),
    path("robots.txt", views.robots, name="public-robots"),
    path("column/<slug:slug>/", views.column, name="public-column"),
    path("column/<slug:slug>/feed/", views.ColumnFeed(), name="public-feed"),
    path("article/<uuid:public_id>/", views.article, name="public-article"),
    path("article/<uuid:public_id>/files/<int:pk>/", attachment_views.public_attachment, name="public-attachment"),
    path("article/<uuid:public_id>/images/<uuid:image_id>/", attachment_views.public_body_image, name="public-body-image"),
]
