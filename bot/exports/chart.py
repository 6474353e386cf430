"""The chart sent with the coordinator's summary: one PNG, readable on a phone.

Two panels: every section's tasks by status (stacked horizontal bars, in the notice's order)
and the departments with the most unreported tasks. The picture is drawn with matplotlib's Agg
renderer on a ``Figure`` of its own — no pyplot, no display, no global figure state — and every
piece of text carries the CJK font from ``bot.exports.fonts`` explicitly, so no global rcParams are
changed either. Pure: a ``Summary`` in, PNG bytes out.
"""

from __future__ import annotations

import io
import re
import threading
from datetime import date

from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.ticker import MaxNLocator

from bot.exports.fonts import cjk_font
from bot.summary.model import DepartmentLine, Summary
from bot.texts import MONTHS_EN, t

__all__ = ["STATUS_ORDER", "summary_chart"]

# (status key in Summary.by_status, bar colour): finished first, nothing-heard-of last
STATUS_ORDER = (
    ("done", "#2e7d32"),
    ("on_track", "#81c784"),
    ("behind", "#f9a825"),
    ("not_started", "#e65100"),
    ("unreported", "#bdbdbd"),
)
TOP_DEPARTMENTS = 10
WIDTH_IN, HEIGHT_IN, DPI = 8.0, 10.0, 150  # 1200 × 1500 px
SECTION_LABEL = 9  # characters of a section's title next to its numeral
DEPARTMENT_LABEL = 12
# matplotlib's text layout and font cache are not thread-safe; the bot may render in a thread
_LOCK = threading.Lock()


def summary_chart(summary: Summary, lang: str) -> bytes:
    """The summary as a PNG: a title with the deadline and date, status by section, and the
    departments furthest behind."""
    font = FontProperties(fname=cjk_font().path)
    with _LOCK:
        figure = Figure(figsize=(WIDTH_IN, HEIGHT_IN), dpi=DPI, layout="constrained")
        FigureCanvasAgg(figure)
        sections = max(len(summary.sections), 1)
        departments = max(min(len(_furthest_behind(summary)), TOP_DEPARTMENTS), 3)
        header, top, bottom = figure.subplots(
            3, 1, height_ratios=[1.6, sections + 2.5, departments + 1.5], squeeze=True
        )
        _header(header, summary, lang, font)
        _status_panel(top, summary, lang, font)
        _departments_panel(bottom, summary, lang, font)
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png", dpi=DPI, facecolor="white")
    return buffer.getvalue()


def _header(ax: Axes, summary: Summary, lang: str, font: FontProperties) -> None:
    """What and when in large type; then the deadline's state, tasks reported and the pace."""
    ax.set_axis_off()
    name = summary.deadline or t("export.chart.no_deadline", lang)
    head = t("export.chart.title", lang, deadline=name, date=_short_date(summary.today, lang))
    facts: list[str] = []
    if summary.due is not None and summary.days_left is not None:
        due = _short_date(summary.due, lang)
        if summary.days_left > 0:
            facts.append(t("export.chart.days_left", lang, due=due, days=summary.days_left))
        elif summary.days_left == 0:
            facts.append(t("export.chart.due_today", lang, due=due))
        else:
            facts.append(t("export.chart.days_late", lang, due=due, days=-summary.days_left))
    facts.append(
        t(
            "export.chart.reported",
            lang,
            reported=summary.tasks_reported,
            total=summary.tasks_total,
        )
    )
    if summary.pace is not None:
        facts.append(t("export.chart.pace", lang, pace=round(summary.pace * 100)))
    ax.text(0.5, 0.95, head, ha="center", va="top", fontproperties=_sized(font, 21))
    line = t("export.chart.separator", lang).join(facts)
    ax.text(0.5, 0.05, line, ha="center", va="bottom", fontproperties=_sized(font, 14))


def _short_date(day: date, lang: str) -> str:
    month = MONTHS_EN[day.month - 1] if lang == "en" else day.month  # 7月18日 / 18 Jul
    return t("export.chart.date", lang, month=month, day=day.day)


