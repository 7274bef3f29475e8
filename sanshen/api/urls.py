"""JSON API under /api/, described by OpenAPI at /api/schema."""

from ninja import NinjaAPI
from ninja.renderers import JSONRenderer

from . import errors
from .auth import session_or_token
from .views import router


class ChineseJSONRenderer(JSONRenderer):
    # UTF-8 Chinese rather than ASCII escapes: readable in logs and curl, and smaller.
    json_dumps_params = {"ensure_ascii": False}


api = NinjaAPI(
    title="三审三校 API",
    version="1.0",
    description=(
        "认证：`Authorization: Bearer <令牌>`（令牌用 `sanshen issue_token 用户名 用途` 签发），"
        "或已登录浏览器的会话（POST 须带 X-CSRFToken 头）。错误一律返回 "
        '`{"error": 中文信息, "code": 英文代码}`。'
    ),
    urls_namespace="api",
    openapi_url="/schema",
    docs_url=None,
    auth=session_or_token(),
    renderer=ChineseJSONRenderer(),
)
errors.install(api)
api.add_router("/", router)
