"""Fonts on this machine: one that can draw Chinese, for the chart (found once, automatically,
on any machine), and which of the office fonts a Word draft names are installed.

matplotlib's default (DejaVu Sans) has no CJK glyphs, so Chinese labels would come out as empty
boxes. First choice is a system font matplotlib already knows (a server set up with
``fonts-noto-cjk`` or ``fonts-wqy-zenhei``, a desktop with 微软雅黑 or 苹方); failing that, the
Noto Sans CJK SC that the ``mplfonts`` package ships, registered with matplotlib by path. Either
way the file is checked to really hold the glyphs before it is used. The answer is cached: the
font list does not change while the bot runs.

``missing_fonts`` answers for the bulletin (通报): a .docx names its faces but cannot carry
them, so on a machine without 方正小标宋简体 or 仿宋_GB2312 Word and WPS draw something else.
A face is looked up by its Chinese name and by the English name its file carries (what
matplotlib lists), e.g. 仿宋_GB2312 / FangSong_GB2312.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from matplotlib import font_manager
from matplotlib.ft2font import FT2Font

from bot.errors import CodedError

__all__ = [
    "BUNDLED_FONT",
    "FACE_NAMES",
    "PREFERRED",
    "CjkFont",
    "FontError",
    "cjk_font",
    "covers",
    "installed_families",
    "missing_fonts",
]

# Families with good Simplified Chinese coverage, best first: sans-serif faces suit a chart.
PREFERRED = (
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "Source Han Sans CN",
    "Noto Sans SC",
    "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei",
    "Microsoft YaHei",
    "PingFang SC",
    "Heiti SC",
    "SimHei",
)
# the names a Chinese office face goes by: its Chinese name and the family names of its files
FACE_NAMES = {
    "方正小标宋简体": ("方正小标宋简体", "FZXiaoBiaoSong-B05S", "FZXiaoBiaoSong-B05"),
    "仿宋_GB2312": ("仿宋_GB2312", "FangSong_GB2312"),
    "楷体_GB2312": ("楷体_GB2312", "KaiTi_GB2312"),
    "黑体": ("黑体", "SimHei"),
    "宋体": ("宋体", "SimSun"),
    "仿宋": ("仿宋", "FangSong"),
    "楷体": ("楷体", "KaiTi"),
}
BUNDLED_FONT = "NotoSansCJKsc-Regular.otf"  # inside the mplfonts package's fonts/ folder
# characters every label of ours may use: office words, digits, full-width punctuation
_PROBE = "督办台账通报进展滞后未报送已完成序时一二三四五六七八九十（）、：％"


class FontError(CodedError):
    """No font with Chinese glyphs anywhere (code ``no_cjk_font``)."""

    def __init__(self, code: str = "no_cjk_font", **params: object) -> None:
        super().__init__(code, **params)


@dataclass(frozen=True)
class CjkFont:
    family: str  # the name matplotlib knows it by
    path: str  # the font file
    bundled: bool  # True: the copy mplfonts ships, not a system font


def covers(path: str | Path, text: str = _PROBE) -> bool:
    """Whether the font file has a glyph for every character of ``text``."""
    try:
        font = FT2Font(str(path))
    except (OSError, RuntimeError):  # unreadable or not a font
        return False
    return all(font.get_char_index(ord(char)) != 0 for char in text if not char.isspace())


@lru_cache(maxsize=1)
def cjk_font() -> CjkFont:
    """The CJK font the chart uses: the best system font with Chinese glyphs, else the bundled
    one (registered with matplotlib here). Raises ``FontError`` when neither exists."""
    found = _system_font()
    if found is not None:
        return found
    bundled = _bundled_font()
    if bundled is not None:
        return bundled
    raise FontError()


def _system_font() -> CjkFont | None:
    by_family: dict[str, list[str]] = {}
    for entry in font_manager.fontManager.ttflist:
        by_family.setdefault(entry.name, []).append(entry.fname)
    for family in PREFERRED:
        # a family may list bold and light files too; any covering file makes it usable
        for path in sorted(by_family.get(family, [])):
            if covers(path):
                return CjkFont(family=family, path=path, bundled=False)
    return None


def _bundled_font() -> CjkFont | None:
    try:
        resource = resources.files("mplfonts").joinpath("fonts", BUNDLED_FONT)
    except ModuleNotFoundError:
        return None
    # a package installed from a wheel is a folder on disk, so this is the file itself
    path = Path(str(resource))
    if not path.is_file() or not covers(path):
        return None
    font_manager.fontManager.addfont(str(path))
    family = font_manager.FontProperties(fname=str(path)).get_name()
    return CjkFont(family=family, path=str(path), bundled=True)


def installed_families() -> frozenset[str]:
    """The family names of the fonts matplotlib finds on this machine."""
    return frozenset(entry.name for entry in font_manager.fontManager.ttflist)


def missing_fonts(faces: Iterable[str], installed: Iterable[str] | None = None) -> tuple[str, ...]:
    """Those of ``faces`` not installed (``installed``: family names, default this machine's),
    in the order given."""
    have = {name.casefold() for name in (installed_families() if installed is None else installed)}
    return tuple(
        face
        for face in faces
        if not any(name.casefold() in have for name in FACE_NAMES.get(face, (face,)))
    )
