"""Errors at the API's edge: every refusal is {"error": 中文消息, "code": "…"} with the right status."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import Http404, JsonResponse
from ninja.errors import AuthenticationError, HttpError, ValidationError

from sanshen.review.exceptions import BlockedByFindings, WorkflowError

from .auth import CsrfRefused


class NotFound(Http404):
    """Missing and not visible read the same, so ids cannot be probed."""

    def __init__(self, message: str, *, code: str):
        super().__init__(message)
        self.message = message
        self.code = code


def error_body(message: str, code: str, **extra) -> dict:
    return {"error": message, "code": code, **extra}


API_PREFIX = "/api/"

# What an error says when nothing more particular is known: a URL no route matches, a method the route lacks,
# a refusal or a crash that Django itself answered.
STATUS_ERRORS = {
    400: ("请求有误", "bad_request"),
    401: ("未登录或 API 令牌无效", "unauthenticated"),
    403: ("没有权限", "forbidden"),
    404: ("未找到", "not_found"),
    405: ("该地址不支持此请求方法", "method_not_allowed"),
    409: ("与当前状态冲突，请刷新后重试", "conflict"),
    413: ("请求内容过大", "too_large"),
    422: ("请求内容有误", "invalid_request"),
    429: ("请求过于频繁，请稍后再试", "too_many_requests"),
    500: ("系统出错，操作没有完成，请稍后重试", "server_error"),
}


def status_error(status: int) -> tuple[str, str]:
    if status in STATUS_ERRORS:
        return STATUS_ERRORS[status]
    if status >= 500:
        return "系统暂时不可用，请稍后重试", "server_error"
    return "请求未能完成", f"http_{status}"


def json_error(message: str, code: str, status: int, **extra) -> JsonResponse:
    return JsonResponse(error_body(message, code, **extra), status=status, json_dumps_params={"ensure_ascii": False})


def too_large_message() -> str:
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    size = f"{limit / 1024**2:g} MB" if limit >= 1024**2 else f"{limit / 1024:g} KB"
    return f"请求内容过大：不能超过 {size}"


class JsonErrorsMiddleware:
    """Under /api/ every error is JSON, whoever answered it: the resolver's 404, ninja's 405, Django's 400 for a
    hostile request, its 500 after a crash. The pages elsewhere keep their HTML error pages."""

    # Headers of the refusal that a client acts on.
    KEPT_HEADERS = ("Allow", "WWW-Authenticate", "Retry-After")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            response.status_code < 400
            or not request.path_info.startswith(API_PREFIX)
            or response.get("Content-Type", "").startswith("application/json")
        ):
            return response
        replacement = json_error(*status_error(response.status_code), status=response.status_code)
        for header in self.KEPT_HEADERS:
            if header in response:
                replacement[header] = response[header]
        replacement.cookies = response.cookies
        return replacement


# pydantic error types → what a person reads; {…} are filled from the error's ctx.
VALIDATION_MESSAGES = {
    "missing": "必填",
    "extra_forbidden": "不允许的字段",
    "int_parsing": "须为整数",
    "int_type": "须为整数",
    "int_from_float": "须为整数",
    "bool_parsing": "须为 true 或 false",
    "bool_type": "须为 true 或 false",
    "string_type": "须为字符串",
    "string_too_long": "不能超过 {max_length} 个字符",
    "string_too_short": "不能少于 {min_length} 个字符",
    "greater_than_equal": "不能小于 {ge}",
    "greater_than": "须大于 {gt}",
    "less_than_equal": "不能大于 {le}",
    "less_than": "须小于 {lt}",
    "enum": "须为以下之一：{expected}",
    "literal_error": "须为以下之一：{expected}",
    "list_type": "须为列表",
    "dict_type": "须为对象",
    "model_type": "须为 JSON 对象",
    "model_attributes_type": "须为 JSON 对象",
    "datetime_parsing": "须为日期时间",
}


def field_message(err: dict) -> str:
    kind = err.get("type", "")
    ctx = err.get("ctx") or {}
    if kind == "value_error" and "error" in ctx:
        # Our own validators raise ValueError with a Chinese message.
        return str(ctx["error"])
    template = VALIDATION_MESSAGES.get(kind)
    if template is None:
        return "格式有误"
    try:
        return template.format(**{k: _plain(v) for k, v in ctx.items()})
    except KeyError:
        return "格式有误"


def _plain(value) -> str:
    # pydantic writes "'a', 'b' or 'c'"; people read "a、b、c".
    return str(value).replace("'", "").replace(" or ", ", ").replace(", ", "、")


def field_name(loc) -> str:
    """("body", "payload", "title") → "title"; ("query", "page") → "page"; the body itself → "请求内容"."""
    parts = [str(p) for p in loc]
    if parts and parts[0] == "body":
        parts = parts[2:]
    elif parts:
        parts = parts[1:]
    return ".".join(parts) or "请求内容"


def install(api) -> None:
    @api.exception_handler(WorkflowError)
    def workflow_error(request, exc: WorkflowError):
        extra = {}
        if isinstance(exc, BlockedByFindings):
            extra["findings"] = [f.as_dict() for f in exc.findings]
        if exc.code == "not_visible":
            # The item left this person's sight between the fetch and the lock: it does not exist for them.
            return api.create_response(request, error_body("稿件不存在", "not_found"), status=404)
        return api.create_response(request, error_body(exc.message, exc.code, **extra), status=exc.status_code)

    @api.exception_handler(ValidationError)
    def validation_error(request, exc: ValidationError):
        fields = [{"field": field_name(e.get("loc", ())), "message": field_message(e)} for e in exc.errors]
        summary = "；".join(f"{f['field']}：{f['message']}" for f in fields[:5])
        return api.create_response(
            request, error_body(f"请求内容有误（{summary}）", "invalid_request", fields=fields), status=422
        )

    @api.exception_handler(NotFound)
    def not_found(request, exc: NotFound):
        return api.create_response(request, error_body(exc.message, exc.code), status=404)

    @api.exception_handler(Http404)
    def other_not_found(request, exc: Http404):
        return api.create_response(request, error_body("未找到", "not_found"), status=404)

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request, exc: AuthenticationError):
        response = api.create_response(request, error_body(*STATUS_ERRORS[401]), status=401)
        response["WWW-Authenticate"] = "Bearer"
        return response

    @api.exception_handler(RequestDataTooBig)
    def too_large(request, exc: RequestDataTooBig):
        # Django would answer 400 with an HTML page; the body was never read, so nothing was stored.
        return api.create_response(request, error_body(too_large_message(), "too_large"), status=413)

    @api.exception_handler(CsrfRefused)
    def csrf_refused(request, exc: CsrfRefused):
        return api.create_response(
            request, error_body("CSRF 校验失败：请刷新页面后重试，或改用 API 令牌", "csrf_failed"), status=403
        )

    @api.exception_handler(HttpError)
    def http_error(request, exc: HttpError):
        if exc.status_code == 400:
            # ninja raises this when the body is not JSON at all.
            return api.create_response(request, error_body("请求内容须为 JSON", "bad_json"), status=400)
        return api.create_response(request, error_body(*status_error(exc.status_code)), status=exc.status_code)
