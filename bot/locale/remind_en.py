"""English: reminders, deadlines, pauses and snoozes (bot and CLI)."""

TEXTS: dict[str, str] = {
    # --- the reminder a liaison gets ------------------------------------------------------
    "remind.heading_before": "⏰ Reporting reminder: {deadline}",
    "remind.heading_due": "⏰ Due today: {deadline}",
    "remind.heading_after": "⚠️ Overdue: {deadline}",
    "remind.heading_snoozed": "⏰ Reminder again: {deadline}",
    "remind.due_ahead": "Due {date}, {days} day(s) left.",
    "remind.due_today": "Due today ({date}).",
    "remind.due_late": "Due {date}, {days} day(s) late.",
    "remind.department": "{department}: {count} task(s) not reported yet:",
    "remind.department_compact": "{department}: {count} task(s) not reported yet: {codes}",
    "remind.task_line": "• {code} {title}",
    "remind.truncated": "… the list is long; send /report to see all of it.",
    "remind.how": (
        "Reply to this message to report, e.g. \u201c{code} 已完成\u201d (done), or tap a task "
        "below to fill it in step by step."
    ),
    "remind.more_buttons": "The buttons below show the first {shown}; send /report for the rest.",
    "remind.button_report": "📝 {code}",
    "remind.button_snooze": "⏰ Remind me next working day",
    # --- the escalation a coordinator gets ------------------------------------------------
    "remind.escalation_heading": "📋 Late: {deadline} (due {date}, {days} day(s) ago)",
    "remind.escalation_count": "{count} department(s) still have {tasks} task(s) unreported:",
    "remind.escalation_line": "• {department}: {missing}",
    "remind.escalation_more": "… and {count} more department(s).",
    "remind.escalation_hint": "Send /summary missing for the tasks one by one, /export for the ledger.",
    # --- the calendar warning -------------------------------------------------------------
    "remind.calendar": (
        "⚠️ Working-day calendar: duban does not know {year}'s public holidays and make-up "
        "working days yet, so reminders in {year} treat Monday to Friday as working days. "
        "List {year}'s holidays under [calendar] holidays and its make-up working days under "
        "[calendar] workdays in the settings file, then restart the bot."
    ),
    # --- /deadline (and `duban deadline`) -------------------------------------------------
    "remind.source_notice": "from the notice",
    "remind.source_manual": "added by hand",
    "remind.deadline_title": "Reporting deadlines ({count}):",
    "remind.deadline_line": "• {name}: {date} ({source})",
    "remind.deadline_line_rule": "• {name}: repeats by {rule}, next {date} ({source})",
    "remind.deadline_line_over": "• {name}: {date}, past ({source})",
    "remind.deadline_line_removed": "• {name}: removed ({source})",
    "remind.deadline_none": "The current plan has no reporting deadline.",
    "remind.deadline_usage": (
        "Usage:\n"
        "/deadline add NAME DATE — a one-off deadline, e.g. /deadline add 月报 2026-08-25\n"
        "/deadline add NAME RULE — a recurring one, e.g. the 25th of every month: "
        "/deadline add 月报 FREQ=MONTHLY;BYMONTHDAY=25; the 30th of each quarter's last month: "
        "/deadline add 季报 FREQ=MONTHLY;BYMONTH=3,6,9,12;BYMONTHDAY=30\n"
        "/deadline move NAME DATE — a new date, e.g. /deadline move 上半年 2026-07-12\n"
        "/deadline remove NAME — remove it (what was reported for it is kept)\n"
        "Part of a name is enough, e.g. 上半年."
    ),
    "remind.deadline_added": "Deadline \u201c{name}\u201d added.",
    "remind.deadline_moved": "Deadline \u201c{name}\u201d moved.",
    "remind.deadline_removed": (
        "Deadline \u201c{name}\u201d removed; what was reported for it is kept."
    ),
    "remind.deadline_error_no_plan": "No task notice has been imported yet; import one first.",
    "remind.deadline_error_unknown_deadline": "No reporting deadline's name contains \u201c{name}\u201d.",
    "remind.deadline_error_ambiguous_deadline": (
        "\u201c{name}\u201d matches several deadlines: {names}. Write the full name."
    ),
    "remind.deadline_error_duplicate_deadline": (
        "There is already a deadline called \u201c{name}\u201d; use move to change its date."
    ),
    "remind.deadline_error_bad_name": "A deadline's name must be 1 to 100 characters long.",
    "remind.deadline_error_bad_date": "\u201c{text}\u201d is not a date; write it like 2026-08-25.",
    "remind.deadline_error_past_date": "{date} has passed; choose today or a later date.",
    "remind.deadline_error_bad_rule": (
        "\u201c{rule}\u201d is not a rule duban can use. Examples: the 25th of every month "
        "FREQ=MONTHLY;BYMONTHDAY=25; the 30th of each quarter's last month "
        "FREQ=MONTHLY;BYMONTH=3,6,9,12;BYMONTHDAY=30."
    ),
    "remind.deadline_error_rule_never_occurs": (
        "The rule \u201c{rule}\u201d gives no date from today on; please check it."
    ),
    "remind.deadline_error_recurring_move": (
        "\u201c{name}\u201d repeats by a rule and cannot be moved to one day; remove it and "
        "add it again with a new rule."
    ),
    # --- snooze, /pause, /resume ----------------------------------------------------------
    "remind.snoozed_tomorrow": "OK, I will remind you again tomorrow ({date}) at {time}.",
    "remind.snoozed_workday": "OK, I will remind you again on the next working day ({date}) at {time}.",
    "remind.control_error_snooze_gone": "This reminder is no longer current; nothing to do.",
    "remind.control_error_snooze_not_yours": "This reminder was not sent to you.",
    "remind.control_error_past_date": "{date} has passed; a pause must last until today or later.",
    "remind.control_error_too_far": "A pause lasts a year at most; choose {latest} or earlier.",
    "remind.control_error_reason_too_long": "Please keep the reason under {limit} characters.",
    "remind.control_error_no_departments": "You are not bound to any department yet.",
    "remind.pauses_title": "Departments with reminders paused:",
    "remind.pauses_none": "No department has its reminders paused.",
    "remind.pause_line": "• {department}: paused until {date}",
    "remind.pause_line_reason": "• {department}: paused until {date} ({reason})",
    "remind.pause_usage_liaison": (
        "Usage: /pause DATE [reason], e.g. /pause 2026-08-01 出差 — no reminders through that "
        "day, and not counted late; /resume turns them back on."
    ),
    "remind.pause_usage_coordinator": (
        "Usage: /pause DEPARTMENT DATE [reason], e.g. /pause 区商务委 2026-08-01 出差; "
        "/resume DEPARTMENT turns them back on."
    ),
    "remind.resume_usage_coordinator": "Usage: /resume DEPARTMENT, e.g. /resume 区商务委.",
    "remind.paused": "Reminders paused for {count} department(s), not counted late meanwhile:",
    "remind.paused_resume": "Send /resume to end the pause early.",
    "remind.resumed": "Reminders are back on for: {departments}.",
    "remind.resumed_none": "No department was paused; reminders go on as usual.",
    # --- /help lines and the command menu --------------------------------------------------
    "menu.deadline": "Reporting deadlines",
    "menu.pause": "Pause reminders",
    "menu.resume": "Resume reminders",
    # --- the command line ------------------------------------------------------------------
    "remind.cli_deadlines_title": "Reporting deadlines",
    "remind.cli_col_name": "Name",
    "remind.cli_col_next": "Next due",
    "remind.cli_col_rule": "Rule",
    "remind.cli_col_source": "Source",
    "remind.cli_col_state": "State",
    "remind.cli_state_active": "active",
    "remind.cli_state_over": "past",
    "remind.cli_state_removed": "removed",
    "remind.cli_plan_title": "Reminder plan: {start} to {end}",
    "remind.cli_col_at": "When",
    "remind.cli_col_department": "Department",
    "remind.cli_col_liaison": "Liaison",
    "remind.cli_col_deadline": "Deadline",
    "remind.cli_col_kind": "Kind",
    "remind.cli_no_liaison": "no liaison yet",
    "remind.cli_coordinators": "coordinators",
    "remind.cli_all_late": "(all late departments)",
    "remind.cli_plan_empty": "No reminder would go out in that window.",
    "remind.cli_plan_count": "{count} reminder(s).",
    "remind.cli_bad_window": "The end date {end} is before the start date {start}.",
    "remind.kind_before": "{days} day(s) before",
    "remind.kind_due": "on the day",
    "remind.kind_after": "late, ping {n}",
    "remind.kind_escalation": "escalation",
    "remind.kind_snoozed": "snoozed",
    # --- a liaison's pause request ([reminders] liaison_pause) ------------------------------
    "remind.pause_usage_request": (
        "Usage: /pause DATE [reason], e.g. /pause 2026-08-01 出差 — asks the office to pause "
        "reminders through that day; once approved you are not reminded nor counted late; "
        "/resume turns them back on."
    ),
    "remind.pause_off": "Pauses are set by the office; please contact the office if you need one.",
    "remind.pause_request": (
        "📝 Pause request\n{liaison}, liaison of {departments}, asks to pause reminders through "
        "{date}.\nReason: {reason}\nIf approved: no reminders and not counted late until then."
    ),
    "remind.pause_request_no_reason": "none given",
    "remind.button_approve": "✅ Approve",
    "remind.button_decline": "✖ Decline",
    "remind.pause_request_pending": (
        "Request sent: pause reminders for {departments} through {date} (reason: {reason}). It "
        "takes effect once the office approves; you will be told. Until then reminders go on."
    ),
    "remind.pause_request_approved": (
        "✅ The office approved: reminders for {departments} are paused through {date}, and "
        "not counted late. Send /resume to end it early."
    ),
    "remind.pause_request_declined": (
        "The office declined the pause for {departments} (through {date}); reminders go on. "
        "Please contact the office with any questions."
    ),
    "remind.pause_request_approved_by": "✅ Approved ({who}): {departments} paused through {date}; {liaison} has been told.",
    "remind.pause_request_declined_by": "Declined ({who}): the pause for {departments} through {date}; {liaison} has been told.",
    "remind.pause_liaison_unreached": "The liaison could not be told (they may have blocked the bot); please tell them another way.",
    "remind.control_error_request_gone": "This request no longer exists.",
    "remind.control_error_already_approved": "This request was approved already; nothing to do.",
    "remind.control_error_already_declined": "This request was declined already; nothing to do.",
}
