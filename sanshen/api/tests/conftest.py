"""An API client per persona: each one authenticates with a personal token of its own."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from sanshen.accounts.models import ApiToken


class ApiClient:
    def __init__(self, key: str):
        self.client = Client(headers={"Authorization": f"Bearer {key}"})

    def get(self, path: str, **params):
        return self.client.get(path, params)

    def post(self, path: str, data: dict | None = None):
        return self.client.post(path, json.dumps(data or {}), content_type="application/json")


@pytest.fixture
def api(county):
    """api(user) → a client holding a fresh token of that user."""
    keys: dict[int, str] = {}

    def for_user(user) -> ApiClient:
        if user.pk not in keys:
            keys[user.pk] = ApiToken.issue(user, "测试")[1]
        return ApiClient(keys[user.pk])

    return for_user
