"""Every user-facing sentence, per language: Simplified Chinese first, English complete.

``t(key, lang, **params)`` renders one. Importer errors and warnings are keyed by their ``code``
(``error.<code>`` and ``warning.<code>``), so a new code needs a line here in both languages;
a test checks that every code the importer can produce has one.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

ZH: dict[str, str] = {
    # --- import errors -------------------------------------------------------------------
    "error.unsupported_format": "不支持的文件类型“{suffix}”：请提供 .txt、.docx、.xlsx 或 .csv 文件。",
    "error.empty_file": "文件是空的：请确认选对了文件，或重新导出通知。",
    "error.binary_file": "这不是可读的文本文件（内容像是二进制数据）：请提供通知的 .txt、.docx、.xlsx 或 .csv 文件。",
    "error.unknown_encoding": "无法识别文件的文字编码：请另存为 UTF-8 或 GBK 编码的文本后再导入。",
    "error.legacy_or_encrypted": "无法打开这个 {fmt} 文件：它可能是旧版 .doc/.xls 改了扩展名，或设置了密码。请用 Word/WPS/Excel 另存为 .docx/.xlsx（不加密）后再导入。",
    "error.corrupt_file": "{fmt} 文件已损坏或不完整，无法打开：请用 Word/WPS/Excel 打开并重新保存后再导入。",
    "error.no_tasks": "文件中没有找到任务：既没有带“牵头单位”等列的任务表格，也没有带编号（如“1.”）并注明责任单位的任务行。请检查文件内容。",
    "error.cannot_open": "无法读取文件 {name}：{detail}",
    "error.plan_untitled": "通知没有标题，也无法用文件名代替：请在文件第一行写上通知标题后再导入。",
    "error.plan_title_taken": "新标题“{title}”已属于计划 #{plan_id}：请换一个 --plan 编号，或不加 --plan 让程序按标题匹配。",
    "error.plan_duplicate_key": "通知中{kind}“{key}”重复出现，无法确定以哪一个为准：请修改后再导入。",
    "error.plan_task_without_section": "任务 {task} 所属的部分“{section}”不存在。",
    "error.schema_out_of_date": "数据库版本（{current}）低于程序需要的版本（{head}），且已关闭自动升级：请先运行 duban db upgrade。",
    "error.schema_missing": "数据库还没有建立表结构，且已关闭自动升级（[database] auto_upgrade = false）：请先运行 duban db upgrade。",
    "error.schema_unknown": "数据库版本（{current}）比本程序更新：请升级 duban 后再使用这个数据库。",
    "error.schema_unversioned": "数据库里已有 duban 的表（{tables}），但没有版本记录：这可能是手工建立的数据库。请备份后换一个空数据库，或联系维护人员。",
    "error.schema_foreign_keys_broken": "数据库升级后有 {rows} 行数据引用了不存在的记录，升级已撤销：请联系维护人员。",
    # --- import warnings -----------------------------------------------------------------
    "warning.encoding_guessed": "文件不是 UTF-8 编码，已按 {encoding} 读取，请核对文字是否正确。",
    "warning.task_incomplete": "第 {number} 项任务不完整（文件似乎在此处被截断），未导入。",
    "warning.unit_alias_configured": "按配置将“{alias}”合并为“{name}”。",
    "warning.unit_alias_merged": "“{alias}”与“{name}”视为同一单位，已合并为“{name}”。",
    "warning.unit_possible_alias": "“{alias}”与“{name}”可能是同一单位，未合并；如是，请在配置 [departments] aliases 中注明。",
    "warning.unit_etc_dropped": "单位名称“{name}等”中的“等”已去掉，其余单位请在导入后补充。",
    "warning.units_without_task": "这一行单位前面没有任务，已忽略。",
    "warning.text_ignored": "无法识别的内容，已忽略：“{text}”",
    "warning.duplicate_task_code": "任务编号 {code} 重复，已加后缀区分。",
    "warning.numbering_gap": "任务编号不连续：{code} 之前应为第 {expected} 项，请核对是否有遗漏。",
    "warning.task_no_units": "任务 {code} 没有找到责任单位。",
    "warning.hidden_sheet_skipped": "隐藏的工作表“{sheet}”未读取。",
    "warning.no_issue_date": "没有找到发文日期（如“2026年3月18日”）。",
    "warning.no_deadlines": "没有找到报送时间（如“请各单位于7月15日前……报送”），请导入后手动添加报送节点。",
    "warning.no_contact": "没有找到联系人、电话或邮箱。",
    "warning.bad_date": "日期“{text}”不存在，已跳过。",
    "warning.deadline_before_issue": "报送时间“{name}”（{due}）早于发文日期（{issued_on}），请核对。",
    "warning.deadline_names_mismatch": "报送日期（{dates}）与时段名称（{names}）数量不一致，已按日期命名。",
    "warning.deadline_year_unknown": "“{text}”中的日期无法确定年份，已跳过。",
    # --- CLI -----------------------------------------------------------------------------
    "cli.description": "督办：重点任务分解、催报与汇总的 Telegram 机器人。",
    "cli.settings_error": "配置文件有误 — {file}：{key}：{problem}",
    "cli.unexpected": "出现意外错误，操作未完成，数据库未被修改。详细信息已写入日志：{log}",
    "cli.import_failed": "导入失败（{where}）：{message}",
    "cli.where_file": "文件 {name}",
    "cli.preview_title": "导入预览：{source}",
    "cli.field_title": "标题",
    "cli.field_issuer": "发文机关",
    "cli.field_issued_on": "发文日期",
    "cli.field_contact": "联系人",
    "cli.field_deadlines": "报送时间",
    "cli.field_counts": "数量",
    "cli.counts": "{sections} 个部分，{tasks} 项任务，{departments} 个单位，{groups} 个单位组，{targets} 个量化指标",
    "cli.none": "（无）",
    "cli.col_code": "编号",
    "cli.col_category": "类别",
    "cli.col_task": "任务",
    "cli.col_lead": "牵头单位",
    "cli.col_support": "配合单位",
    "cli.col_targets": "量化指标",
    "cli.col_where": "位置",
    "cli.col_warning": "提示",
    "cli.col_section": "部分",
    "cli.col_tasks": "任务数",
    "cli.warnings_title": "需要核对的内容（{count} 条）",
    "cli.no_warnings": "没有需要核对的内容。",
    "cli.groups": "单位组（需在导入后补充成员）：{names}",
    "cli.dry_run": "试运行：未写入数据库。",
    "cli.imported_new": "已导入为新计划 #{plan_id}：新增 {added} 项任务。",
    "cli.imported_same": "计划 #{plan_id} 已是最新，没有任何变化。",
    "cli.imported_update": "已更新计划 #{plan_id}：新增 {added} 项，删除 {removed} 项，修改 {changed} 项，未变 {unchanged} 项。",
    "cli.changed_codes": "{label}：{codes}",
    "cli.label_added": "新增",
    "cli.label_removed": "删除（已填报的进度保留）",
    "cli.label_changed": "修改",
    "cli.label_group_members": "按配置添加的单位组成员",
    "cli.step_read": "读取文件",
    "cli.step_parse": "识别任务",
    "cli.step_save": "写入数据库",
    "cli.db_upgraded": "数据库已升级到最新版本（{revision}）：{url}",
    "cli.db_status": "数据库：{url}\n当前版本：{current}\n最新版本：{head}",
    "cli.db_status_ok": "数据库已是最新版本。",
    "cli.db_status_behind": "数据库需要升级：请运行 duban db upgrade。",
    "cli.no_plan": "数据库里还没有计划：先用 duban import 文件 导入一份通知（或 duban import --sample 导入示例）。",
    "cli.plan_not_found": "没有编号为 #{plan_id} 的计划：运行 duban plans 查看全部计划。",
    "cli.plans_title": "已导入的计划",
    "cli.col_plan": "编号",
    "cli.col_imported": "导入时间",
    "cli.sample_note": "正在导入内置的示例通知：{name}",
    "cli.kind_section": "部分",
    "cli.kind_task": "任务编号",
    "cli.kind_deadline": "报送节点",
    "cli.stored_counts": "{sections} 个部分，{tasks} 项任务（另有 {removed} 项已从通知中删除），{departments} 个单位，{groups} 个单位组，{targets} 个量化指标",
    "cli.source": "来源文件",
}

EN: dict[str, str] = {
    "error.unsupported_format": "Unsupported file type '{suffix}': please provide a .txt, .docx, .xlsx or .csv file.",
    "error.empty_file": "The file is empty: check that you picked the right file, or export the notice again.",
    "error.binary_file": "This is not readable text (it looks like binary data): please provide the notice as .txt, .docx, .xlsx or .csv.",
    "error.unknown_encoding": "The text encoding could not be recognised: save the file as UTF-8 or GBK text and import it again.",
    "error.legacy_or_encrypted": "This {fmt} file cannot be opened: it may be an old .doc/.xls renamed, or password-protected. Save it from Word/WPS/Excel as an unprotected .docx/.xlsx and import again.",
    "error.corrupt_file": "The {fmt} file is damaged or incomplete and cannot be opened: open it in Word/WPS/Excel, save it again and retry.",
    "error.no_tasks": "No tasks found in the file: there is neither a task table with columns such as 牵头单位 nor numbered task lines (like '1.') naming the units responsible. Please check the file.",
    "error.cannot_open": "Cannot read the file {name}: {detail}",
    "error.plan_untitled": "The notice has no title and no file name to stand in for it: put the notice's title on the first line and import again.",
    "error.plan_title_taken": "The new title '{title}' belongs to plan #{plan_id}: choose another --plan number, or leave --plan out to match plans by title.",
    "error.plan_duplicate_key": "The notice repeats the {kind} '{key}', so it is unclear which one counts: fix the file and import again.",
    "error.plan_task_without_section": "Task {task} names a section '{section}' that does not exist.",
    "error.schema_out_of_date": "The database schema ({current}) is older than this program needs ({head}) and automatic upgrades are off: run duban db upgrade first.",
    "error.schema_missing": "The database has no tables yet and automatic upgrades are off ([database] auto_upgrade = false): run duban db upgrade first.",
    "error.schema_unknown": "The database schema ({current}) is newer than this program: upgrade duban before using this database.",
    "error.schema_unversioned": "The database has duban's tables ({tables}) but no schema revision: it may have been made by hand. Back it up and use an empty database, or ask the maintainer.",
    "error.schema_foreign_keys_broken": "After the upgrade {rows} rows pointed at records that do not exist, so the upgrade was undone: ask the maintainer.",
    "warning.encoding_guessed": "The file is not UTF-8; it was read as {encoding}. Please check the text came out right.",
    "warning.task_incomplete": "Task {number} is incomplete (the file seems cut off here) and was not imported.",
    "warning.unit_alias_configured": "'{alias}' merged into '{name}' as configured.",
    "warning.unit_alias_merged": "'{alias}' and '{name}' are taken as the same unit and merged as '{name}'.",
    "warning.unit_possible_alias": "'{alias}' and '{name}' may be the same unit; not merged. If they are, add the pair under [departments] aliases.",
    "warning.unit_etc_dropped": "Dropped the trailing 等 ('and others') after '{name}'; add the other units after the import.",
    "warning.units_without_task": "These units follow no task and were ignored.",
    "warning.text_ignored": "Could not read this, ignored: '{text}'",
    "warning.duplicate_task_code": "Task number {code} appears twice; a suffix tells them apart.",
    "warning.numbering_gap": "Task numbers skip: expected item {expected} before {code}. Check nothing is missing.",
    "warning.task_no_units": "No responsible unit found for task {code}.",
    "warning.hidden_sheet_skipped": "The hidden sheet '{sheet}' was not read.",
    "warning.no_issue_date": "No date of issue found (like 2026年3月18日).",
    "warning.no_deadlines": "No reporting deadlines found (like 请各单位于7月15日前……报送); add them by hand after the import.",
    "warning.no_contact": "No contact name, phone or email found.",
    "warning.bad_date": "The date '{text}' does not exist and was skipped.",
    "warning.deadline_before_issue": "The deadline '{name}' ({due}) is before the date of issue ({issued_on}); please check.",
    "warning.deadline_names_mismatch": "The reporting dates ({dates}) and period names ({names}) do not pair up; the deadlines are named by their dates.",
    "warning.deadline_year_unknown": "The year of the date in '{text}' is unknown; skipped.",
    "cli.description": "duban: a Telegram bot that breaks down key tasks, chases reports and sums them up.",
    "cli.settings_error": "Settings file problem — {file}: {key}: {problem}",
    "cli.unexpected": "An unexpected error stopped the operation; the database was not changed. Details are in the log: {log}",
    "cli.import_failed": "Import failed ({where}): {message}",
    "cli.where_file": "file {name}",
    "cli.preview_title": "Import preview: {source}",
    "cli.field_title": "Title",
    "cli.field_issuer": "Issued by",
    "cli.field_issued_on": "Issued on",
    "cli.field_contact": "Contact",
    "cli.field_deadlines": "Reporting deadlines",
    "cli.field_counts": "Counts",
    "cli.counts": "{sections} sections, {tasks} tasks, {departments} departments, {groups} groups, {targets} quantitative targets",
    "cli.none": "(none)",
    "cli.col_code": "Code",
    "cli.col_category": "Category",
    "cli.col_task": "Task",
    "cli.col_lead": "Lead",
    "cli.col_support": "Support",
    "cli.col_targets": "Targets",
    "cli.col_where": "Where",
    "cli.col_warning": "Note",
    "cli.col_section": "Section",
    "cli.col_tasks": "Tasks",
    "cli.warnings_title": "To check ({count})",
    "cli.no_warnings": "Nothing to check.",
    "cli.groups": "Groups (fill in their members after the import): {names}",
    "cli.dry_run": "Dry run: nothing was written to the database.",
    "cli.imported_new": "Imported as new plan #{plan_id}: {added} tasks added.",
    "cli.imported_same": "Plan #{plan_id} is already up to date; nothing changed.",
    "cli.imported_update": "Updated plan #{plan_id}: {added} added, {removed} removed, {changed} changed, {unchanged} unchanged.",
    "cli.changed_codes": "{label}: {codes}",
    "cli.label_added": "Added",
    "cli.label_removed": "Removed (reports already stored are kept)",
    "cli.label_changed": "Changed",
    "cli.label_group_members": "Group members added from the settings",
    "cli.step_read": "Reading the file",
    "cli.step_parse": "Reading the tasks",
    "cli.step_save": "Saving",
    "cli.db_upgraded": "Database upgraded to the latest schema ({revision}): {url}",
    "cli.db_status": "Database: {url}\nCurrent revision: {current}\nLatest revision: {head}",
    "cli.db_status_ok": "The database is up to date.",
    "cli.db_status_behind": "The database needs an upgrade: run duban db upgrade.",
    "cli.no_plan": "No plan in the database yet: import a notice with duban import FILE (or duban import --sample for the bundled sample).",
    "cli.plan_not_found": "There is no plan #{plan_id}: run duban plans to list them.",
    "cli.plans_title": "Imported plans",
    "cli.col_plan": "No.",
    "cli.col_imported": "Imported",
    "cli.sample_note": "Importing the bundled sample notice: {name}",
    "cli.kind_section": "section",
    "cli.kind_task": "task code",
    "cli.kind_deadline": "deadline",
    "cli.stored_counts": "{sections} sections, {tasks} tasks ({removed} more removed by a revised notice), {departments} departments, {groups} groups, {targets} quantitative targets",
    "cli.source": "Source file",
}

CATALOGS: dict[str, dict[str, str]] = {"zh": ZH, "en": EN}
LANGUAGES = tuple(CATALOGS)


def t(key: str, lang: str = "zh", /, **params: Any) -> str:
    """The sentence ``key`` in ``lang`` (falling back to Chinese), with ``params`` filled in."""
    catalog = CATALOGS.get(lang, ZH)
    template = catalog.get(key) or ZH.get(key)
    if template is None:
        return f"{key} {params}" if params else key
    sep = "、" if lang == "zh" else ", "
    flat = {
        k: sep.join(map(str, v)) if isinstance(v, list | tuple) else v for k, v in params.items()
    }
    return template.format_map(_Lenient(flat))


class _Lenient(dict[str, Any]):
    """Leaves an unknown ``{name}`` as it is rather than failing on a missing parameter."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def message(kind: str, code: str, params: Mapping[str, Any], lang: str = "zh") -> str:
    """An importer error (``kind="error"``) or warning (``kind="warning"``) as a sentence."""
    return t(f"{kind}.{code}", lang, **dict(params))
