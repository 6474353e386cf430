"""``duban --help`` (and every subcommand's) in the user's language: ``--lang`` on the command
line, else the settings' ``[locale] language``, else Chinese. The parser is built with English
help next to each option; ``localize`` swaps in the catalog's Chinese (``bot.locale.cli_help_zh``)
and argparse's own headings, for the whole tree of subcommands."""

from __future__ import annotations

import argparse
from collections.abc import Sequence

from bot.locale import cli_help_zh
from bot.settings import SettingsError, load_settings

__all__ = ["help_language", "help_strings", "localize"]


def help_language(argv: Sequence[str]) -> str:
    """The language ``argv`` asks for (``--lang en`` anywhere), else the settings' default
    (``--config PATH`` or the usual places), else ``zh``; never fails."""
    words = list(argv)
    for index, word in enumerate(words):
        if word.startswith("--lang="):
            return word.partition("=")[2] if word.endswith(("zh", "en")) else "zh"
        if word == "--lang" and index + 1 < len(words) and words[index + 1] in ("zh", "en"):
            return words[index + 1]
    config = next(
        (words[i + 1] for i, w in enumerate(words[:-1]) if w == "--config"),
        next((w.partition("=")[2] for w in words if w.startswith("--config=")), None),
    )
    try:
        return load_settings(config).locale.language
    except (SettingsError, OSError):
        return "zh"


def localize(parser: argparse.ArgumentParser, lang: str) -> None:
    """Put every help string, description and heading of ``parser`` and its subcommands in
    ``lang`` (English is the parser's own text)."""
    if lang != "zh":
        return
    for each in _parsers(parser):
        each.formatter_class = _ChineseFormatter
        for group in each._action_groups:
            group.title = {
                "positional arguments": cli_help_zh.POSITIONALS,
                "options": cli_help_zh.OPTIONS,
                "optional arguments": cli_help_zh.OPTIONS,
            }.get(group.title or "", group.title)
        each.description = _prose(each.description)
        each.epilog = _prose(each.epilog)
        for action in _actions(each):
            if isinstance(action.help, str):
                action.help = cli_help_zh.HELP.get(action.help, action.help)


def _prose(text: str | None) -> str | None:
    if not text:
        return text
    if text in cli_help_zh.HELP:
        return cli_help_zh.HELP[text]
    for english, chinese in cli_help_zh.PREFIXES.items():
        if text.startswith(english):
            return chinese + text.removeprefix(english)
    return text


def help_strings(parser: argparse.ArgumentParser) -> list[str]:
    """Every help string in the parser's tree, each once (for the catalog's test)."""
    found: dict[str, None] = {}
    for each in _parsers(parser):
        for action in _actions(each):
            if isinstance(action.help, str) and action.help != argparse.SUPPRESS:
                found[action.help] = None
    return list(found)


def _parsers(parser: argparse.ArgumentParser) -> list[argparse.ArgumentParser]:
    found = [parser]
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for child in dict.fromkeys(action.choices.values()):
                found += _parsers(child)
    return found


def _actions(parser: argparse.ArgumentParser) -> list[argparse.Action]:
    """The parser's options, and the one-line entries of its subcommands."""
    found = list(parser._actions)
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            found += action._choices_actions
    return found


class _ChineseFormatter(argparse.RawDescriptionHelpFormatter):
    """argparse's layout with a Chinese usage prefix."""

    def add_usage(
        self,
        usage: str | None,
        actions: object,
        groups: object,
        prefix: str | None = None,
    ) -> None:
        super().add_usage(usage, actions, groups, prefix or cli_help_zh.USAGE)  # type: ignore[arg-type]
