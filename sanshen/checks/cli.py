"""sanshen check: run the automatic checks (机审) on a file, with no Django and no database.

    sanshen check [--format text|json|html] [--only CATEGORY,...] [--checkers CODE,...] FILE|-
    python -m sanshen.checks.cli check 通知.docx

Reads .txt (UTF-8, or GB18030 as used by older Windows editors), .html/.htm and .docx; "-" reads
standard input as text. PDF (the text layer, OCR for scanned pages), .xlsx and pictures (OCR) are
read piece by piece through sanshen.documents, and their findings say where they are: `--format
json` adds "file" to every finding and "page", "sheet"/"cell", "box"/"match_box" where they apply.
Exit status: 0 with no 禁止/严重 findings, 1 with some, 2 for bad input.
"""

from __future__ import annotations

import argparse
import html
import io
import json
import re
import sys
from bisect import bisect_right
from pathlib import Path

from .finding import CATEGORIES, SEVERITIES, SEVERITY_LABELS, Finding
from .registry import CHECKERS

FORMATS = ("text", "json", "html")
FAILING_SEVERITIES = frozenset({"block", "serious"})
SUPPORTED_SUFFIXES = (".txt", ".html", ".htm", ".docx")
# Read in pieces with their places (page, sheet and cell, box on a picture) by sanshen.documents.
DOCUMENT_SUFFIXES = (".pdf", ".xlsx", ".png", ".jpg", ".jpeg", ".gif", ".webp")


class InputError(Exception):
    """A file the command cannot read; the message is for the person who ran it."""


class _UsageError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):
        raise _UsageError(message)


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="sanshen check",
        description="对文件运行机审检查（涉密标识、敏感词、个人信息、错别字、规范表述等），无需数据库。",
    )
    parser.add_argument(
        "file", metavar="FILE", help="要检查的文件（.txt、.html、.docx、.pdf、.xlsx 或图片），“-”表示从标准输入读取文本"
    )
    parser.add_argument("--format", choices=FORMATS, default="text", help="输出格式：text（默认）、json 或 html")
    parser.add_argument("--only", metavar="CATEGORY,...", help="只报告这些问题类别，如 pii_phone,sensitive_word")
    parser.add_argument("--checkers", metavar="CODE,...", help="只运行这些检查项，如 secrecy,pii（默认全部）")
    return parser


def check_main(argv: list[str]) -> int:
    try:
        args = _parser().parse_args(argv)
        categories = _names(args.only, CATEGORIES, "问题类别")
        codes = _names(args.checkers, CHECKERS, "检查项")
        if Path(args.file).suffix.lower() in DOCUMENT_SUFFIXES:
            text, pieces = None, read_pieces(args.file)
        else:
            text, pieces = read_input(args.file), None
    except SystemExit as exc:  # --help
        return int(exc.code or 0)
    except _UsageError as exc:
        print(f"sanshen check：参数错误：{exc}", file=sys.stderr)
        print(_parser().format_usage().rstrip(), file=sys.stderr)
        return 2
    except InputError as exc:
        print(f"sanshen check：{exc}", file=sys.stderr)
        return 2

    from .engine import Engine

    engine = Engine(codes=codes)
    if pieces is not None:
        text, findings, on_text = check_pieces(engine, pieces, categories)
    else:
        findings = engine.check(text, categories=categories)
        if args.file != "-":
            findings = [f.shifted(0, file=args.file) for f in findings]
        on_text = findings
    if args.format == "json":
        print(json.dumps([f.to_dict() for f in findings], ensure_ascii=False, indent=1))
    elif args.format == "html":
        print(render_html(text, on_text, title=args.file))
    else:
        print(render_text(text, findings))
    return 1 if any(f.severity in FAILING_SEVERITIES for f in findings) else 0


def csc_eval_main(argv: list[str]) -> int:
    """sanshen csc-eval: measure the typo checker on a CSC data set (see csc_eval.py)."""
    from . import csc_eval

    return csc_eval.main(argv)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["check"]:
        return check_main(argv[1:])
    if argv[:1] == ["csc-eval"]:
        return csc_eval_main(argv[1:])
    print("用法：python -m sanshen.checks.cli check|csc-eval ...", file=sys.stderr)
    return 2


def _names(value: str | None, known, what: str) -> list[str] | None:
    if value is None:
        return None
    names = [n.strip() for n in value.split(",") if n.strip()]
    unknown = [n for n in names if n not in known]
    if unknown or not names:
        raise _UsageError(f"未知的{what}：{'、'.join(unknown) or '（空）'}；可用：{', '.join(known)}")
    return names


# ----------------------------------------------------------------------------------------------
# Reading files


def _read_bytes(path: Path, name: str) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"文件不存在：{name}") from None
    except IsADirectoryError:
        raise InputError(f"这是一个目录，不是文件：{name}") from None
    except OSError as exc:
        raise InputError(f"无法读取文件 {name}：{exc.strerror}") from None


