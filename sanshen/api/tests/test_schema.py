"""/api/schema: the OpenAPI document describes every endpoint, its input and its responses."""

import pytest

OPERATIONS = {
    ("get", "/api/me"),
    ("get", "/api/submissions"),
    ("post", "/api/submissions"),
    ("get", "/api/submissions/{submission_id}"),
    ("get", "/api/submissions/{submission_id}/revisions"),
    ("post", "/api/submissions/{submission_id}/revisions"),
    ("get", "/api/submissions/{submission_id}/revisions/{number}"),
    ("get", "/api/submissions/{submission_id}/diff"),
    ("get", "/api/submissions/{submission_id}/actions"),
    ("post", "/api/submissions/{submission_id}/actions/{name}"),
    ("get", "/api/submissions/{submission_id}/findings"),
    ("post", "/api/submissions/{submission_id}/findings/{finding_id}/resolve"),
    ("get", "/api/queue"),
    ("get", "/api/notifications"),
    ("post", "/api/notifications/read"),
}
# POSTs that take no body.
WITHOUT_BODY = {("post", "/api/notifications/read")}


@pytest.fixture
def schema(county, api):
    r = api(county.drafter).get("/api/schema")
    assert r.status_code == 200
    assert r["Content-Type"].startswith("application/json")
    return r.json()


def _operations(schema):
    return {(m, p): op for p, item in schema["paths"].items() for m, op in item.items()}


def _resolve(schema, node):
    ref = node.get("$ref")
    if ref is None:
        return node
    assert ref.startswith("#/components/schemas/")
    return schema["components"]["schemas"][ref.rsplit("/", 1)[1]]


def test_it_lists_every_endpoint(schema):
    assert set(_operations(schema)) == OPERATIONS


@pytest.mark.parametrize("key", sorted(OPERATIONS))
def test_each_operation_has_a_summary_and_json_response_schemas(schema, key):
    op = _operations(schema)[key]
    assert op["summary"]
    success = [code for code in op["responses"] if code.startswith("2")]
    assert success
    for code, response in op["responses"].items():
        body = _resolve(schema, response["content"]["application/json"]["schema"])
        assert body.get("type") in ("object", "array"), code
    # Every endpoint needs a token or a session and says so.
    assert op["security"] == [{"TokenAuth": []}, {"SessionAuth": []}]
    error = _resolve(schema, op["responses"]["401"]["content"]["application/json"]["schema"])
    assert {"error", "code"} <= set(error["required"])


@pytest.mark.parametrize("key", sorted(k for k in OPERATIONS if k[0] == "post" and k not in WITHOUT_BODY))
def test_each_write_describes_its_body(schema, key):
    op = _operations(schema)[key]
    body = _resolve(schema, op["requestBody"]["content"]["application/json"]["schema"])
    assert body["type"] == "object"
    assert body["properties"]


def test_the_stale_revision_answer_carries_the_diff(schema):
    op = _operations(schema)[("post", "/api/submissions/{submission_id}/revisions")]
    stale = _resolve(schema, op["responses"]["409"]["content"]["application/json"]["schema"])
    assert {"diff", "their_changes", "base_revision", "current_revision"} <= set(stale["required"])


def test_it_declares_both_ways_in(schema):
    schemes = schema["components"]["securitySchemes"]
    assert schemes["TokenAuth"] == {"type": "http", "scheme": "bearer"}
    assert (schemes["SessionAuth"]["type"], schemes["SessionAuth"]["in"]) == ("apiKey", "cookie")
