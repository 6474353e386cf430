"""Formatted text the way Telegram reads it: parse_mode markup → plain text + entities.

Telegram rejects a message whose markup does not parse ("can't parse entities") and counts the
length limits on the text *after* parsing, in UTF-16 code units. Both matter to a bot: a stray
``<`` in a task title breaks an HTML message, and a 4096-character Chinese text with an emoji is
already too long. The parsers here are deliberately small — they catch what bots get wrong
(unknown or unclosed tags, unescaped MarkdownV2 characters, unclosed entities), not every corner
of Telegram's grammar.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from typing import Any

Entity = dict[str, Any]


class MarkupError(Exception):
    """The text does not parse; the message follows Telegram's wording after "can't parse"."""


def utf16_len(text: str) -> int:
    """Length as Telegram counts it: characters outside the BMP (most emoji) count twice."""
    return len(text.encode("utf-16-le")) // 2


def parse_text(text: str, parse_mode: str | None) -> tuple[str, list[Entity]]:
    """The plain text and entities Telegram would store; raises MarkupError."""
    mode = (parse_mode or "").lower()
    if mode == "":
        return text, []
    if mode == "html":
        return _parse_html(text)
    if mode == "markdownv2":
        return _parse_markdown_v2(text)
    if mode == "markdown":
        return _parse_markdown(text)
    raise MarkupError(f'unsupported parse_mode "{parse_mode}"')


def _byte_offset(text: str, index: int) -> int:
    return len(text[:index].encode("utf-8"))


@dataclass
class _Builder:
    """Accumulates plain text, tracking the UTF-16 offset entities are measured in."""

    parts: list[str] = field(default_factory=list)
    offset: int = 0
    entities: list[Entity] = field(default_factory=list)

    def add(self, chunk: str) -> None:
        self.parts.append(chunk)
        self.offset += utf16_len(chunk)

    def entity(self, kind: str, start: int, **extra: Any) -> None:
        if self.offset > start:  # Telegram drops empty entities
            self.entities.append({"type": kind, "offset": start, "length": self.offset - start})
            self.entities[-1].update(extra)

    def result(self) -> tuple[str, list[Entity]]:
        entities = sorted(self.entities, key=lambda e: (e["offset"], -e["length"]))
        return "".join(self.parts), entities


# --- HTML ---------------------------------------------------------------------------------

_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)((?:\s[^<>]*)?)>")
_CHAR_REF = re.compile(r"&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|lt|gt|amp|quot);")
_HREF = re.compile(r"""href\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""")
_LANGUAGE = re.compile(r"""class\s*=\s*["']?language-([\w+#-]+)""")
_EMOJI_ID = re.compile(r"""emoji-id\s*=\s*["']?(\d+)""")
_HTML_TYPES = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "span": "spoiler",
    "tg-spoiler": "spoiler",
    "a": "text_link",
    "code": "code",
    "pre": "pre",
    "blockquote": "blockquote",
    "tg-emoji": "custom_emoji",
}


@dataclass
class _Open:
    name: str
    attrs: str
    start: int
    language: str | None = None


def _parse_html(text: str) -> tuple[str, list[Entity]]:
    out = _Builder()
    stack: list[_Open] = []
    i = 0
    while i < len(text):
        ch = text[i]
        if ch == "&" and (ref := _CHAR_REF.match(text, i)):
            out.add(html.unescape(ref.group(0)))
            i = ref.end()
            continue
        if ch != "<":
            out.add(ch)
            i += 1
            continue
        tag = _TAG.match(text, i)
        name = tag.group(2).lower() if tag else ""
        if tag is None or name not in _HTML_TYPES:
            raise MarkupError(
                f'Unsupported start tag "{name}" at byte offset {_byte_offset(text, i)}'
            )
        if tag.group(1):
            _close_html(text, i, name, stack, out)
        elif name == "span" and "tg-spoiler" not in tag.group(3):
            raise MarkupError(
                f'Unsupported start tag "span" at byte offset {_byte_offset(text, i)}'
            )
        else:
            stack.append(_Open(name, tag.group(3), out.offset))
        i = tag.end()
    if stack:
        raise MarkupError(f'Can\'t find end tag corresponding to start tag "{stack[-1].name}"')
    return out.result()


def _close_html(text: str, i: int, name: str, stack: list[_Open], out: _Builder) -> None:
    if not stack or stack[-1].name != name:
        expected = f'expected "</{stack[-1].name}>", ' if stack else ""
        raise MarkupError(
            f'Unmatched end tag at byte offset {_byte_offset(text, i)}, {expected}found "</{name}>"'
        )
    opened = stack.pop()
    kind = _HTML_TYPES[name]
    if name == "code" and stack and stack[-1].name == "pre":
        # <pre><code class="language-x"> is one pre entity with a language, not two entities
        if language := _LANGUAGE.search(opened.attrs):
            stack[-1].language = language.group(1)
        return
    if kind == "text_link":
        href = _HREF.search(opened.attrs)
        if href:
            url = html.unescape(next(g for g in href.groups() if g is not None))
            out.entity("text_link", opened.start, url=url)
        return
    if kind == "pre" and opened.language:
        out.entity("pre", opened.start, language=opened.language)
    elif kind == "blockquote" and "expandable" in opened.attrs:
        out.entity("expandable_blockquote", opened.start)
    elif kind == "custom_emoji":
        emoji_id = _EMOJI_ID.search(opened.attrs)
        out.entity(kind, opened.start, custom_emoji_id=emoji_id.group(1) if emoji_id else "")
    else:
        out.entity(kind, opened.start)


