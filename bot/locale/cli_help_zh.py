"""``duban --help`` in Chinese: each argparse help string of the CLI (as written in English next
to its option) → how it reads in Chinese. English help is the code's own text. A test checks
that every help string of the parser has a line here."""

from __future__ import annotations

HELP: dict[str, str] = {
    # argparse's own
    "show this help message and exit": "显示本帮助并退出",
    "show program's version number and exit": "显示版本号并退出",
    # every command
    "settings file (default: $DUBAN_CONFIG, then ./config.toml)": "设置文件（默认：$DUBAN_CONFIG，其次 ./config.toml）",
    "language of the output (default: [locale] language)": "输出语言（默认：设置中的 [locale] language）",
    # the commands
    "import a notice (.txt .docx .xlsx .csv) and show what was read": "导入任务分解通知（.txt .docx .xlsx .csv），并显示读到的内容",
    "list the imported plans": "列出已导入的计划",
    "show a stored plan (the latest by default)": "显示一个已存的计划（默认最新的）",
    "database schema: upgrade, status": "数据库结构：升级、查看状态",
    "run the bot: long polling with the token from the settings": "运行机器人：用设置中的令牌长轮询",
    "watch the bot at work: a local Bot API sandbox, the real bot, a scripted chat": "演示：本地 Bot API 沙盒、真实的机器人和一段脚本对话",
    "serve the local Bot API sandbox in the foreground": "在前台运行本地 Bot API 沙盒",
    "coordinators: add, remove, list": "督办室工作人员：添加、移除、列出",
    "show how the bot reads a progress reply from a department (stores nothing)": "显示机器人如何识别某单位的一条进展报送（不保存）",
    "reporting deadlines: list, add, move, remove": "报送节点：列出、新增、改期、删除",
    "reminders: the season's plan": "提醒：本期的提醒计划",
    "the summary of the current deadline: traffic lights, departments' reporting": "本期报送节点的督办汇总：红绿灯、各单位报送情况",
    "write the ledger (FILE.xlsx) or a draft bulletin (FILE.docx) of the current plan": "导出当前计划的工作台账（FILE.xlsx）或通报草稿（FILE.docx）",
    # import
    "the notice file": "通知文件",
    "import the bundled sample notice": "导入自带的示例通知",
    "show the preview; write nothing": "只显示预览，不写入",
    "print the preview as JSON on stdout": "把预览以 JSON 输出到标准输出",
    "update plan ID instead of the plan with the same title": "更新编号为 ID 的计划，而不是同名计划",
    # db
    "upgrade the database to the latest schema": "把数据库升级到最新结构",
    "show the schema revision": "显示数据库结构版本",
    # demo, sandbox, coordinator
    "keep the demo's database here (default: temporary)": "把演示的数据库保存在这里（默认：临时目录）",
    "accept only this token (default: any well-formed token, digits:35 characters)": "只接受这个令牌（默认：任何格式正确的令牌，数字:35 位左右字符）",
    "answer 429 above N calls/s": "每秒超过 N 次调用时回答 429",
    "make a Telegram user a coordinator": "把一个 Telegram 用户设为督办室工作人员",
    "remove a coordinator added with `add`": "移除用 add 添加的督办室工作人员",
    "list the coordinators": "列出督办室工作人员",
    # read-reply
    "the reporting department": "报送单位",
    "task codes of the bot message replied to, comma-separated (二.1,二.9)": "所回复的机器人消息中的任务编号，逗号分隔（二.1,二.9）",
    "print JSON for scripts": "输出 JSON，供脚本使用",
    "the reply, as the liaison wrote it": "联络员写的报送原文",
    # deadline
    "the current plan's deadlines": "当前计划的报送节点",
    "add a deadline on a date, or recurring by an RFC 5545 rule": "新增报送节点：某一日期，或按 RFC 5545 规则重复",
    "give a deadline a new date": "给报送节点改期",
    "remove a deadline (its reports are kept)": "删除报送节点（已有报送保留）",
    "the deadline's name (月报)": "报送节点名称（月报）",
    "the date it falls due": "截止日期",
    'a recurring rule: "FREQ=MONTHLY;BYMONTHDAY=25"': '重复规则："FREQ=MONTHLY;BYMONTHDAY=25"',
    "the deadline's name, or part of it (上半年)": "报送节点名称或其中一部分（上半年）",
    "the deadline's name, or part of it": "报送节点名称或其中一部分",
    # reminders
    "every reminder the current state would send in a window (local dates)": "按当前状态，某段时间内将发出的每条提醒（本地日期）",
    "first day (today)": "起始日（今天）",
    "last day (today + 60 days)": "截止日（今天起 60 天）",
    # summary
    "only this department's tasks": "只看该单位的任务",
    "only this part (三, 第三部分, 3)": "只看这一部分（三、第三部分、3）",
    "only tasks with a yellow or red light": "只看黄灯和红灯的任务",
    "only tasks not reported yet": "只看尚未报送的任务",
    "another deadline of the plan (全年); default: current": "计划的另一个报送节点（全年）；默认：当前节点",
    "print JSON for scripts (see below)": "输出 JSON，供脚本使用（键见下文）",
    # export
    "where to write: ledger.xlsx (台账) or bulletin.docx (通报); the extension decides": "写到哪里：ledger.xlsx（台账）或 bulletin.docx（通报），按扩展名区分",
    "the round of another deadline of the plan (上半年); default: current": "计划的另一个报送节点那一期（上半年）；默认：当前节点",
    "write the standard task sheet (.xlsx) to fill in": "生成标准任务表（.xlsx），填好后导入",
    "the .xlsx file to write": "要写入的 .xlsx 文件",
}

# The opening words of a description or epilog that goes on with examples or key names, which
# stay as they are.
PREFIXES: dict[str, str] = {
    "--json prints one object: ": "--json 输出一个对象，各键为：",
    "e.g. ": "例如：",
}

# Headings and the usage prefix argparse writes itself.
USAGE = "用法："
POSITIONALS = "位置参数"
OPTIONS = "选项"
COMMANDS_TITLE = "命令"