def _status_panel(ax: Axes, summary: Summary, lang: str, font: FontProperties) -> None:
    sections = summary.sections
    labels = [_clip(f"{s.numeral} {_first_clause(s.title)}", SECTION_LABEL + 2) for s in sections]
    rows = range(len(sections))
    left = [0] * len(sections)
    for key, colour in STATUS_ORDER:
        counts = [s.by_status.get(key, 0) for s in sections]
        bars = ax.barh(list(rows), counts, left=left, color=colour, label=_status_word(key, lang))
        for bar, count in zip(bars, counts, strict=True):
            if count:  # the number inside its own segment; white on the dark colours
                ax.text(
                    bar.get_x() + bar.get_width() / 2,
                    bar.get_y() + bar.get_height() / 2,
                    str(count),
                    ha="center",
                    va="center",
                    fontsize=12,
                    color="white" if key in ("done", "not_started") else "black",
                    fontproperties=font,
                )
        left = [a + b for a, b in zip(left, counts, strict=True)]
    ax.set_yticks(list(rows), labels)
    ax.invert_yaxis()  # the notice's first section on top
    ax.set_title(
        t("export.chart.sections", lang), fontproperties=font, fontsize=17, loc="left", pad=34
    )
    ax.set_xlabel(t("export.chart.tasks_axis", lang), fontproperties=font, fontsize=13)
    ax.set_xlim(0, max(left, default=0) * 1.02 or 1)
    ax.legend(
        prop=_sized(font, 12),
        ncols=len(STATUS_ORDER),
        loc="lower left",
        bbox_to_anchor=(0.0, 1.0),
        borderaxespad=0.2,
        frameon=False,
        handlelength=1.2,
        columnspacing=0.9,
    )
    _style(ax, font)
    if not sections:
        _empty(ax, t("export.chart.no_tasks", lang), font)


def _departments_panel(ax: Axes, summary: Summary, lang: str, font: FontProperties) -> None:
    worst = _furthest_behind(summary)[:TOP_DEPARTMENTS]
    title = t("export.chart.departments", lang)
    if any(d.late for d in worst):
        title += t("export.chart.late_note", lang)
    ax.set_title(title, fontproperties=font, fontsize=17, loc="left")
    if not worst:
        ax.set_yticks([])
        ax.set_xticks([])
        _empty(ax, t("export.chart.none_missing", lang), font)
        _style(ax, font)
        return
    rows = list(range(len(worst)))
    colours = ["#c62828" if d.late else "#f9a825" for d in worst]
    bars = ax.barh(rows, [d.missing for d in worst], color=colours)
    for bar, line in zip(bars, worst, strict=True):
        ax.text(
            bar.get_width(),
            bar.get_y() + bar.get_height() / 2,
            f" {line.missing}/{line.tasks}",
            va="center",
            fontsize=12,
            fontproperties=font,
        )
    ax.set_yticks(rows, [_clip(d.name, DEPARTMENT_LABEL) for d in worst])
    ax.invert_yaxis()  # the most missing on top
    ax.set_xlim(0, max(d.missing for d in worst) * 1.25)
    ax.set_xlabel(t("export.chart.missing_axis", lang), fontproperties=font, fontsize=13)
    _style(ax, font)


def _furthest_behind(summary: Summary) -> list[DepartmentLine]:
    """Departments with unreported tasks, most first (late before not-yet-late on a tie)."""
    behind = [d for d in summary.departments if d.missing > 0]
    return sorted(behind, key=lambda d: (-d.missing, not d.late, d.name))


def _style(ax: Axes, font: FontProperties) -> None:
    """Phone-sized tick labels in the CJK font, integer ticks, no chart junk."""
    for label in [*ax.get_xticklabels(), *ax.get_yticklabels()]:
        label.set_fontproperties(_sized(font, 13))
    locator = ax.xaxis.get_major_locator()
    if isinstance(locator, MaxNLocator):  # counts of tasks: no 0.5 ticks
        locator.set_params(integer=True)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.grid(axis="x", color="#e0e0e0", linewidth=0.8)
    ax.set_axisbelow(True)


def _empty(ax: Axes, text: str, font: FontProperties) -> None:
    ax.text(
        0.5, 0.5, text, transform=ax.transAxes, ha="center", va="center", fontproperties=font
    ).set_fontsize(15)


def _sized(font: FontProperties, size: float) -> FontProperties:
    sized = font.copy()
    sized.set_size(size)
    return sized


def _status_word(key: str, lang: str) -> str:
    if key == "unreported":
        return t("export.status_unreported", lang)
    return t(f"report.status_{key}", lang)


def _first_clause(title: str) -> str:
    """坚持创新驱动、开放合作 → 坚持创新驱动: a section's gist, short enough for a label."""
    clause = re.split(r"[，、；,;]", title, maxsplit=1)[0]
    return clause if len(clause) >= 4 else title


def _clip(text: str, limit: int) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"
