"""Posting the real admin forms: read the page as a browser would, change some fields, send it back."""

from __future__ import annotations

import lxml.html


def form_data(response, form_id: str | None = None) -> dict:
    """The fields a browser would submit from the page's form: the one with `form_id`, else the first POST form
    other than the header's logout button."""
    assert response.status_code == 200, response.status_code
    page = lxml.html.fromstring(response.content.decode())
    if form_id:
        forms = [f for f in page.forms if f.get("id") == form_id]
    else:
        forms = [f for f in page.forms if f.method.upper() == "POST" and "logout" not in (f.action or "")]
    assert forms, f"no form {form_id!r} on the page"
    data: dict[str, object] = {}
    for name, value in forms[0].form_values():
        if name in data:
            current = data[name]
            data[name] = [*current, value] if isinstance(current, list) else [current, value]
        else:
            data[name] = value
    return data


def submit(client, url: str, changes: dict, *, form_id: str | None = None, drop: tuple = ()):
    """GET `url`, apply `changes` to its form, POST it back."""
    data = form_data(client.get(url), form_id)
    data.update(changes)
    for name in drop:
        data.pop(name, None)
    data.setdefault("_save", "保存")
    return client.post(url, data)
