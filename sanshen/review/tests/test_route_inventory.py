"""Route inventory: every URL pattern of the work area (/work/) and of the API (/api/) names the tests that press it on
its success path, so a new button or endpoint cannot land without one.

COVERED maps each route's name to test node ids ("path::function"). The test below walks Django's resolver, so a
route added anywhere under /work/ or /api/ is found without anyone listing it; it fails for a route missing from the
table, for a table entry that is no longer a route, and for a named test that does not exist. The desk's own routes
are pressed in the browser (tests/e2e/test_desk.py) and again in unit tests; the audit, monitoring and oversight apps
and the API are covered by their own tests, named here.
"""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, path

ROOT = Path(__file__).resolve().parents[3]
PREFIXES = ("work/", "api/")

E2E = "tests/e2e/test_desk.py"
DRAFTER = f"{E2E}::test_the_drafter_writes_masks_attaches_and_sends_an_item"
REVIEWERS = f"{E2E}::test_the_reviewers_take_an_item_through_changes_and_the_offices_to_the_public_site"
LEADERS = f"{E2E}::test_leaders_sign_with_an_opinion_and_the_county_sends_back_returns_and_refuses"
OPERATOR = f"{E2E}::test_word_import_keeps_its_file_the_operator_publishes_and_a_paper_unit_uploads_its_scan"
PAGES = f"{E2E}::test_the_desk_at_phone_and_desktop_width"
DESK = "sanshen/review/tests/test_desk.py"
AUDIT = "sanshen/audit/tests/test_pages.py"
AUDIT_E2E = "tests/e2e/test_audit.py::test_the_auditor_filters_opens_and_exports_the_log"
MONITORING = "sanshen/monitoring/tests/test_views.py"
MONITORING_E2E = "tests/e2e/test_monitoring.py::test_the_county_office_reads_monitoring_at_desk_and_phone_width"
OVERSIGHT = "sanshen/accountability/tests/test_pages.py"
OVERSIGHT_E2E = "tests/e2e/test_oversight.py::test_the_county_office_takes_a_send_back_to_an_issued_bulletin"
API = "sanshen/api/tests"

