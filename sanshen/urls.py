from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from sanshen.api.urls import api

admin.site.site_header = "三审三校 系统管理"
admin.site.site_title = "三审三校"

urlpatterns = [
    path("accounts/", include("sanshen.accounts.urls")),
    path("work/", include("sanshen.review.urls")),
    path("work/audit/", include("sanshen.audit.urls")),
    path("work/monitoring/", include("sanshen.monitoring.urls")),
    path("work/oversight/", include("sanshen.accountability.urls")),
    path("report-error/", include("sanshen.accountability.public_urls")),
    path("api/", api.urls),
    path(settings.SANSHEN_ADMIN_PATH, admin.site.urls),
    path("", include("sanshen.public.urls")),
]
