"""sanshen check FILE: 机审 of a file on the command line, read by the same readers and limits as an upload.

    sanshen check [--format text|json|html] [--only CATEGORY,...] [--checkers CODE,...] FILE|-

.docx, .xlsx, PDF and pictures pass `upload.inspect_upload` (size, pages, pixels, zip and XML bombs,
macros, external references, OLE, PDF scripts: the same refusals as an upload) and are read by
`extract.extract_text`, with OCR of pictures, scanned pages and pictures inside .docx/.xlsx/PDF; OCR'd
lines are checked as OCR text (no punctuation-width findings). .txt (UTF-8 or GB18030) and .html/.htm
(hidden text checked and flagged, htmltext) are read as text within the same size limit; "-" reads
standard input as text. Findings say where they are: `--format json` adds "file" to every finding and
"page", "paragraph", "table"/"cell", "sheet"/"cell", "image", "box"/"match_box" where they apply.

Exit status: 0 with no 禁止/严重 findings, 1 with some, 2 for bad options or a file that is refused or has
no text to check. No Django, no database; OCR is imported only when a picture is read.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from sanshen.checks.cli import FORMATS, Parser, UsageError, exit_status, names, render_html, render_text
from sanshen.checks.finding import CATEGORIES, Finding
from sanshen.checks.registry import CHECKERS

TEXT_SUFFIXES = (".txt",)
HTML_SUFFIXES = (".html", ".htm")
# Read as an upload is: inspect_upload decides what the file really is.
DOCUMENT_SUFFIXES = (".docx", ".xlsx", ".pdf", ".png", ".jpg", ".jpeg", ".jpe", ".jfif", ".gif", ".webp")
SUPPORTED = ".txt、.html、.htm、.docx、.xlsx、.pdf 和 .png/.jpg/.gif/.webp 图片"


class InputError(Exception):
    """A file the command does not check; the message is for the person who ran it."""


def _parser() -> Parser:
    parser = Parser(
        prog="sanshen check",
        description="对文件运行机审检查（涉密标识、敏感词、个人信息、错别字、规范表述等），无需数据库。",
    )
    parser.add_argument("file", metavar="FILE", help=f"要检查的文件（{SUPPORTED}），“-”表示从标准输入读取文本")
    parser.add_argument("--format", choices=FORMATS, default="text", help="输出格式：text（默认）、json 或 html")
    parser.add_argument("--only", metavar="CATEGORY,...", help="只报告这些问题类别，如 pii_phone,sensitive_word")
    parser.add_argument("--checkers", metavar="CODE,...", help="只运行这些检查项，如 secrecy,pii（默认全部）")
    return parser


def main(argv: list[str]) -> int:
    try:
        args = _parser().parse_args(argv)
        categories = names(args.only, CATEGORIES, "问题类别")
        codes = names(args.checkers, CHECKERS, "检查项")
        source = read(args.file)
    except SystemExit as exc:  # --help
        return int(exc.code or 0)
    except UsageError as exc:
        print(f"sanshen check：参数错误：{exc}", file=sys.stderr)
        print(_parser().format_usage().rstrip(), file=sys.stderr)
        return 2
    except InputError as exc:
        print(f"sanshen check：{exc}", file=sys.stderr)
        return 2

    from sanshen.checks.engine import Engine

    engine = Engine(codes=codes)
    text, findings, on_text = source.check(engine, categories)
    if args.format == "json":
        print(json.dumps([f.to_dict() for f in findings], ensure_ascii=False, indent=1))
    elif args.format == "html":
        print(render_html(text, on_text, title=args.file))
    else:
        print(render_text(text, findings, describe=_describe))
    return exit_status(findings)


def _describe(place: dict) -> str:
    from .extract import describe_location

    return describe_location(place)


# ----------------------------------------------------------------------------------------------
# Reading


class Text:
    """Plain text (a .txt file or standard input), or a web page's text with what it hides (htmltext.HtmlText)."""

    def __init__(self, text: str, name: str, page=None):
        self.text, self.name, self.page = text, name, page

    def check(self, engine, categories) -> tuple[str, list[Finding], list[Finding]]:
        findings = engine.check(self.text, categories=categories)
        if self.page is not None and (categories is None or "injected_content" in categories):
            from sanshen.checks.htmltext import mark_hidden

            findings = mark_hidden(self.page, findings)
        if self.name != "-":
            findings = [f.shifted(0, file=self.name) for f in findings]
        return self.text, findings, findings