def read_input(name: str) -> str:
    if name == "-":
        return decode_text(sys.stdin.buffer.read(), "标准输入")
    path = Path(name)
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        hint = "，请另存为 .docx" if suffix in (".doc", ".wps") else ""
        supported = ".txt、.html、.htm、.docx、.pdf、.xlsx 和 .png/.jpg/.gif/.webp 图片"
        raise InputError(f"不支持的文件类型“{suffix or name}”：支持 {supported}{hint}")
    data = _read_bytes(path, name)
    if suffix == ".docx":
        return docx_to_text(data, name)
    if suffix in (".html", ".htm"):
        return html_to_text(data, name)
    return decode_text(data, name)


def read_pieces(name: str) -> list:
    """The TextPieces of a PDF, spreadsheet or picture (sanshen.documents.extract), "file" being the name as given."""
    from sanshen.documents.errors import DocumentImportError, UploadRejected
    from sanshen.documents.extract import TextPiece, extract_text
    from sanshen.documents.upload import inspect_upload

    path = Path(name)
    data = _read_bytes(path, name)
    try:
        pieces = extract_text(inspect_upload(path.name, data))
    except (UploadRejected, DocumentImportError) as exc:
        raise InputError(f"无法读取文件 {name}：{exc.message}") from None
    return [TextPiece(p.text, {**p.location, "file": name}) for p in pieces]


def check_pieces(engine, pieces: list, categories) -> tuple[str, list[Finding], list[Finding]]:
    """(the pieces' text joined one per line, findings with offsets into their piece, the same moved onto the joined text).

    JSON and text output keep offsets into the piece with its place; the HTML report marks the joined text.
    """
    from sanshen.documents.extract import check_pieces as check_each

    findings, on_text, offset = [], [], 0
    for piece in pieces:
        found = check_each([piece], lambda text: engine.check(text, categories=categories))
        findings += found
        on_text += [f.shifted(offset) for f in found]
        offset += len(piece.text) + 1
    return "\n".join(p.text for p in pieces), findings, on_text


def decode_text(data: bytes, name: str) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise InputError(f"无法识别文件编码：{name}（请保存为 UTF-8 或 GBK 编码）")


