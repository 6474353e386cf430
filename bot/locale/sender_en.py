"""English: the reminder sender: unreachable liaisons, delivery problems."""

TEXTS: dict[str, str] = {
    # to each coordinator, once per liaison each time Telegram starts refusing delivery
    "sender.unreachable": (
        "⚠️ Reminders cannot reach {name} ({departments}): they blocked the bot or deleted "
        "their chat with it.\n"
        "Since {since}, no reminder to {name} gets through. Please call them and ask them to "
        "open the chat with the bot again and send it any message; reminders then resume."
    ),
    "sender.no_department": "no department",
}
