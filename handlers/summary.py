"""/summary: the coordinator's picture of one deadline, a page at a time, then the chart.

``/summary`` covers the current deadline; words after it narrow it (a department, a section
such as 三, 滞后, 未报送) and a deadline's name chooses another deadline (``/summary 全年``,
``/summary 全年 三``). The ◀ ▶ buttons carry ``Action.SUMMARY_PAGE`` with three arguments:
the scope's kind letter (a, d, s, b, m — see ``bot.summary.scope.scope_key``) followed by the
deadline's id when one was named, the scope's argument (department id, section numeral, "-")
and the page. An upper-case letter comes from a department pick-list: that press answers as
/summary would, with a new message and the chart.
"""

from __future__ import annotations

import asyncio
import logging

from sqlmodel import Session
from telegram import InputFile, Update

from bot.callbacks import Action, Callback, encode
from bot.summary.build import (
    SummaryError,
    build_summary,
    parse_request,
    scope_from_key,
    scope_key,
)
from bot.summary.model import Scope, Summary
from bot.texts import t
from handlers.common import (
    Asker,
    Context,
    arg_text,
    asker,
    coordinator_only,
    reply,
    runtime,
    show,
    unit_of_work,
)
from handlers.summary_views import summary_view
from scheduler.sender import keyboard

log = logging.getLogger(__name__)


@coordinator_only
async def cmd_summary(update: Update, context: Context) -> None:
    """/summary [department | section | 滞后 | 未报送] [deadline]: the summary, then the chart."""
    who = asker(update, context)
    try:
        with unit_of_work(context) as session:
            scope, deadline = parse_request(session=session, words=arg_text(context))
            summary, kind, arg = _build(context, session, scope, deadline)
    except SummaryError as exc:
        await _explain(update, who, exc)
        return
    await _send_new(update, who, summary, kind, arg)


async def on_summary_page(update: Update, context: Context, callback: Callback) -> None:
    """◀ ▶ under a summary, or a department picked from a /summary pick-list."""
    who = asker(update, context)
    kind, arg, page = callback.args
    try:
        with unit_of_work(context) as session:
            found = scope_from_key(session=session, kind=kind.lower(), arg=arg)
            built = _build(context, session, *found) if found and page.isdigit() else None
    except SummaryError as exc:
        await _explain(update, who, exc)
        return
    if built is None:
        await reply(update, t("chat.button_expired", who.lang))
        return
    summary, kind, arg = built
    if callback.args[0][:1].isupper():
        await _send_new(update, who, summary, kind, arg)
        return
    view = summary_view(summary, who.lang, page=int(page), kind=kind, arg=arg)
    await show(update, view.text, keyboard(view.buttons))


def _build(
    context: Context, session: Session, scope: Scope, deadline: str | None
) -> tuple[Summary, str, str]:
    rt = runtime(context)
    summary = build_summary(
        session=session, settings=rt.settings, now=rt.now(), scope=scope, deadline=deadline
    )
    kind, arg = scope_key(
        session=session, scope=scope, deadline_id=summary.deadline_id if deadline else None
    )
    return summary, kind, arg


async def _send_new(update: Update, who: Asker, summary: Summary, kind: str, arg: str) -> None:
    view = summary_view(summary, who.lang, page=0, kind=kind, arg=arg)
    await reply(update, view.text, keyboard(view.buttons))
    await _send_chart(update, summary, who.lang)


async def _send_chart(update: Update, summary: Summary, lang: str) -> None:
    """The chart under the text; a chart that fails is logged, the summary already arrived."""
    chat = update.effective_chat
    if chat is None or not summary.tasks:
        return
    try:
        from bot.exports.chart import (
            summary_chart,  # matplotlib loads on the first summary, not at start
        )

        png = await asyncio.to_thread(summary_chart, summary, lang)  # drawing takes a moment
        await chat.send_photo(InputFile(png, filename=f"summary_{summary.today}.png"))
    except Exception:  # any failure of the drawing or the upload: the text is what matters
        log.exception("the summary chart could not be drawn or sent")


async def _explain(update: Update, who: Asker, exc: SummaryError) -> None:
    """Why there is no summary, in a sentence; several departments get a button each."""
    text = t(f"summary.error_{exc.code}", who.lang, **exc.params)
    if exc.code != "ambiguous_department":
        await reply(update, text)
        return
    buttons = [
        [(name, encode(Action.SUMMARY_PAGE, "D", department_id, 0))]
        for name, department_id in zip(exc.params["names"], exc.params["ids"], strict=True)
    ]
    await reply(
        update, t("summary.pick_department", who.lang, query=exc.params["query"]), keyboard(buttons)
    )
