"""Simplified Chinese: the reminder sender: unreachable liaisons, delivery problems."""

TEXTS: dict[str, str] = {
    # to each coordinator, once per liaison each time Telegram starts refusing delivery
    "sender.unreachable": (
        "⚠️ 提醒发不出去：联络员{name}（{departments}）已屏蔽督办助手，或已删除与它的对话。\n"
        "自{since}起，发给{name}的提醒都无法送达。请电话联系，请其重新打开与督办助手的对话"
        "并发送任意一条消息，之后的提醒即可恢复。"
    ),
    "sender.no_department": "未绑定部门",
}
