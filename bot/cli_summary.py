"""Command-line commands about summary (filled in by the summary work)."""

from __future__ import annotations

import argparse


def add_commands(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    """Register this module's subcommands on the ``duban`` parser."""