# --- MarkdownV2 ---------------------------------------------------------------------------

_V2_RESERVED = set("_*[]()~`>#+-=|{}.!")
_V2_TYPES = {
    "*": "bold",
    "_": "italic",
    "__": "underline",
    "~": "strikethrough",
    "||": "spoiler",
    "`": "code",
    "```": "pre",
    "[": "text_link",
}


def _parse_markdown_v2(text: str) -> tuple[str, list[Entity]]:
    out = _Builder()
    stack: list[tuple[str, int, int, str]] = []  # marker, entity start, byte offset, language
    i = 0
    while i < len(text):
        top = stack[-1][0] if stack else ""
        if top in ("`", "```"):
            i = _v2_code_step(text, i, stack, out)
            continue
        ch = text[i]
        if ch == "\\":
            if i + 1 >= len(text):
                raise MarkupError(_reserved("\\"))
            out.add(text[i + 1])
            i += 2
        elif text.startswith("```", i):
            end = text.find("\n", i + 3)
            language = text[i + 3 : end] if end != -1 else ""
            if " " in language or "`" in language:
                language = ""
            stack.append(("```", out.offset, _byte_offset(text, i), language))
            i = end + 1 if language or end == i + 3 else i + 3
        elif ch in "*_~|`" and not (ch == "|" and not text.startswith("||", i)):
            marker = next(m for m in ("__", "||", ch) if text.startswith(m, i))
            if top == marker:
                _, start, _, _ = stack.pop()
                out.entity(_V2_TYPES[marker], start)
            elif any(opened[0] == marker for opened in stack):
                raise MarkupError(_unclosed_v2(stack[-1]))
            else:
                stack.append((marker, out.offset, _byte_offset(text, i), ""))
            i += len(marker)
        elif ch == "[" or (ch == "!" and text.startswith("![", i)):
            stack.append(("[", out.offset, _byte_offset(text, i), ""))
            i += 1 if ch == "[" else 2
        elif ch == "]" and top == "[" and text.startswith("(", i + 1):
            i = _v2_link_end(text, i + 2, stack, out)
        elif ch == ">" and (i == 0 or text[i - 1] == "\n"):
            i += 1  # a blockquote line; its entity is not modelled
        elif ch in _V2_RESERVED:
            raise MarkupError(_reserved(ch))
        else:
            out.add(ch)
            i += 1
    if stack:
        raise MarkupError(_unclosed_v2(stack[-1]))
    return out.result()


def _v2_code_step(text: str, i: int, stack: list[tuple[str, int, int, str]], out: _Builder) -> int:
    """Inside code only backslash and backtick are special."""
    marker, start, _, language = stack[-1]
    if text[i] == "\\" and i + 1 < len(text) and text[i + 1] in "`\\":
        out.add(text[i + 1])
        return i + 2
    if text.startswith(marker, i) and (marker == "```" or text[i] == "`"):
        stack.pop()
        extra = {"language": language} if language else {}
        out.entity(_V2_TYPES[marker], start, **extra)
        return i + len(marker)
    out.add(text[i])
    return i + 1


def _v2_link_end(text: str, i: int, stack: list[tuple[str, int, int, str]], out: _Builder) -> int:
    url: list[str] = []
    while i < len(text) and text[i] != ")":
        if text[i] == "\\" and i + 1 < len(text):
            i += 1
        url.append(text[i])
        i += 1
    if i >= len(text):
        raise MarkupError(_unclosed_v2(stack[-1]))
    _, start, _, _ = stack.pop()
    out.entity("text_link", start, url="".join(url))
    return i + 1


def _reserved(ch: str) -> str:
    return f"Character '{ch}' is reserved and must be escaped with the preceding '\\'"


def _unclosed_v2(opened: tuple[str, int, int, str]) -> str:
    return (
        f"Can't find end of {_V2_TYPES[opened[0]].capitalize()} entity at byte offset {opened[2]}"
    )


# --- legacy Markdown ----------------------------------------------------------------------

_V1_TYPES = {"*": "bold", "_": "italic", "`": "code", "```": "pre"}


def _parse_markdown(text: str) -> tuple[str, list[Entity]]:
    out = _Builder()
    i = 0
    while i < len(text):
        ch = text[i]
        if ch == "\\" and i + 1 < len(text) and text[i + 1] in "_*`[":
            out.add(text[i + 1])
            i += 2
            continue
        marker = "```" if text.startswith("```", i) else ch
        if marker in _V1_TYPES or ch == "[":
            closing = "](" if ch == "[" else marker
            end = text.find(closing, i + len(marker))
            url_end = text.find(")", end + 2) if ch == "[" and end != -1 else end
            if end == -1 or url_end == -1:
                raise MarkupError(
                    f"Can't find end of the entity starting at byte offset {_byte_offset(text, i)}"
                )
            start = out.offset
            out.add(text[i + len(marker) : end])
            if ch == "[":
                out.entity("text_link", start, url=text[end + 2 : url_end])
                i = url_end + 1
            else:
                out.entity(_V1_TYPES[marker], start)
                i = end + len(marker)
            continue
        out.add(ch)
        i += 1
    return out.result()
