"""Command-line commands that write the coordinator's files (filled in by the export work)."""

from __future__ import annotations

import argparse


def add_commands(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    """Register this module's subcommands on the ``duban`` parser."""
