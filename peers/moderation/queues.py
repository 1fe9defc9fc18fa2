"""Further queues of the moderation page: things other than flagged contributions that wait
for a moderator (suggested catalog corrections, ...). A feature registers one from its
init_app; the queue page shows each, with the feature's own template and decision routes."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import Flask, current_app


@dataclass(frozen=True)
class Queue:
    name: str
    template: str  # included on the queue page with `queue` and `waiting` (items, total)
    waiting: Callable[[], tuple[list[Any], int]]  # the items on the page, and how many wait


def add_queue(app: Flask, queue: Queue) -> None:
    """Show this queue on the moderation page; the same queue twice is fine."""
    app.extensions.setdefault("moderation_queues", {})[queue.name] = queue


def queues() -> list[Queue]:
    return list(current_app.extensions.get("moderation_queues", {}).values())
