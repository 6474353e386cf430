"""A font that can draw Chinese, for the chart: found once, automatically, on any machine.

matplotlib's default (DejaVu Sans) has no CJK glyphs, so Chinese labels would come out as empty
boxes. First choice is a system font matplotlib already knows (a server set up with
``fonts-noto-cjk`` or ``fonts-wqy-zenhei``, a desktop with 微软雅黑 or 苹方); failing that, the
Noto Sans CJK SC that the ``mplfonts`` package ships, registered with matplotlib by path. Either
way the file is checked to really hold the glyphs before it is used. The answer is cached: the
font list does not change while the bot runs.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from matplotlib import font_manager
from matplotlib.ft2font import FT2Font

from bot.errors import CodedError

__all__ = ["BUNDLED_FONT", "PREFERRED", "CjkFont", "FontError", "cjk_font", "covers"]

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
