"""``duban demo``: the real bot against the local sandbox, playing a scripted day, as a chat log.

Nothing is faked on the bot's side: the sandbox speaks the Bot API over HTTP, the bot is the
same ``Application`` as ``duban run``, and the database is a real SQLite file. The script acts
as the people (a coordinator, two liaisons, a stranger) through the sandbox's control API and
prints what each said and what the bot answered.
"""

from __future__ import annotations

import io
import logging
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from importlib import resources
from pathlib import Path

from openpyxl import load_workbook
from rich.console import Console
from rich.markup import escape
from rich.rule import Rule

from bot.cli.live import LiveBot
from bot.logs import setup_logging, teardown_logging
from bot.sandbox import Sandbox, SentMessage
from bot.settings import Settings
from bot.texts import t
from scheduler.jobs import JOB_ID

DEMO_TOKEN = "7000000001:DEMO-sandbox-token-not-a-real-one"
SAMPLE = "sample_notice.txt"
DATABASE = "duban.sqlite3"
LIAISON_A_OF = "区商务委"  # the sample's busiest department: its task list runs to two pages


@dataclass(frozen=True)
class Person:
    user_id: int
    first_name: str
    last_name: str
    role_key: str  # demo.role_* in the catalog

    @property
    def name(self) -> str:
        return self.last_name + self.first_name  # Chinese order: family name first


# What the coordinator would write under [departments.groups] for the sample notice's collective
# names, so their tasks reach the departments behind them.
SAMPLE_GROUPS = {
    "各产业部门": ["区发改委", "区商务委", "区经信委", "区科技局", "区文旅委"],
    "区政府各部门": ["区发改委", "区财政局", "区商务委", "区人社局", "区科技局"],
}

# The demo's day: Friday 26 June 2026 in Beijing, two weeks before the sample's half-year
# deadline (10 July). It starts at 08:40; the 09:00 reminders go out in scene 6.
DEMO_START = datetime(2026, 6, 26, 0, 40, tzinfo=UTC)
REMINDER_TIME = datetime(2026, 6, 26, 1, 0, 30, tzinfo=UTC)
OUTPUT_DIR = Path("data") / "demo"  # where the exported files go without --dir


class DemoClock:
    """The bot's idea of now during the demo: a fixed day, moved on by the script."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def move_to(self, moment: datetime) -> None:
        self.now = max(self.now, moment)

    def advance(self, delta: timedelta) -> None:
        self.now += delta


COORDINATOR = Person(81001, "敏", "王", "demo.role_coordinator")
LIAISON_A = Person(82001, "娜", "李", "demo.role_liaison")
LIAISON_B = Person(82002, "强", "赵", "demo.role_liaison")
STRANGER = Person(83001, "晨", "陈", "demo.role_stranger")


class Transcript:
    """Acts as a person in the sandbox, waits for the bot, and prints the exchange."""

    def __init__(self, sandbox: Sandbox, bot: LiveBot, out: Console, lang: str) -> None:
        self.sandbox, self.bot, self.out, self.lang = sandbox, bot, out, lang
        self.bot_name = t("demo.bot_name", lang)

    def scene(self, key: str) -> None:
        self.out.print()
        self.out.print(Rule(escape(t(key, self.lang)), style="cyan", align="left"))

    def say(self, who: Person, text: str) -> list[SentMessage]:
        return self._act(who, f"{escape(text)}", lambda: self.sandbox.send_text(who.user_id, text))

    def reply(self, who: Person, to: SentMessage, text: str) -> list[SentMessage]:
        line = f"↩ {escape(text)}"
        action = lambda: self.sandbox.send_text(who.user_id, text, reply_to=to.message_id)  # noqa: E731
        return self._act(who, line, action)

    def tick(self, people: list[Person]) -> dict[int, list[SentMessage]]:
        """Fire the scheduler's tick now and print what each of ``people`` received."""
        before = {p.user_id: len(self.sandbox.messages(p.user_id)) for p in people}
        self.bot.run_jobs_now(JOB_ID)
        received: dict[int, list[SentMessage]] = {}
        for person in people:
            new = self.sandbox.messages(person.user_id)[before[person.user_id] :]
            received[person.user_id] = new
            role = t(person.role_key, self.lang)
            to = escape(t("demo.person", self.lang, name=person.name, role=role))
            for message in new:
                self.out.print(f"[blue]⏰ → {to}[/blue]", soft_wrap=True)
                self._print_bot(message, edited=False)
        return received

    def upload(self, who: Person, name: str, content: bytes) -> list[SentMessage]:
        line = f"📎 {escape(name)}"
        return self._act(
            who, line, lambda: self.sandbox.upload_document(who.user_id, name, content)
        )

    def press(self, who: Person, message: SentMessage, label: str) -> list[SentMessage]:
        line = f"[bold]\\[{escape(label)}][/bold]"
        action = lambda: self.sandbox.press_button(who.user_id, message.message_id, text=label)  # noqa: E731
        return self._act(who, line, action)

    def _act(self, who: Person, line: str, action: Callable[[], int]) -> list[SentMessage]:
        chat = who.user_id
        before = {m.message_id: (m.text, m.buttons) for m in self.sandbox.messages(chat)}
        role = t(who.role_key, self.lang)
        person = escape(t("demo.person", self.lang, name=who.name, role=role))
        self.out.print(f"[green]👤 {person}[/green] ▸ {line}", soft_wrap=True)
        self.bot.wait_processed(action())
        changed = [
            m
            for m in self.sandbox.messages(chat)
            if before.get(m.message_id) != (m.text, m.buttons)
        ]
        for message in changed:
            self._print_bot(message, edited=message.message_id in before)
        return changed

    def _print_bot(self, message: SentMessage, *, edited: bool) -> None:
        mark = t("demo.edited", self.lang) if edited else ""
        head = f"[blue]🤖 {self.bot_name}[/blue]{mark} ▸ "
        attached = message.document or message.photo
        if attached is not None:
            name = attached.file_name or "file"
            size = len(self.sandbox.file_bytes(attached))
            file = t("demo.file", self.lang, name=name, size=f"{size:,}")
            self.out.print(head + escape(file), soft_wrap=True)
            if message.text:
                self.out.print("   " + escape(message.text), soft_wrap=True)
            for row in message.buttons:
                labels = "  ".join(f"\\[{escape(b.text)}]" for b in row)
                self.out.print(f"   [yellow]{labels}[/yellow]", soft_wrap=True)
            return
        body = escape(message.text or "").replace("\n", "\n   ")
        self.out.print(head + body, soft_wrap=True)
        for row in message.buttons:
            labels = "  ".join(f"\\[{escape(b.text)}]" for b in row)
            self.out.print(f"   [yellow]{labels}[/yellow]", soft_wrap=True)


