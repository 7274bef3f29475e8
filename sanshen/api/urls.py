"""JSON API under /api/, described by OpenAPI at /api/schema."""

from functools import wraps

from django.http import HttpResponseNotAllowed
from django.views.decorators.csrf import csrf_exempt
from ninja import NinjaAPI
from ninja.errors import AuthenticationError
from ninja.renderers import JSONRenderer

from . import errors
from .auth import install as install_token_refusals
from .auth import session_or_token
from .views import router


class ChineseJSONRenderer(JSONRenderer):
    # UTF-8 Chinese rather than ASCII escapes: readable in logs and curl, and smaller.
    json_dumps_params = {"ensure_ascii": False}


def signed_in_only(view):
    """/api/schema maps every endpoint and its fields: it asks for the same token or session as they do."""

    @wraps(view)
    def guarded(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD"):
            return HttpResponseNotAllowed(["GET", "HEAD"])
        # The same ways in, in the same order, as ninja tries them for an endpoint.
        for way_in in api.auth:
            try:
                if way_in(request):
                    return view(request, *args, **kwargs)
            except Exception as exc:
                return api.on_exception(request, exc)
        return api.on_exception(request, AuthenticationError())

    # Read-only; a session's CSRF token is checked by SessionAuth where it matters, as for the endpoints.
    return csrf_exempt(guarded)


api = NinjaAPI(
    title="三审三校 API",
    version="1.0",
    description=(
        "认证：`Authorization: Bearer <令牌>`（令牌用 `sanshen issue_token 用户名 用途` 签发），"
        "或已登录浏览器的会话（POST 须带 X-CSRFToken 头）。错误一律返回 "
        '`{"error": 中文信息, "code": 英文代码}`。本说明本身也须登录或令牌才能读取。'
    ),
    urls_namespace="api",
    openapi_url="/schema",
    docs_url=None,
    docs_decorator=signed_in_only,
    auth=session_or_token(),
    renderer=ChineseJSONRenderer(),
)
errors.install(api)
install_token_refusals(api)
api.add_router("/", router)
