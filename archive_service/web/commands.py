"""``archive serve``, ``archive user …`` and ``archive token …`` (registered by cli.py)."""

from __future__ import annotations

import click


def register(main: click.Group) -> None:
    """Add the web-related commands to the ``archive`` group."""