_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_-]+)""", re.IGNORECASE)
_SKIPPED_TAGS = frozenset({"script", "style", "noscript", "template", "head", "title", "iframe", "object"})
_BLOCK_TAGS = frozenset(
    "address article aside blockquote dd div dl dt fieldset figcaption figure footer form h1 h2 h3 h4 h5 h6 "
    "header hr li main nav ol p pre section table tbody td th thead tfoot tr ul caption".split()
)
# Source line breaks inside Chinese text are not spaces a reader sees.
_CJK = r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]"
_SPACE_BETWEEN_CJK = re.compile(f"(?<={_CJK}) (?={_CJK})")


def html_to_text(data: bytes, name: str) -> str:
    """Visible text of an HTML page, one line per block element."""
    import lxml.html
    from lxml import etree

    declared = _META_CHARSET.search(data[:4096])
    text = None
    if declared:
        try:
            text = data.decode(declared.group(1).decode("ascii"))
        except (LookupError, UnicodeDecodeError):
            text = None
    if text is None:
        text = decode_text(data, name)
    text = re.sub(r"^\s*<\?xml[^>]*\?>", "", text)
    if not text.strip():
        return ""
    try:
        root = lxml.html.document_fromstring(text)
    except (etree.ParserError, ValueError) as exc:
        raise InputError(f"无法解析 HTML 文件 {name}：{exc}") from None
    pieces: list[str] = []
    _collect_html_text(root, pieces)
    lines = (_SPACE_BETWEEN_CJK.sub("", line.strip()) for line in "".join(pieces).split("\n"))
    return "\n".join(line for line in lines if line)


def _collect_html_text(el, pieces: list[str]) -> None:
    tag = el.tag.lower() if isinstance(el.tag, str) else ""
    if tag and tag not in _SKIPPED_TAGS:
        block = tag in _BLOCK_TAGS
        if block:
            pieces.append("\n")
        if tag == "br":
            pieces.append("\n")
        if el.text:
            pieces.append(el.text if tag == "pre" else _collapse(el.text))
        for child in el:
            _collect_html_text(child, pieces)
        if block:
            pieces.append("\n")
    if el.tail:
        pieces.append(_collapse(el.tail))


def _collapse(s: str) -> str:
    return re.sub(r"[ \t\r\n\f]+", " ", s.replace("\xa0", " "))


def docx_to_text(data: bytes, name: str) -> str:
    """Paragraphs and table cells of a Word document in document order, one per line."""
    import zipfile

    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise InputError(f"无法读取 Word 文件 {name}：文件已损坏或不是 .docx 格式（{exc}）") from None
    lines: list[str] = []
    _collect_docx_text(document, lines)
    return "\n".join(lines)


def _collect_docx_text(container, lines: list[str]) -> None:
    from docx.table import Table

    for block in container.iter_inner_content():
        if isinstance(block, Table):
            # A merged cell appears once per grid column it spans. Holding the elements (not their
            # ids, which lxml reuses once a proxy is freed) keeps the comparison sound.
            seen = set()
            for row in block.rows:
                for cell in row.cells:
                    if cell._tc in seen:
                        continue
                    seen.add(cell._tc)
                    _collect_docx_text(cell, lines)
        elif block.text.strip():
            lines.append(block.text)


# ----------------------------------------------------------------------------------------------
# Output


class LinePositions:
    """Line and column (both from 1) of a text offset."""

    def __init__(self, text: str):
        self.starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def at(self, offset: int) -> tuple[int, int]:
        line = bisect_right(self.starts, offset)
        return line, offset - self.starts[line - 1] + 1


def render_text(text: str, findings: list[Finding]) -> str:
    positions = LinePositions(text)
    lines = []
    for f in findings:
        shown = _one_line(f.text)
        suggestion = f" → “{_one_line(f.suggestion)}”" if f.suggestion else ""
        lines.append(f"{_where(f, positions)}  {f.severity_label}  {f.rule}  “{shown}”{suggestion}  {f.message}")
    lines.append(_summary(findings))
    return "\n".join(lines)


def _where(f: Finding, positions: LinePositions) -> str:
    """Line:column in a text file; the page, sheet and cell or box in a PDF, spreadsheet or picture."""
    place = {k: v for k, v in f.location.items() if k != "file"}
    if place:
        from sanshen.documents.extract import describe_location

        return describe_location(place)
    line, column = positions.at(f.start)
    return f"{line}:{column}"


def _one_line(s: str) -> str:
    return s.replace("\r", "\\r").replace("\n", "\\n")


def _summary(findings: list[Finding]) -> str:
    if not findings:
        return "未发现问题"
    counts = {s: sum(f.severity == s for f in findings) for s in SEVERITIES}
    parts = "，".join(f"{SEVERITY_LABELS[s]} {n}" for s, n in counts.items() if n)
    return f"共 {len(findings)} 个问题（{parts}）"


_HTML_STYLE = """
body { font-family: "Noto Sans CJK SC", "Microsoft YaHei", sans-serif; margin: 2em auto; max-width: 60em; color: #222; }
.text { white-space: pre-wrap; line-height: 1.9; border: 1px solid #ccc; padding: 1em 1.5em; }
mark { padding: 0 1px; border-bottom: 2px solid; }
mark.block { background: #f8c9c9; border-color: #b00; }
mark.serious { background: #fbd9b5; border-color: #c60; }
mark.warn { background: #fdf1b3; border-color: #b90; }
mark.info { background: #dbe9fb; border-color: #36c; }
table { border-collapse: collapse; width: 100%; margin-top: 1.5em; }
th, td { border: 1px solid #ccc; padding: .3em .5em; text-align: left; vertical-align: top; }
td.sev-block { color: #b00; font-weight: bold; } td.sev-serious { color: #c60; font-weight: bold; }
"""


def render_html(text: str, findings: list[Finding], title: str = "") -> str:
    """A self-contained page: the text with each finding marked, then a table of all findings."""
    positions = LinePositions(text)
    rank = {s: i for i, s in enumerate(SEVERITIES)}
    marked = [(i, f) for i, f in enumerate(findings) if f.end > f.start]
    bounds = sorted({0, len(text), *(f.start for _, f in marked), *(f.end for _, f in marked)})
    body = []
    for a, b in zip(bounds, bounds[1:]):
        body.extend(f'<span id="f{i}"></span>' for i, f in marked if f.start == a)
        segment = html.escape(text[a:b])
        covering = [(i, f) for i, f in marked if f.start <= a and b <= f.end]
        if not covering:
            body.append(segment)
            continue
        # Overlapping findings: colour by the most severe, list every message in the tooltip.
        top = min((f for _, f in covering), key=lambda f: rank[f.severity])
        tip = html.escape("\n".join(f"{f.severity_label} {f.rule}：{f.message}" for _, f in covering), quote=True)
        body.append(f'<mark class="{top.severity}" title="{tip}">{segment}</mark>')
    rows = []
    for i, f in enumerate(findings):
        line, column = positions.at(f.start)
        where = f'<a href="#f{i}">{line}:{column}</a>' if f.end > f.start else "—"
        rows.append(
            f"<tr><td>{where}</td><td class=\"sev-{f.severity}\">{f.severity_label}</td>"
            f"<td>{html.escape(f.category_label)}</td><td><code>{html.escape(f.rule)}</code></td>"
            f"<td>{html.escape(f.text)}</td><td>{html.escape(f.suggestion)}</td><td>{html.escape(f.message)}</td></tr>"
        )
    heading = html.escape(f"机审报告：{title}" if title else "机审报告")
    table = (
        "<table><thead><tr><th>位置</th><th>严重程度</th><th>类别</th><th>规则</th><th>原文</th><th>建议</th>"
        f"<th>说明</th></tr></thead><tbody>{''.join(rows)}</tbody></table>"
        if findings
        else ""
    )
    return (
        '<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8">'
        f"<title>{heading}</title><style>{_HTML_STYLE}</style></head><body>"
        f"<h1>{heading}</h1><p>{html.escape(_summary(findings))}</p>"
        f'<div class="text">{"".join(body)}</div>{table}</body></html>'
    )


if __name__ == "__main__":
    sys.exit(main())