COVERED: dict[str, tuple[str, ...]] = {
    # ---- the review desk (sanshen/review): pressed in the browser, as the role that has each button
    "review-inbox": (REVIEWERS, PAGES, f"{DESK}::test_each_role_lands_where_its_work_is"),
    "review-list": (REVIEWERS, PAGES),
    "review-new": (DRAFTER, PAGES),
    "review-detail": (DRAFTER, REVIEWERS, LEADERS, PAGES),
    "review-edit": (DRAFTER, REVIEWERS, f"{DESK}::test_the_edit_page_shows_the_last_request_and_the_open_findings"),
    "review-action": (DRAFTER, REVIEWERS, LEADERS, OPERATOR, f"{DESK}::test_every_action_says_what_was_done_and_who_has_it_now"),
    "review-diff": (DRAFTER, REVIEWERS, f"{DESK}::test_show_original_is_for_the_units_reviewers_and_audited"),
    "review-finding-resolve": (REVIEWERS,),
    "review-finding-apply": (DRAFTER, f"{DESK}::test_apply_replaces_exactly_the_flagged_text_as_a_new_attributed_revision"),
    "review-finding-mask-all": (DRAFTER, f"{DESK}::test_mask_all_masks_every_personal_datum_in_one_revision"),
    "review-signoff": (REVIEWERS, f"{DESK}::test_the_county_page_waits_for_the_form_picture_and_then_shows_it"),
    "review-signoff-status": (REVIEWERS, PAGES, f"{DESK}::test_the_county_page_waits_for_the_form_picture_and_then_shows_it"),
    "review-signoff-scan": (OPERATOR,),
    "review-queues": (REVIEWERS, PAGES),
    "review-notifications": (REVIEWERS, PAGES),
    "review-archive": (REVIEWERS,),
    "review-archive-file": (REVIEWERS,),
    "review-import": (OPERATOR, f"{DESK}::test_import_without_a_target_keeps_the_file_and_names_the_field"),
    "review-import-revision": (DRAFTER,),
    "review-export": (DRAFTER,),
    "review-attachment-add": (DRAFTER,),
    "review-body-image-add": (DRAFTER,),
    "review-file-finding-resolve": (REVIEWERS,),
    "review-attachment": (DRAFTER,),
    "review-attachment-original": (DRAFTER,),
    "review-attachment-preview": (DRAFTER,),
    "review-attachment-mask": (DRAFTER,),
    "review-attachment-remove": (DRAFTER,),
    # A file's check in progress: only visible while a check runs, which the browser tests never wait for.
    "review-attachment-check": (
        "sanshen/review/tests/test_file_checks_fair.py::test_the_item_page_shows_the_progress_and_polls_until_the_check_ends",
    ),
    "review-body-image": (DRAFTER,),
    "review-body-image-preview": (DRAFTER,),
    "review-body-image-mask": (DRAFTER,),
    "review-body-image-original": (DRAFTER,),
    # ---- the audit log (sanshen/audit)
    "audit-entries": (AUDIT_E2E, f"{AUDIT}::test_it_filters_by_person_unit_action_and_result"),
    "audit-export": (AUDIT_E2E, f"{AUDIT}::test_it_exports_the_filtered_entries_as_csv_excel_can_open"),
    "audit-checkpoints": (f"{AUDIT}::test_it_lists_the_checkpoints_for_printing",),
    "audit-entry": (AUDIT_E2E, f"{AUDIT}::test_it_opens_one_entry_with_its_detail_in_chinese"),
    # ---- website monitoring (sanshen/monitoring): its own tests
    "monitoring-overview": (MONITORING_E2E, f"{MONITORING}::test_it_shows_the_county_office_everything"),
    "monitoring-run-start": (f"{MONITORING}::test_the_county_office_starts_a_run_and_watches_it",),
    "monitoring-run": (f"{MONITORING}::test_it_shows_a_run_with_its_indicators",),
    "monitoring-run-progress": (f"{MONITORING}::test_the_county_office_starts_a_run_and_watches_it",),
    "monitoring-finding": (f"{MONITORING}::test_it_shows_a_finding_with_its_differences",),
    "monitoring-thresholds": (f"{MONITORING}::test_the_county_office_sets_thresholds",),
    # ---- the error register (sanshen/accountability): its own tests
    "oversight-home": (OVERSIGHT_E2E, f"{OVERSIGHT}::test_it_opens_the_register_to_those_who_keep_or_answer_it"),
    "oversight-register": (OVERSIGHT_E2E, f"{OVERSIGHT}::test_the_register_filters"),
    "oversight-entry-new": (f"{OVERSIGHT}::test_the_office_registers_by_hand_and_imports",),
    "oversight-import": (f"{OVERSIGHT}::test_the_office_registers_by_hand_and_imports",),
    "oversight-bulk": (f"{OVERSIGHT}::test_the_office_confirms_many_at_once_and_hears_what_failed",),
    "oversight-entry": (f"{OVERSIGHT}::test_a_unit_rectifies_and_the_office_verifies_through_the_pages",),
    "oversight-entry-action": (f"{OVERSIGHT}::test_a_unit_rectifies_and_the_office_verifies_through_the_pages",),
    "oversight-evidence": (f"{OVERSIGHT}::test_a_unit_rectifies_and_the_office_verifies_through_the_pages",),
    "oversight-from-review": (OVERSIGHT_E2E, f"{OVERSIGHT}::test_a_county_reviewer_registers_a_send_back_in_one_click"),
    "oversight-rectify": (f"{OVERSIGHT}::test_a_unit_rectifies_and_the_office_verifies_through_the_pages",),
    "oversight-bulletins": (f"{OVERSIGHT}::test_the_office_drafts_edits_issues_and_downloads_a_bulletin",),
    "oversight-bulletin": (f"{OVERSIGHT}::test_the_office_drafts_edits_issues_and_downloads_a_bulletin",),
    "oversight-bulletin-issue": (OVERSIGHT_E2E, f"{OVERSIGHT}::test_the_office_drafts_edits_issues_and_downloads_a_bulletin"),
    "oversight-bulletin-file": (f"{OVERSIGHT}::test_the_office_drafts_edits_issues_and_downloads_a_bulletin",),
    "oversight-dashboard": (f"{OVERSIGHT}::test_the_dashboard_scores_and_rules",),
    "oversight-scores": (f"{OVERSIGHT}::test_the_dashboard_scores_and_rules",),
    "oversight-rules": (f"{OVERSIGHT}::test_the_dashboard_scores_and_rules",),
    "oversight-rule": (f"{OVERSIGHT}::test_the_dashboard_scores_and_rules",),
    "oversight-interviews": (f"{OVERSIGHT}::test_interviews_and_referrals_through_the_pages",),
    "oversight-interview-new": (f"{OVERSIGHT}::test_interviews_and_referrals_through_the_pages",),
    "oversight-interview": (f"{OVERSIGHT}::test_interviews_and_referrals_through_the_pages",),
    "oversight-interview-minutes": (f"{OVERSIGHT}::test_interviews_and_referrals_through_the_pages",),
    "oversight-referrals": (f"{OVERSIGHT}::test_interviews_and_referrals_through_the_pages",),
    "oversight-referral-answer": (f"{OVERSIGHT}::test_interviews_and_referrals_through_the_pages",),
    # ---- the JSON API (sanshen/api): its own tests
    "api:openapi-json": (f"{API}/test_errors.py::test_the_schema_answers_a_logged_in_session", f"{API}/test_schema.py::test_it_lists_every_endpoint"),
    "api:me": (f"{API}/test_auth.py::test_it_accepts_a_personal_token",),
    "api:submission_list": (f"{API}/test_submissions.py::test_it_lists_what_the_person_may_see_newest_first",),
    "api:submission_create": (f"{API}/test_submissions.py::test_it_creates_a_draft_with_its_first_revision",),
    "api:submission_detail": (f"{API}/test_submissions.py::test_it_shows_an_item_with_its_stage_and_the_actions_of_this_person",),
    "api:revision_list": (f"{API}/test_revisions.py::test_it_lists_the_revisions",),
    "api:revision_create": (f"{API}/test_revisions.py::test_it_saves_a_new_revision",),
    "api:revision_detail": (f"{API}/test_revisions.py::test_it_shows_one_revision",),
    "api:revision_diff": (f"{API}/test_revisions.py::test_it_diffs_two_revisions",),
    "api:action_list": (f"{API}/test_actions.py::test_it_lists_the_actions_of_this_person",),
    "api:action_perform": (f"{API}/test_actions.py::test_it_passes_with_every_review_point", f"{API}/test_flow.py::test_it_takes_a_general_item_from_draft_to_the_public_site"),
    "api:finding_list": (f"{API}/test_findings.py::test_it_lists_the_findings_of_the_current_revision",),
    "api:finding_resolve": (f"{API}/test_findings.py::test_the_reviewer_marks_a_finding_not_an_error_for_this_item",),
    "api:queue": (f"{API}/test_queue.py::test_it_lists_what_waits_for_me_with_the_waiting_time",),
    "api:notification_list": (f"{API}/test_queue.py::test_it_lists_my_notifications_and_marks_them_read",),
    "api:notification_mark_read": (f"{API}/test_queue.py::test_it_lists_my_notifications_and_marks_them_read",),
    # ninja's root of the API: answers 404 in JSON (there is no page there), which is its success
    "api:api-root": (f"{API}/test_errors.py::test_it_answers_json_for",),
}  # fmt: skip