class Pieces:
    """A document read piece by piece (extract.TextPiece): each finding says where in the file it is."""

    def __init__(self, pieces: list):
        self.pieces = pieces

    def check(self, engine, categories) -> tuple[str, list[Finding], list[Finding]]:
        """(the pieces' text one per line, findings with offsets into their piece, the same on the joined text).

        JSON and text output keep offsets into the piece with its place; the HTML report marks the joined text.
        """
        from .extract import check_pieces

        def check(text: str, context=None) -> list[Finding]:
            return engine.check(text, context, categories=categories)

        findings, on_text, offset = [], [], 0
        for piece in self.pieces:
            found = check_pieces([piece], check)
            findings += found
            on_text += [f.shifted(offset) for f in found]
            offset += len(piece.text) + 1
        return "\n".join(p.text for p in self.pieces), findings, on_text


def read(name: str) -> Text | Pieces:
    """What to check in the file `name` ("-" for standard input), or InputError saying why it is not checked."""
    from .upload import MAX_BYTES

    if name == "-":
        return Text(_text_of(_limited(sys.stdin.buffer.read(MAX_BYTES + 1), "标准输入"), "标准输入"), "-")
    path = Path(name)
    suffix = path.suffix.lower()
    if suffix not in TEXT_SUFFIXES + HTML_SUFFIXES + DOCUMENT_SUFFIXES:
        hint = "，请另存为 .docx" if suffix in (".doc", ".wps") else ("，请另存为 .xlsx" if suffix in (".xls", ".et") else "")
        raise InputError(f"不支持的文件类型“{suffix or name}”：支持 {SUPPORTED}{hint}")
    data = _read_bytes(path, name)
    if suffix in TEXT_SUFFIXES:
        return Text(_text_of(data, name), name)
    if suffix in HTML_SUFFIXES:
        return _html(data, name)
    return Pieces(read_document(path.name, data, name))


def read_document(file_name: str, data: bytes, shown_name: str) -> list:
    """The TextPieces of a .docx, .xlsx, PDF or picture as an upload is read, "file" being the name as given."""
    from .errors import DocumentImportError, UploadRejected
    from .extract import extract_text
    from .upload import inspect_upload

    try:
        pieces = extract_text(inspect_upload(file_name, data))
    except (UploadRejected, DocumentImportError) as exc:
        raise InputError(f"无法读取文件 {shown_name}：{exc.message}") from None
    if not any(p.text.strip() for p in pieces):
        raise InputError(f"文件 {shown_name} 中没有读到文字(空白页和空白图片不检查)，未作检查。")
    return [type(p)(p.text, {**p.location, "file": shown_name}, p.source) for p in pieces]


def _read_bytes(path: Path, name: str) -> bytes:
    from .upload import MAX_BYTES

    try:
        with path.open("rb") as f:
            return _limited(f.read(MAX_BYTES + 1), name)
    except FileNotFoundError:
        raise InputError(f"文件不存在：{name}") from None
    except IsADirectoryError:
        raise InputError(f"这是一个目录，不是文件：{name}") from None
    except OSError as exc:
        raise InputError(f"无法读取文件 {name}：{exc.strerror}") from None


def _limited(data: bytes, name: str) -> bytes:
    """The bytes as read, refused when empty or over the upload limit (read one byte past it to know)."""
    from .upload import MAX_BYTES, _size

    if not data:
        raise InputError(f"无法读取文件 {name}：文件是空的。")
    if len(data) > MAX_BYTES:
        raise InputError(f"无法读取文件 {name}：文件大小超过上限 {_size(MAX_BYTES)}。")
    return data


def _text_of(data: bytes, name: str) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise InputError(f"无法识别文件编码：{name}（请保存为 UTF-8 或 GBK 编码）")
    if not text.strip():
        raise InputError(f"文件 {name} 中没有文字，未作检查。")
    return text


def _html(data: bytes, name: str) -> Text:
    from sanshen.checks.htmltext import html_text

    try:
        page = html_text(data)
    except ValueError as exc:
        raise InputError(f"无法读取网页 {name}：{exc}") from None
    if not page.text.strip():
        raise InputError(f"网页 {name} 中没有文字，未作检查。")
    return Text(page.text, name, page)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
