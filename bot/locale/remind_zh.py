"""Simplified Chinese: reminders, deadlines, pauses and snoozes (bot and CLI)."""

TEXTS: dict[str, str] = {
    # --- the reminder a liaison gets ------------------------------------------------------
    "remind.heading_before": "⏰ 报送提醒：{deadline}",
    "remind.heading_due": "⏰ 今天截止：{deadline}",
    "remind.heading_after": "⚠️ 逾期提醒：{deadline}",
    "remind.heading_snoozed": "⏰ 再次提醒：{deadline}",
    "remind.due_ahead": "截止日期：{date}，还有 {days} 天。",
    "remind.due_today": "截止日期：今天（{date}）。",
    "remind.due_late": "截止日期：{date}，已逾期 {days} 天。",
    "remind.department": "【{department}】尚未报送 {count} 项：",
    "remind.department_compact": "【{department}】尚未报送 {count} 项：{codes}",
    "remind.task_line": "• {code} {title}",
    "remind.truncated": "……清单较长，完整清单请发送 /report 查看。",
    "remind.how": "直接回复本消息即可报送，如“{code} 已完成”；也可以点下方按钮逐项填报。",
    "remind.more_buttons": "下方按钮只列出前 {shown} 项，其余请发送 /report 报送。",
    "remind.button_report": "📝 {code}",
    "remind.button_snooze": "⏰ 下个工作日再提醒",
    # --- the escalation a coordinator gets ------------------------------------------------
    "remind.escalation_heading": "📋 逾期未报送：{deadline}，{date}截止，已逾期 {days} 天",
    "remind.escalation_count": "以下 {count} 个单位仍有 {tasks} 项任务未报送：",
    "remind.escalation_line": "• {department}：{missing} 项",
    "remind.escalation_more": "……另有 {count} 个单位。",
    "remind.escalation_hint": "发送 /summary 未报送 查看逐项明细，/export 导出台账。",
    # --- the calendar warning -------------------------------------------------------------
    "remind.calendar": (
        "⚠️ 工作日历提醒：系统还不知道 {year} 年的法定节假日和调休安排，{year} 年的提醒暂按"
        "周一至周五为工作日安排。请在配置文件中填写 [calendar] holidays（{year} 年的节假日）"
        "和 [calendar] workdays（{year} 年的调休上班日），然后重启机器人。"
    ),
    # --- /deadline (and `duban deadline`) -------------------------------------------------
    "remind.source_notice": "来自通知",
    "remind.source_manual": "手动添加",
    "remind.deadline_title": "报送节点（{count} 个）：",
    "remind.deadline_line": "• {name}：{date}，{source}",
    "remind.deadline_line_rule": "• {name}：按规则 {rule} 重复，下次 {date}，{source}",
    "remind.deadline_line_over": "• {name}：{date}，已过，{source}",
    "remind.deadline_line_removed": "• {name}：已删除，{source}",
    "remind.deadline_none": "当前计划还没有报送节点。",
    "remind.deadline_usage": (
        "用法：\n"
        "/deadline add 名称 日期 —— 新增一次性节点，如 /deadline add 月报 2026-08-25\n"
        "/deadline add 名称 规则 —— 新增重复节点，如每月25日：/deadline add 月报 "
        "FREQ=MONTHLY;BYMONTHDAY=25；每季度末月30日：/deadline add 季报 "
        "FREQ=MONTHLY;BYMONTH=3,6,9,12;BYMONTHDAY=30\n"
        "/deadline move 名称 日期 —— 调整截止日期，如 /deadline move 上半年 2026-07-12\n"
        "/deadline remove 名称 —— 删除节点（已报送的内容保留）\n"
        "名称可以只写一部分，如“上半年”。"
    ),
    "remind.deadline_added": "已新增报送节点“{name}”。",
    "remind.deadline_moved": "已调整报送节点“{name}”。",
    "remind.deadline_removed": "已删除报送节点“{name}”，已报送的内容仍然保留。",
    "remind.deadline_error_no_plan": "还没有导入任务分解通知，请先导入通知。",
    "remind.deadline_error_unknown_deadline": "没有找到名称包含“{name}”的报送节点。",
    "remind.deadline_error_ambiguous_deadline": "“{name}”对应多个报送节点：{names}。请写出完整名称。",
    "remind.deadline_error_duplicate_deadline": "已有名为“{name}”的报送节点；要改日期请用 move。",
    "remind.deadline_error_bad_name": "节点名称不能为空，也不能超过 100 个字。",
    "remind.deadline_error_bad_date": "“{text}”不是有效日期，请写成 2026-08-25 这样的格式。",
    "remind.deadline_error_past_date": "{date}已经过去，请选择今天或以后的日期。",
    "remind.deadline_error_bad_rule": (
        "“{rule}”不是可用的重复规则。示例：每月25日 FREQ=MONTHLY;BYMONTHDAY=25；"
        "每季度末月30日 FREQ=MONTHLY;BYMONTH=3,6,9,12;BYMONTHDAY=30。"
    ),
    "remind.deadline_error_rule_never_occurs": "规则“{rule}”从今天起不会再出现任何日期，请检查。",
    "remind.deadline_error_recurring_move": (
        "“{name}”是按规则重复的节点，不能改到某一天；请先删除，再按新规则新增。"
    ),
    # --- snooze, /pause, /resume ----------------------------------------------------------
    "remind.snoozed_tomorrow": "好的，明天 {date} {time} 再提醒您。",
    "remind.snoozed_workday": "好的，下个工作日 {date} {time} 再提醒您。",
    "remind.control_error_snooze_gone": "这条提醒已失效，无需操作。",
    "remind.control_error_snooze_not_yours": "这条提醒不是发给您的。",
    "remind.control_error_past_date": "{date}已经过去，暂停要持续到今天或以后。",
    "remind.control_error_too_far": "暂停最长一年，请选择{latest}或更早的日期。",
    "remind.control_error_reason_too_long": "事由请控制在 {limit} 字以内。",
    "remind.control_error_no_departments": "您还没有绑定单位。",
    "remind.pauses_title": "暂停提醒中的单位：",
    "remind.pauses_none": "目前没有暂停提醒的单位。",
    "remind.pause_line": "• {department}：暂停至 {date}",
    "remind.pause_line_reason": "• {department}：暂停至 {date}，事由：{reason}",
    "remind.pause_usage_liaison": (
        "用法：/pause 日期 [事由]，如 /pause 2026-08-01 出差 —— 到该日（含）为止不再提醒，"
        "也不计入逾期；/resume 恢复提醒。"
    ),
    "remind.pause_usage_coordinator": (
        "用法：/pause 单位名称 日期 [事由]，如 /pause 区商务委 2026-08-01 出差；"
        "/resume 单位名称 恢复提醒。"
    ),
    "remind.resume_usage_coordinator": "用法：/resume 单位名称，如 /resume 区商务委。",
    "remind.paused": "已暂停 {count} 个单位的报送提醒，暂停期间不计入逾期：",
    "remind.paused_resume": "提前恢复请发送 /resume。",
    "remind.resumed": "已恢复报送提醒：{departments}。",
    "remind.resumed_none": "没有暂停中的单位，提醒照常进行。",
    # --- /help lines and the command menu --------------------------------------------------
    "menu.deadline": "报送节点",
    "menu.pause": "暂停提醒",
    "menu.resume": "恢复提醒",
    # --- the command line ------------------------------------------------------------------
    "remind.cli_deadlines_title": "报送节点",
    "remind.cli_col_name": "名称",
    "remind.cli_col_next": "下次截止",
    "remind.cli_col_rule": "重复规则",
    "remind.cli_col_source": "来源",
    "remind.cli_col_state": "状态",
    "remind.cli_state_active": "有效",
    "remind.cli_state_over": "已过",
    "remind.cli_state_removed": "已删除",
    "remind.cli_plan_title": "提醒计划：{start} 至 {end}",
    "remind.cli_col_at": "时间",
    "remind.cli_col_department": "单位",
    "remind.cli_col_liaison": "联络员",
    "remind.cli_col_deadline": "报送节点",
    "remind.cli_col_kind": "类型",
    "remind.cli_no_liaison": "未绑定联络员",
    "remind.cli_coordinators": "督办室",
    "remind.cli_all_late": "（全部逾期单位）",
    "remind.cli_plan_empty": "这段时间没有要发送的提醒。",
    "remind.cli_plan_count": "共 {count} 条提醒。",
    "remind.cli_bad_window": "结束日期 {end} 早于开始日期 {start}。",
    "remind.kind_before": "提前{days}天",
    "remind.kind_due": "当天",
    "remind.kind_after": "逾期第{n}次",
    "remind.kind_escalation": "升级",
    "remind.kind_snoozed": "再次提醒",
    # --- a liaison's pause request ([reminders] liaison_pause) ------------------------------
    "remind.pause_usage_request": (
        "用法：/pause 日期 [事由]，如 /pause 2026-08-01 出差 —— 申请暂停提醒到该日（含），"
        "经督办室批准后生效，暂停期间不计入逾期；/resume 恢复提醒。"
    ),
    "remind.pause_off": "暂停提醒由督办室统一设置，如需暂停请联系督办室。",
    "remind.pause_request": (
        "📝 暂停提醒申请\n{departments}联络员{liaison}申请暂停报送提醒至 {date}。\n事由：{reason}\n"
        "批准后暂停期间不提醒、不计入逾期。"
    ),
    "remind.pause_request_no_reason": "未填写",
    "remind.button_approve": "✅ 批准",
    "remind.button_decline": "✖ 不批准",
    "remind.pause_request_pending": (
        "已提交申请：暂停{departments}的报送提醒至 {date}（事由：{reason}）。督办室批准后生效，"
        "结果会通知您；在此之前提醒照常进行。"
    ),
    "remind.pause_request_approved": (
        "✅ 督办室已批准：{departments}的报送提醒暂停至 {date}，暂停期间不计入逾期。提前恢复请发送 /resume。"
    ),
    "remind.pause_request_declined": (
        "督办室未批准暂停{departments}的报送提醒（至 {date}），提醒照常进行。如有疑问请联系督办室。"
    ),
    "remind.pause_request_approved_by": "✅ 已批准（{who}）：{departments}暂停提醒至 {date}，已通知联络员{liaison}。",
    "remind.pause_request_declined_by": "已不批准（{who}）：{departments}暂停提醒至 {date} 的申请，已通知联络员{liaison}。",
    "remind.pause_liaison_unreached": "未能把结果发给联络员（可能已屏蔽机器人），请另行告知。",
    "remind.control_error_request_gone": "这份申请已不存在。",
    "remind.control_error_already_approved": "这份申请已经批准过了，无需再处理。",
    "remind.control_error_already_declined": "这份申请已经处理（未批准），无需再处理。",
}