def run_demo(settings: Settings, *, workdir: Path | None, lang: str, out: Console) -> None:
    """Start the sandbox and the bot, play the scenario, stop both. Raises on any failure."""
    with tempfile.TemporaryDirectory(prefix="duban-demo-") as scratch:
        folder = workdir or Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        log_handlers = setup_logging(
            secrets=[DEMO_TOKEN], log_file=folder / "duban.log", stream=False
        )
        logging.getLogger("duban").info("demo started in %s", folder)
        try:
            with Sandbox(token=DEMO_TOKEN).start() as sandbox:
                demo_settings = _settings(settings, sandbox.url, folder)
                for person in (COORDINATOR, LIAISON_A, LIAISON_B, STRANGER):
                    sandbox.add_user(
                        person.user_id,
                        person.first_name,
                        last_name=person.last_name,
                        language_code="en" if lang == "en" else "zh-hans",
                    )
                clock = DemoClock(DEMO_START)
                with LiveBot(demo_settings, token=DEMO_TOKEN, clock=clock) as bot:
                    intro = t("demo.intro", lang, db=folder / DATABASE, api=sandbox.url)
                    out.print(escape(intro), soft_wrap=True)
                    chat = Transcript(sandbox, bot, out, lang)
                    _play(chat)
                    _reminders(chat, clock)
                    _summary(chat, workdir or OUTPUT_DIR)
                if sandbox.violations:
                    raise RuntimeError(f"the bot broke Bot API limits: {sandbox.violations}")
            out.print()
            outro = t("demo.outro_kept" if workdir else "demo.outro", lang, db=folder / DATABASE)
            out.print(escape(outro), soft_wrap=True)
        finally:
            teardown_logging(log_handlers)


def _settings(settings: Settings, api_url: str, folder: Path) -> Settings:
    return settings.model_copy(
        update={
            "telegram": settings.telegram.model_copy(update={"api_url": api_url}),
            "database": settings.database.model_copy(
                update={"url": f"sqlite:///{folder / DATABASE}"}
            ),
            "roles": settings.roles.model_copy(update={"coordinators": [COORDINATOR.user_id]}),
            "departments": settings.departments.model_copy(update={"groups": SAMPLE_GROUPS}),
        }
    )


