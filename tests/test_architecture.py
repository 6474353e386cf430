"""The house's rules (docs/ARCHITECTURE.md), checked on the source: imports flow one way.

update → ``handlers/`` → services in ``bot/`` → ``db/``, and the scheduler's job → ``scheduler/``
→ the same services → ``db/``. So ``db/`` imports neither ``bot/`` nor ``handlers/``, the
scheduler never imports a handler, the services know nothing of Telegram (only the application,
``bot/app.py``, and the command line's runners may import ``telegram``), only ``bot/app.py``
imports the handlers, only the command line itself imports ``bot/cli/``, and a handler never
builds SQL (of ``db/`` it takes the transaction and the enums). Every import statement counts,
also one inside a function.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
PACKAGES = ("bot", "handlers", "scheduler", "db")
# the only modules in bot/ that assemble or run the bot, and so may import Telegram
TELEGRAM_FACING = frozenset({"bot/app.py", "bot/cli/run.py", "bot/cli/live.py"})
COMPOSITION_ROOT = "bot/app.py"  # the one module outside handlers/ that imports a handler
MAX_TOP_LEVEL_MODULES = 12  # directly in bot/, __init__.py included
# a handler never builds SQL: of db/ it takes the transaction helper and the domain's enums
# only, of SQLAlchemy the types it passes on
HANDLER_DB_MODULES = frozenset({"db.engine", "db.enums"})
HANDLER_SQL_NAMES = frozenset({"Session", "Engine"})


@dataclass(frozen=True)
class Import:
    path: str  # the importing file, relative to the repository
    line: int
    module: str  # the module imported, absolute
    names: tuple[str, ...] = ()  # what ``from module import …`` takes from it


def imports_in(path: Path, root: Path = REPO) -> list[Import]:
    """Every absolute module a file imports (``from x import y`` gives ``x``; a relative import,
    which this code base does not use, is resolved against the file's package)."""
    relative = path.relative_to(root).as_posix()
    package = relative.removesuffix(".py").split("/")[:-1]
    found: list[Import] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=relative)):
        if isinstance(node, ast.Import):
            found += [Import(relative, node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            module = ".".join([*base, *([node.module] if node.module else [])])
            names = tuple(alias.name for alias in node.names)
            found.append(Import(relative, node.lineno, module, names))
    return found


def all_imports(root: Path = REPO) -> list[Import]:
    files = [
        path
        for package in PACKAGES
        for path in sorted((root / package).rglob("*.py"))
        if "migrations" not in path.parts
    ]
    return [found for path in files for found in imports_in(path)]


def top(module: str) -> str:
    return module.split(".", 1)[0]


def wrong_way(imports: list[Import]) -> list[str]:
    """Each import against the flow, as ``file:line imports module (the rule)``."""
    broken: list[str] = []
    for found in imports:
        where, target = found.path, top(found.module)
        rule = None
        if where.startswith("db/") and target in ("bot", "handlers", "scheduler", "telegram"):
            rule = "db/ imports nothing above it"
        elif where.startswith("scheduler/") and target == "handlers":
            rule = "scheduler/ never imports handlers/"
        elif where.startswith("bot/") and where not in TELEGRAM_FACING and target == "telegram":
            rule = "services in bot/ know nothing of Telegram"
        elif (
            target == "handlers" and not where.startswith("handlers/") and where != COMPOSITION_ROOT
        ):
            rule = "only the composition root (bot/app.py) imports the handlers"
        elif found.module.startswith("bot.cli") and not where.startswith("bot/cli/"):
            rule = "nothing but the command line imports bot/cli/"
        elif where.startswith("handlers/") and _builds_sql(found):
            rule = "a handler never builds SQL: it calls a service"
        if rule:
            broken.append(f"{where}:{found.line} imports {found.module} ({rule})")
    return broken


def _builds_sql(found: Import) -> bool:
    if top(found.module) == "db":
        return found.module not in HANDLER_DB_MODULES
    if top(found.module) in ("sqlalchemy", "sqlmodel"):
        return not found.names or not set(found.names) <= HANDLER_SQL_NAMES
    return False


def test_every_import_flows_one_way() -> None:
    assert wrong_way(all_imports()) == []


def test_the_exceptions_are_real_files() -> None:
    """A runner renamed away must not leave its exception behind for another file to use."""
    assert all((REPO / name).is_file() for name in TELEGRAM_FACING)


@pytest.mark.parametrize(
    ("path", "source", "rule"),
    [
        ("db/people.py", "from bot.people.roles import Person\n", "db/ imports nothing"),
        ("db/models.py", "import handlers.common\n", "db/ imports nothing"),
        ("scheduler/jobs.py", "def f():\n    from handlers import gate\n", "scheduler/ never"),
        ("bot/summary/build.py", "from telegram import Update\n", "services in bot/"),
        ("bot/reports/intake.py", "from handlers.common import reply\n", "composition root"),
        ("bot/cli/live.py", "from handlers.gate import gate\n", "composition root"),
        ("handlers/views.py", "from bot.cli.render import say\n", "command line"),
        ("handlers/tasks.py", "from db import tasks\n", "never builds SQL"),
        ("handlers/summary.py", "from sqlmodel import Session, select\n", "never builds SQL"),
        ("handlers/reports.py", "from db.models import Report\n", "never builds SQL"),
        ("bot/reminders/message.py", "from ..app import x\nimport telegram.ext\n", "services"),
    ],
)
def test_a_wrong_way_import_is_caught(tmp_path: Path, path: str, source: str, rule: str) -> None:
    """The check itself: the same file with one wrong-way import added is reported."""
    copy = tmp_path / path
    copy.parent.mkdir(parents=True)
    copy.write_text((REPO / path).read_text(encoding="utf-8") + "\n" + source, encoding="utf-8")
    broken = wrong_way(imports_in(copy, tmp_path))
    assert broken and all(rule in line for line in broken)
    assert all(line.startswith(f"{path}:") for line in broken)
    assert wrong_way(imports_in(REPO / path)) == []  # the file as it is breaks no rule


def test_bot_keeps_its_features_in_packages() -> None:
    modules = sorted(path.name for path in (REPO / "bot").glob("*.py"))
    assert len(modules) <= MAX_TOP_LEVEL_MODULES, modules
    for package in sorted(p for p in (REPO / "bot").iterdir() if (p / "__init__.py").is_file()):
        doc = ast.get_docstring(ast.parse((package / "__init__.py").read_text(encoding="utf-8")))
        assert doc, f"{package.name}/__init__.py has no table of contents"
