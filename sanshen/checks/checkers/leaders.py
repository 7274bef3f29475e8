"""领导姓名: leaders' names one character off, titles a leader did not hold on the item's date, and 落马 officials."""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import re
from dataclasses import dataclass
from pathlib import Path

from ..context import CheckContext, chinese_date
from ..finding import Finding


DATA_DIR = Path(__file__).resolve().parent.parent / "data"
LEADERS_FILE = DATA_DIR / "leaders.tsv"
FALLEN_FILE = DATA_DIR / "fallen_officials.tsv"
SOURCE = "党和国家领导人名录; 政府网站与政务新媒体检查指标（严重表述错误: 领导人姓名、职务错误）"


def _parse_date(value) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError as exc:
        raise ValueError(f"Invalid date in leader register: {value!r}") from exc


@dataclass(frozen=True, slots=True)
class Post:
    """One post one person held (任职): titles as written in full and in common short forms."""

    name: str
    titles: tuple[str, ...]
    organisation: str = ""
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None  # exclusive: the day the successor took over
    national: bool = True

    def valid_on(self, day: dt.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (self.valid_to is None or day < self.valid_to)

    def has_title(self, written: str) -> bool:
        return any(_same_post(written, title) for title in self.titles)


def _same_post(written: str, title: str) -> bool:
    """"总理" is "国务院总理" and "中共中央总书记" is "总书记", but "副总理" is not "总理"."""
    if written == title:
        return True
    if title.endswith(written):
        extra = title[: -len(written)]
    elif written.endswith(title):
        extra = written[: -len(title)]
    else:
        return False
    return not extra.endswith("副")


@dataclass(frozen=True, slots=True)
class FallenOfficial:
    name: str
    date: dt.date
    note: str = ""


@functools.cache
def load_national_posts(path: Path = LEADERS_FILE) -> tuple[Post, ...]:
    posts = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        name, titles, organisation, valid_from, valid_to = (line.split("\t") + [""] * 5)[:5]
        posts.append(
            Post(
                name=name,
                titles=tuple(titles.split("|")),
                organisation=organisation,
                valid_from=_parse_date(valid_from),
                valid_to=_parse_date(valid_to),
                national=True,
            )
        )
    return tuple(posts)


@functools.cache
def load_national_fallen(path: Path = FALLEN_FILE) -> tuple[FallenOfficial, ...]:
    fallen = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        name, date, note = (line.split("\t") + [""] * 3)[:3]
        fallen.append(FallenOfficial(name=name, date=_parse_date(date), note=note))
    return tuple(fallen)


def posts_from_register(rows) -> tuple[Post, ...]:
    """The deployment's "leaders" register: dicts with name, title (str with "|" or a list), organisation,
    valid_from, valid_to (date or "YYYY-MM-DD"; empty = open)."""
    posts = []
    for row in rows or ():
        title = row.get("title") or row.get("titles") or ""
        titles = tuple(t for t in (title.split("|") if isinstance(title, str) else title) if t)
        if not row.get("name") or not titles:
            raise ValueError(f"Invalid leader register row (needs name and title): {row!r}")
        posts.append(
            Post(
                name=row["name"].strip(),
                titles=titles,
                organisation=row.get("organisation") or "",
                valid_from=_parse_date(row.get("valid_from")),
                valid_to=_parse_date(row.get("valid_to")),
                national=False,
            )
        )
    return tuple(posts)


def fallen_from_register(rows) -> tuple[FallenOfficial, ...]:
    """The deployment's "fallen_officials" register: dicts with name and date (落马 announced)."""
    fallen = []
    for row in rows or ():
        if not row.get("name") or not row.get("date"):
            raise ValueError(f"Invalid fallen_officials register row (needs name and date): {row!r}")
        name, note = row["name"].strip(), row.get("note") or ""
        fallen.append(FallenOfficial(name=name, date=_parse_date(row["date"]), note=note))
    return tuple(fallen)


@dataclass(frozen=True)
class Roster:
    """Everything known about leaders for one check: the shipped national list plus the deployment's."""

    posts: tuple[Post, ...]
    fallen: tuple[FallenOfficial, ...]

    @functools.cached_property
    def by_name(self) -> dict[str, list[Post]]:
        by_name: dict[str, list[Post]] = {}
        for post in self.posts:
            by_name.setdefault(post.name, []).append(post)
        return by_name

    @functools.cached_property
    def one_off(self) -> dict[str, set[str]]:
        """"杜家?" → {"杜家毫"}: every name with each character in turn left open."""
        index: dict[str, set[str]] = {}
        for name in self.by_name:
            for i in range(len(name)):
                index.setdefault(name[:i] + "?" + name[i + 1 :], set()).add(name)
        return index

    @functools.cached_property
    def two_off(self) -> dict[str, set[str]]:
        """"习??" → {"习近平"}: names of three characters or more with each pair of characters left open, for the
        near-homophones that get two characters wrong ("习进苹")."""
        index: dict[str, set[str]] = {}
        for name in self.by_name:
            if len(name) >= 3:
                for i, j in itertools.combinations(range(len(name)), 2):
                    index.setdefault(name[:i] + "?" + name[i + 1 : j] + "?" + name[j + 1 :], set()).add(name)
        return index

    @functools.cached_property
    def name_lengths(self) -> tuple[int, ...]:
        return tuple(sorted({len(n) for n in self.by_name}, reverse=True))

    @functools.cached_property
    def national_titles(self) -> frozenset[str]:
        return frozenset(t for p in self.posts if p.national for t in p.titles) | LeaderNameChecker.NATIONAL_TITLES

    @functools.cached_property
    def local_titles(self) -> frozenset[str]:
        return frozenset(t for p in self.posts if not p.national for t in p.titles)

    @functools.cached_property
    def fallen_names(self) -> re.Pattern | None:
        """Finds whether the text names any of the fallen at all."""
        names = sorted({official.name for official in self.fallen})
        return re.compile("|".join(map(re.escape, names))) if names else None

    @functools.cached_property
    def title_pattern(self) -> re.Pattern:
        titles = self.national_titles | self.local_titles | LeaderNameChecker.GENERIC_TITLES
        return re.compile("|".join(re.escape(t) for t in sorted(titles, key=len, reverse=True)))


class LeaderNameChecker:
    """Finds leaders' names one character off next to their title, wrong titles for the item's date, and 落马 officials
    reported as active.

    Registers read from the context: "leaders" (rows: name, title, organisation, valid_from, valid_to) adds the
    deployment's own leaders to the national list; "fallen_officials" (rows: name, date) adds 落马 officials.
    """

    code = "leader"
    label = "领导姓名"

    # Titles that name a post of the centre; a national leader is checked against these only.
    NATIONAL_TITLES = frozenset(
        {
            "国家副主席", "中央军委副主席", "全国人大常委会副委员长", "副委员长", "全国政协副主席",
            "中央政治局委员", "中共中央政治局委员", "政治局委员", "国务委员", "中央书记处书记",
        }
    )  # fmt: skip
    # Words that mark a title without naming one post: enough next to a three-character name, not a two-character one.
    GENERIC_TITLES = frozenset(
        {
            "书记", "副书记", "省委书记", "市委书记", "州委书记", "县委书记", "区委书记", "党委书记", "党组书记",
            "主席", "副主席", "主任", "副主任", "委员", "常委", "部长", "副部长", "厅长", "局长", "副局长",
            "省长", "副省长", "市长", "副市长", "州长", "副州长", "县长", "副县长", "区长", "副区长", "乡长",
            "镇长", "秘书长",
        }
    )  # fmt: skip
    # Before a title these say the post is a former one: "时任国务院总理李克强".
    FORMER = re.compile(r"(?:时任|原任|曾任|历任|原|前)$")
    POSITIVE = re.compile(r"出席|指出|强调|讲话|调研|主持|视察|考察|会见|看望|慰问|批示|题词")
    NEGATIVE = re.compile(r"落马|被查|审查|调查|双开|开除|受贿|贪污|判处|违纪|违法|立案|起诉|宣判|忏悔|警示|反面")
    FOLLOWS_NAME = re.compile(r"(?:同志)?(?:[，、,\s]|在|于|到|一行|等|出席|指出|强调|讲话|调研|主持|视察|考察|会见|看望|慰问|批示|题词)")
    SENTENCE_END = re.compile(r"[。！？；\n!?;]")
    HAN = re.compile(r"^[\u4e00-\u9fff]+$")

    EXAMPLES = [
        (
            "湖南省委书记杜家豪到衡阳调研",
            ["leader.name"],
            {
                "publication_date": dt.date(2018, 6, 1),
                "registers": {
                    "leaders": [
                        {"name": "杜家毫", "title": "湖南省委书记", "valid_from": "2016-08-29", "valid_to": "2020-10-16"}
                    ]
                },
            },
        ),
        ("国务院总理李墙主持召开国务院常务会议", ["leader.name"], {"publication_date": dt.date(2024, 5, 1)}),
        ("习进苹总书记强调", ["leader.name"], {"publication_date": dt.date(2024, 5, 1)}),
        ("书记习远平到村里走访", [], {"publication_date": dt.date(2024, 5, 1)}),
        ("国务院副总理李强出席会议", ["leader.title"], {"publication_date": dt.date(2024, 5, 1)}),
        ("周永康出席会议并讲话", ["leader.fallen"], {"publication_date": dt.date(2024, 5, 1)}),
        ("国务院总理李强主持召开国务院常务会议", [], {"publication_date": dt.date(2024, 5, 1)}),
        ("县长李刚到乡镇调研", [], {"publication_date": dt.date(2024, 5, 1)}),
        ("时任国务院总理李克强考察贵州", [], {"publication_date": dt.date(2024, 5, 1)}),
    ]

    def __init__(self) -> None:
        from .typo_tables import load_tables  # the characters' readings and shapes, read when first needed

        self.tables = load_tables()
        self.national = Roster(posts=load_national_posts(), fallen=load_national_fallen())
        # The last deployment registers seen and the roster built from them: the web app passes the same lists
        # until an administrator edits them, so the title pattern is compiled once per edit, not once per check.
        self._last: tuple = (None, None, self.national)

    def check(self, text: str, context: CheckContext) -> list[Finding]:
        roster = self._roster(context)
        day = context.date
        findings: list[Finding] = []
        seen: set[tuple[int, int]] = set()
        for title in roster.title_pattern.finditer(text):
            for candidate in self._names_next_to(text, title, roster):
                finding = self._decide(text, title, candidate, roster, day)
                if finding and (finding.start, finding.end) not in seen:
                    seen.add((finding.start, finding.end))
                    findings.append(finding)
        findings.extend(self._fallen(text, roster, day))
        return findings

    def _roster(self, context: CheckContext) -> Roster:
        leaders, fallen = context.registers.get("leaders"), context.registers.get("fallen_officials")
        last_leaders, last_fallen, roster = self._last
        if leaders is last_leaders and fallen is last_fallen:
            return roster
        extra_posts = posts_from_register(leaders)
        extra_fallen = fallen_from_register(fallen)
        roster = self.national
        if extra_posts or extra_fallen:
            roster = Roster(posts=self.national.posts + extra_posts, fallen=self.national.fallen + extra_fallen)
        self._last = (leaders, fallen, roster)
        return roster

    # Candidates -----------------------------------------------------------------------------------

    def _names_next_to(self, text: str, title: re.Match, roster: Roster) -> list[tuple[int, int]]:
        """Windows right after a title ("书记杜家毫") and right before one ("李强总理"), exact names first."""
        windows = []
        for side in ("after", "before"):
            exact = None
            near = []
            for length in roster.name_lengths:
                if side == "after":
                    start, end = title.end(), title.end() + length
                else:
                    start, end = title.start() - length, title.start()
                if start < 0 or end > len(text):
                    continue
                window = text[start:end]
                if not self.HAN.match(window):
                    continue
                if window in roster.by_name:
                    exact = (start, end)
                    break
                near.append((start, end))
            # A real name here ("李克强") rules out reading its first characters as a misspelt other name ("李克").
            windows.extend([exact] if exact else near)
        return windows

    # Deciding -------------------------------------------------------------------------------------

    def _decide(self, text, title: re.Match, candidate, roster: Roster, day: dt.date) -> Finding | None:
        start, end = candidate
        written = text[start:end]
        if written in roster.by_name:
            return self._wrong_title(text, title, start, end, roster, day)
        return self._near_miss(text, title, start, end, roster, day)

    def _near_miss(self, text, title: re.Match, start: int, end: int, roster: Roster, day) -> Finding | None:
        written = text[start:end]
        # name → the offsets where the written name differs from it
        names: dict[str, tuple[int, ...]] = {}
        for i in range(len(written)):
            for name in roster.one_off.get(written[:i] + "?" + written[i + 1 :], ()):
                names[name] = (i,)
        if len(written) >= 3:
            for i, j in itertools.combinations(range(len(written)), 2):
                key = written[:i] + "?" + written[i + 1 : j] + "?" + written[j + 1 :]
                for name in roster.two_off.get(key, ()):
                    names.setdefault(name, (i, j))
        if not names:
            return None
        generic = title.group() in self.GENERIC_TITLES
        matches = []
        for name, changed in sorted(names.items()):
            # One character off next to the post's own title is that leader whatever the character; two, or one
            # next to a bare 书记/主席, only where each wrong character sounds like the right one (习进苹).
            if len(changed) == 2 and not all(self._sounds_alike(written[k], name[k]) for k in changed):
                continue
            if generic and len(changed) == 1 and not self._alike(written[changed[0]], name[changed[0]]):
                continue
            posts = [p for p in roster.by_name[name] if p.valid_on(day) and self._fits(name, p, title.group())]
            if posts:
                matches.append((name, posts[0]))
        if len(matches) != 1:
            return None
        name, post = matches[0]
        return Finding(
            rule="leader.name",
            category="leader_name",
            standard=8,
            severity="serious",
            start=start,
            end=end,
            text=written,
            message=f"领导姓名疑似写错：{post.titles[0]}应为“{name}”",
            suggestion=name,
            source=SOURCE,
        )

    def _sounds_alike(self, a: str, b: str) -> bool:
        """Two characters share a reading, with zh/z, ch/c, sh/s and -ng/-n not told apart (近 ~ 进, 平 ~ 苹)."""
        readings = self.tables.readings
        return not {_blur(r) for r in readings.get(a, ())}.isdisjoint({_blur(r) for r in readings.get(b, ("-",))})

    def _alike(self, a: str, b: str) -> bool:
        return self._sounds_alike(a, b) or b in self.tables.shapes.get(a, ())

    @staticmethod
    def _fits(name: str, post: Post, written: str) -> bool:
        # Two-character names are too common ("李刚", "李西"): only the post's own title is context enough.
        if len(name) == 2:
            return written in post.titles
        return post.has_title(written)

    def _wrong_title(self, text, title: re.Match, start: int, end: int, roster: Roster, day) -> Finding | None:
        name = text[start:end]
        written = title.group()
        posts = roster.by_name[name]
        scopes = set()
        if written in roster.national_titles:
            scopes.add(True)
        if written in roster.local_titles:
            scopes.add(False)
        posts = [p for p in posts if p.national in scopes]
        if len(name) == 2 and written in self.GENERIC_TITLES:
            # "主席李强" is more likely some association's 李强 than the premier: a bare word decides nothing.
            posts = [p for p in posts if not p.national]
        if not posts or self.FORMER.search(text, 0, title.start()):
            return None
        if any(p.valid_on(day) and p.has_title(written) for p in posts):
            return None
        current = [p for p in posts if p.valid_on(day)]
        if current:
            held = "、".join(dict.fromkeys(p.titles[0] for p in current))
            message = f"{name}现任{held}，不是“{written}”"
            suggestion = current[0].titles[0]
        else:
            ended = [p for p in posts if p.valid_to and p.valid_to <= day and p.has_title(written)]
            if not ended:
                return None
            post = ended[0]
            message = f"{name}已于{chinese_date(post.valid_to)}卸任{post.titles[0]}，如指当时职务应写“时任{written}”"
            suggestion = f"时任{written}"
        span_start, span_end = min(start, title.start()), max(end, title.end())
        return Finding(
            rule="leader.title",
            category="leader_name",
            standard=8,
            severity="warn",
            start=span_start,
            end=span_end,
            text=text[span_start:span_end],
            message=f"领导职务与任职记录不符：{message}",
            suggestion=suggestion,
            source=SOURCE,
        )

    def _stands_alone(self, text: str, start: int, end: int, roster: Roster) -> bool:
        """A two-character name is a name, not part of a word ("江苏荣获"), between a title or a break and an action."""
        before_ok = start == 0 or not "\u4e00" <= text[start - 1] <= "\u9fff"
        if not before_ok:
            before_ok = any(m.end() == start for m in roster.title_pattern.finditer(text, max(0, start - 12), start))
        return before_ok and bool(self.FOLLOWS_NAME.match(text, end))

    def _fallen(self, text: str, roster: Roster, day: dt.date) -> list[Finding]:
        findings = []
        # Most texts name none of them: one pass finds that out, where a search per name reads the text once each.
        if roster.fallen_names is None or not roster.fallen_names.search(text):
            return findings
        for official in roster.fallen:
            if day <= official.date:
                continue
            for m in re.finditer(re.escape(official.name), text):
                if len(official.name) == 2 and not self._stands_alone(text, m.start(), m.end(), roster):
                    continue
                sentence_start = max((s.end() for s in self.SENTENCE_END.finditer(text, 0, m.start())), default=0)
                after = self.SENTENCE_END.search(text, m.end())
                sentence_end = after.start() if after else len(text)
                following = text[m.end() : min(sentence_end, m.end() + 20)]
                if not self.POSITIVE.search(following) or self.NEGATIVE.search(text, sentence_start, sentence_end):
                    continue
                findings.append(
                    Finding(
                        rule="leader.fallen",
                        category="leader_name",
                        standard=1,
                        severity="serious",
                        start=m.start(),
                        end=m.end(),
                        text=m.group(),
                        message=(
                            f"{official.name}已于{chinese_date(official.date)}落马（{official.note or '见落马官员名单'}），"
                            "不应以正面活动报道"
                        ),
                        source="落马官员名单",
                    )
                )
        return findings


_BLUR = re.compile(r"^(zh|ch|sh)|(ng)$")


def _blur(reading: str) -> str:
    return _BLUR.sub(lambda m: m.group(1)[0] if m.group(1) else "n", reading)