def routes(patterns, prefix: str = "", namespace: str = "") -> dict[str, str]:
    """Route name → pattern of every URL under /work/ or /api/ (unnamed ones by their pattern, so they count too)."""
    found = {}
    for p in patterns:
        if isinstance(p, URLResolver):
            inner = f"{namespace}{p.namespace}:" if p.namespace else namespace
            found.update(routes(p.url_patterns, prefix + str(p.pattern), inner))
        elif isinstance(p, URLPattern):
            pattern = prefix + str(p.pattern)
            if pattern.startswith(PREFIXES):
                found[f"{namespace}{p.name}" if p.name else pattern] = pattern
    return found


@cache
def _functions(path: str) -> frozenset[str]:
    file = ROOT / path
    if not file.is_file():
        return frozenset()
    tree = ast.parse(file.read_text(encoding="utf-8"))
    return frozenset(node.name for node in tree.body if isinstance(node, ast.FunctionDef) and node.name.startswith("test_"))


def missing(found: dict[str, str], covered: dict[str, tuple[str, ...]]) -> list[str]:
    """Every way the table and the routes disagree, in words: an untested route, a stale entry, a test not there."""
    problems = [f"{name} ({pattern}): no success-path test named in COVERED" for name, pattern in found.items() if not covered.get(name)]
    problems += [f"{name}: in COVERED but no longer a route" for name in covered if name not in found]
    for name, nodes in covered.items():
        for node in nodes:
            path_, _, function = node.partition("::")
            if function not in _functions(path_):
                problems.append(f"{name}: the test {node} does not exist")
    return problems


def test_every_route_of_the_work_area_and_the_api_has_a_success_path_test():
    found = routes(get_resolver().url_patterns)
    assert "review-detail" in found and "api:action_perform" in found  # the walk reached both prefixes
    assert missing(found, COVERED) == []


def test_it_fails_for_a_route_without_a_test():
    """A new button without a test cannot land: a route added to the work area is reported by name."""

    def new_button(request):
        raise AssertionError("never called")

    fake = [*get_resolver().url_patterns, path("work/submissions/<int:pk>/new-button/", new_button, name="review-new-button")]
    assert missing(routes(fake), COVERED) == ["review-new-button (work/submissions/<int:pk>/new-button/): no success-path test named in COVERED"]


@pytest.mark.parametrize(
    "covered, problem",
    [
        ({"review-gone": (DRAFTER,)}, "review-gone: in COVERED but no longer a route"),
        ({"review-inbox": (f"{E2E}::test_no_such_test",)}, f"review-inbox: the test {E2E}::test_no_such_test does not exist"),
        ({"review-inbox": ("tests/e2e/test_no_such_file.py::test_x",)}, "review-inbox: the test tests/e2e/test_no_such_file.py::test_x does not exist"),
        ({"review-inbox": ()}, "review-inbox (work/): no success-path test named in COVERED"),
    ],
)
def test_it_fails_for_a_stale_entry_or_a_test_that_is_not_there(covered, problem):
    assert problem in missing(routes(get_resolver().url_patterns), {**COVERED, **covered})
