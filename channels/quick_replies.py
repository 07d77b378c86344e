"""Rasa buttons → Messenger messages within Messenger's limits, without losing a choice.

Limits (Send API): 13 quick replies, 20 characters per title, 2 000 characters per text.
No Rasa import: unit-tested on its own.
"""

from __future__ import annotations

from typing import Any

MAX_QUICK_REPLIES = 13
MAX_TITLE_CHARS = 20
MAX_TEXT_CHARS = 2000
ELLIPSIS = "…"
NBSP = "\u00a0"
CHOICES_INTRO = f"Répondez par un choix ou par son numéro{NBSP}:"


def shorten(title: str, limit: int = MAX_TITLE_CHARS) -> str:
    """``title`` if it fits, else cut at a word boundary and ended with « … » (``limit`` in all)."""
    title = " ".join(title.split())
    if len(title) <= limit:
        return title
    room = limit - len(ELLIPSIS)
    cut = title[: room + 1].rsplit(" ", 1)[0] if " " in title[: room + 1] else title[:room]
    return cut[:room].rstrip(" ,;:.-") + ELLIPSIS


def split_text(text: str, limit: int = MAX_TEXT_CHARS) -> list[str]:
    """Cut ``text`` into parts of at most ``limit`` characters, at a line break or space if any."""
    parts = []
    text = text.strip()
    while len(text) > limit:
        cut = max(text.rfind("\n", 0, limit), text.rfind(" ", 0, limit))
        if cut <= 0:
            cut = limit
        parts.append(text[:cut].rstrip())
        text = text[cut:].lstrip()
    return parts + [text] if text else parts or [""]


def needs_numbered_list(buttons: list[dict[str, Any]]) -> bool:
    """True when a quick reply alone would hide a choice: too many, or a title cut short."""
    too_long = any(len(" ".join(str(b.get("title", "")).split())) > MAX_TITLE_CHARS for b in buttons)
    return len(buttons) > MAX_QUICK_REPLIES or too_long


def numbered_list(buttons: list[dict[str, Any]]) -> str:
    """The full titles, numbered from 1, under a French instruction."""
    lines = [f"{index}. {button.get('title', '')}" for index, button in enumerate(buttons, start=1)]
    return "\n".join([CHOICES_INTRO, *lines])


def quick_reply(button: dict[str, Any]) -> dict[str, str]:
    """One Messenger quick reply; a button without payload sends its title."""
    title = str(button.get("title", ""))
    return {"content_type": "text", "title": shorten(title), "payload": str(button.get("payload") or title)}


def messenger_messages(text: str, buttons: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Send API ``message`` objects for ``text`` with ``buttons``; quick replies on the last one."""
    if buttons and needs_numbered_list(buttons):
        text = f"{text.strip()}\n\n{numbered_list(buttons)}"
    messages: list[dict[str, Any]] = [{"text": part} for part in split_text(text)]
    if buttons:
        messages[-1]["quick_replies"] = [quick_reply(button) for button in buttons[:MAX_QUICK_REPLIES]]
    return messages


def choice_from_number(text: str, buttons: list[dict[str, Any]]) -> str | None:
    """The payload of the choice a user typed by its number (« 14 »), if it is one."""
    stripped = text.strip().rstrip(".")
    if stripped.isdigit() and 1 <= int(stripped) <= len(buttons):
        button = buttons[int(stripped) - 1]
        return str(button.get("payload") or button.get("title", ""))
    return None
