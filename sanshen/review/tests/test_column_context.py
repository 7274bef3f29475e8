"""The column an item goes to, and what that column's own published items look like, reach the checks (第五条)."""

from sanshen.review import checking
from sanshen.review.models import Status, Submission
from sanshen.test import draft


def _published(county, n: int) -> None:
    for i in range(n):
        s = draft(county, f"三江镇召开第{i + 1}次森林防火工作会议", "<p>会议部署秋冬季森林防火工作，要求各村加强巡护。</p>")
        Submission.objects.filter(pk=s.pk).update(status=Status.PUBLISHED, published_revision=s.current_revision)


def test_the_context_carries_the_columns_kind_and_profiles_learned_from_its_published_items(county):
    _published(county, 3)
    checking._profiles["built"] = None  # profiles are learned again every ten minutes; here, now
    s = draft(county)
    context = checking.context_for(s)
    assert context.column_kind == county.column.kind == "news"
    assert context.column_profiles[county.column.name].items == 3
    assert context.column_profiles[county.column.name].kind == "news"


def test_a_media_item_has_no_column_context(county):
    s = draft(county, media_account=county.account, column=None)
    context = checking.context_for(s)
    assert (context.column_kind, context.column_profiles) == ("", {})


def test_a_tender_notice_in_a_news_column_is_flagged(county):
    s = draft(county, "关于县第一中学食堂设备采购项目的中标公告", "<p>采购人：县第一中学；中标供应商：某公司；开标时间：5月1日。</p>")
    rules = {f.rule for f in s.current_revision.findings.all()}
    assert "column_fit.kind" in rules


def test_a_source_line_naming_the_county_itself_is_no_repost(county, settings):
    settings.SANSHEN_COUNTY_NAME = "锦屏县"
    own = draft(county, "三江镇召开森林防火工作会议", "<p>会议部署秋冬季森林防火工作。</p><p>来源：锦屏县人民政府网</p>")
    other = draft(county, "三江镇召开森林防火工作会议", "<p>会议部署秋冬季森林防火工作。</p><p>来源：黔东南日报</p>")
    assert "own_sources" in checking.context_for(own).registers
    assert "repost.undeclared" not in {f.rule for f in own.current_revision.findings.all()}
    assert "repost.undeclared" in {f.rule for f in other.current_revision.findings.all()}
