"""JSON API under /api/, described by OpenAPI at /api/schema."""

from ninja import NinjaAPI

from .auth import SessionOrToken
from .views import router

api = NinjaAPI(
    title="三审三校 API",
    version="1.0",
    urls_namespace="api",
    openapi_url="/schema",
    docs_url=None,
    auth=SessionOrToken(),
)
api.add_router("/", router)