def _play(chat: Transcript) -> None:
    lang = chat.lang
    notice = resources.files("bot.data").joinpath(SAMPLE).read_bytes()

    chat.scene("demo.scene_import")
    chat.say(COORDINATOR, "/start")
    preview = chat.upload(COORDINATOR, t("demo.notice_file", lang), notice)[-1]
    result = chat.press(COORDINATOR, preview, t("chat.button_confirm_import", lang))[-1]
    invites_label = result.buttons[0][0].text
    sent = chat.press(COORDINATOR, result, invites_label)
    links = dict(_links(chat, sent))
    found = t("demo.links_found", lang, count=len(links), department=LIAISON_A_OF)
    chat.out.print("   " + escape(found), soft_wrap=True)

    chat.scene("demo.scene_invite")
    choices = chat.say(COORDINATOR, "/invite 管委会")[-1]
    picked = chat.press(COORDINATOR, choices, choices.buttons[1][0].text)[-1]
    link_b = next(word for word in (picked.text or "").split() if word.startswith("https://t.me/"))

    chat.scene("demo.scene_join")
    chat.say(LIAISON_A, "/start " + _code(links[LIAISON_A_OF]))
    page = chat.say(LIAISON_A, "/tasks")[-1]
    detail = chat.press(LIAISON_A, page, page.buttons[0][0].text)[-1]
    page = chat.press(LIAISON_A, detail, t("chat.back_to_list", lang))[-1]
    chat.press(LIAISON_A, page, "▶")
    chat.say(LIAISON_B, "/start " + _code(link_b))
    chat.say(LIAISON_B, "/tasks")

    chat.scene("demo.scene_others")
    chat.say(STRANGER, "你好，我是新来的。" if lang == "zh" else "Hi, I'm new here.")
    chat.say(LIAISON_A, "/departments")
    chat.say(COORDINATOR, "/departments")

    chat.scene("demo.scene_report")
    # liaisons write Chinese whatever the bot's language: the reader reads the office's words
    reading = chat.say(LIAISON_A, REPORT_A)[-1]
    chat.press(LIAISON_A, reading, t("report.button_confirm", lang))
    _guided_report(chat, LIAISON_B)
    chat.say(LIAISON_A, "/myreports")


# what 李娜 writes: two of 区商务委's tasks in one message, with figures for their targets
REPORT_A = "一.4 序时推进，社会消费品零售总额215亿元；三.3 已完成，建成村级物流服务站点120个"
NOTE_B = "园区招商项目已签约3个，下月集中开工。"


def _reminders(chat: Transcript, clock: DemoClock) -> None:
    """09:00: the reminders go out; one liaison answers by replying, the other snoozes."""
    lang = chat.lang
    chat.scene("demo.scene_remind")
    clock.move_to(REMINDER_TIME)
    received = chat.tick([LIAISON_A, LIAISON_B, COORDINATOR])
    # the reminder lists one task, so a reply needs no task code
    reminder_b = received[LIAISON_B.user_id][-1]
    reading = chat.reply(LIAISON_B, reminder_b, NOTE_DONE)[-1]
    chat.press(LIAISON_B, reading, t("report.button_confirm", lang))
    reminder_a = received[LIAISON_A.user_id][-1]
    chat.press(LIAISON_A, reminder_a, t("remind.button_snooze", lang))
    clock.advance(timedelta(minutes=5))


def _summary(chat: Transcript, folder: Path) -> None:
    """The coordinator's picture: /summary with its chart, then the ledger and the bulletin,
    kept in ``folder``."""
    lang = chat.lang
    chat.scene("demo.scene_summary")
    sent = chat.say(COORDINATOR, "/summary")
    text = next(m for m in sent if m.photo is None)
    chart = next(m.photo for m in sent if m.photo is not None)
    ledger = chat.press(COORDINATOR, text, t("summary.button_ledger", lang))
    bulletin = chat.press(COORDINATOR, text, t("summary.button_bulletin", lang))
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    assert chart is not None
    files = [(chart.file_name or "summary.png", chart)] + [
        (m.document.file_name or "file", m.document)
        for m in ledger + bulletin
        if m.document is not None
    ]
    for name, file in files:
        assert file is not None
        path = folder / name
        path.write_bytes(chat.sandbox.file_bytes(file))
        written.append(str(path))
    chat.out.print()
    chat.out.print(
        escape(t("demo.files_written", lang, files="\n   ".join(written))), soft_wrap=True
    )


NOTE_DONE = "已完成，营业收入目标提前实现。"


def _guided_report(chat: Transcript, who: Person) -> None:
    """/report with buttons: the first task, on track, no figures, one sentence, Save."""
    lang = chat.lang
    step = chat.say(who, "/report")[-1]
    step = chat.press(who, step, step.buttons[0][0].text)[-1]
    step = chat.press(who, step, t("report.status_on_track", lang))[-1]
    save, skip = t("report.button_save", lang), t("report.button_skip", lang)
    ask_note = t("report.ask_note", lang)
    while save not in step.button_texts():
        if ask_note in (step.text or ""):
            step = chat.say(who, NOTE_B)[-1]
        else:
            step = chat.press(who, step, skip)[-1]
    chat.press(who, step, save)


def _links(chat: Transcript, sent: list[SentMessage]) -> list[tuple[str, str]]:
    """(department, link) rows from the invite workbook the bot sent."""
    document = next(m.document for m in sent if m.document is not None)
    book = load_workbook(io.BytesIO(chat.sandbox.file_bytes(document)), read_only=True)
    rows = book.worksheets[0].iter_rows(values_only=True)
    return [
        (str(row[0]), str(row[1]))
        for row in rows
        if len(row) > 1 and str(row[1] or "").startswith("https://t.me/")
    ]


def _code(link: str) -> str:
    return link.partition("?start=")[2]
