from django.conf import settings


def office(request):
    return {"county_name": settings.SANSHEN_COUNTY_NAME}
