"""审计日志的中文名称: every action code passed to `record(...)` anywhere in sanshen/, and every outcome.

Adding an audit code? Add its label here. test_labels.py reads every `record(...)` call in sanshen/ and fails for a
code without a label. A code built with an f-string (`record(f"review.{action}")`) is declared in DYNAMIC_CODES with
the dict whose keys are its possible values.
"""

from __future__ import annotations

ACTION_LABELS: dict[str, str] = {
    # 账号与登录
    "accounts.login": "登录",
    "accounts.logout": "退出登录",
    "accounts.login_failed": "登录失败",
    "accounts.locked_out": "账号锁定",
    "accounts.password_changed": "修改本人密码",
    "accounts.password_set_by_admin": "管理员重置密码",
    "accounts.role_requested": "申请授予角色",
    "accounts.role_approved": "批准授予角色",
    "accounts.role_rejected": "驳回角色申请",
    "accounts.role_revoked": "撤销角色",
    "accounts.login_failures": "登录失败汇总",
    "accounts.second_factor_enrolled": "设置双因素认证",
    "accounts.second_factor_verified": "双因素认证通过",
    "accounts.second_factor_failed": "双因素认证失败",
    "accounts.second_factor_off": "停用双因素认证",
    "accounts.second_factor_reset": "管理员重置双因素认证",
    "accounts.recovery_codes_issued": "重新生成恢复码",
    "accounts.demo_removed": "删除演示县",
    # 系统管理（/manage/ 中的每一次改动）
    "manage.added": "系统管理：新增",
    "manage.changed": "系统管理：修改",
    "manage.deleted": "系统管理：删除",
    # 稿件与三审
    "review.create": "新建稿件",
    "review.edit": "修改稿件",
    "review.submit": "送审",
    "review.recall": "撤回送审",
    "review.pass": "审核通过",
    "review.request_changes": "建议修改",
    "review.return": "回退",
    "review.send_back": "打回原单位",
    "review.refuse": "不予发布",
    "review.escalate": "报请保密/网信部门",
    "review.answer": "答复报请意见",
    "review.publish": "发布稿件",
    "review.withdraw": "撤稿",
    "review.finding_resolved": "处理机审问题",
    "review.attachment_added": "上传附件",
    "review.attachment_removed": "删除附件",
    "review.attachment_masked": "附件脱敏",
    "review.attachment_original_read": "查看附件原件",
    "review.body_image_added": "插入正文图片",
    "review.body_image_masked": "正文图片脱敏",
    "review.body_image_original_read": "查看正文图片原图",
    "review.original_text_viewed": "查看未脱敏的修改对比",
    "review.word_imported": "导入 Word 稿",
    "review.word_exported": "导出 Word 稿",
    "review.form_scan_uploaded": "上传审签表扫描件",
    "review.archive_exported": "导出审签表存档",
    "review.whitelist_proposed": "提议加入白名单",
    "review.whitelist_approved": "批准白名单",
    "review.whitelist_rejected": "驳回白名单提议",
    "review.whitelist_withdrawn": "撤销白名单",
    # 差错登记与整改
    "accountability.register": "登记差错",
    "accountability.confirm": "确认差错登记",
    "accountability.dismiss": "认定差错不成立",
    "accountability.start": "开始整改",
    "accountability.rectify": "提交整改",
    "accountability.verify": "核验整改",
    "accountability.reopen": "退回重新整改",
    "accountability.extend": "延长整改时限",
    "accountability.refer": "移送县保密局",
    "accountability.overdue": "整改逾期",
    "accountability.referral_update": "更新移送处理情况",
    "accountability.import": "导入上级通报的差错",
    "accountability.rule_change": "修改考核扣分规则",
    "accountability.scores_export": "导出考核扣分表",
    "accountability.bulletin_draft": "起草差错通报",
    "accountability.bulletin_edit": "修改差错通报",
    "accountability.bulletin_issue": "印发差错通报",
    "accountability.bulletin_download": "下载差错通报",
    "accountability.interview_record": "记录约谈",
    "accountability.interview_follow_up": "记录约谈回访",
    # 网站监测
    "monitoring.run_started": "启动网站监测",
    "monitoring.thresholds_changed": "修改监测阈值",
    # 词库、接口、运维、审计
    "registers.words_imported": "导入敏感词库",
    "api.token_issued": "签发接口令牌",
    "api.token_revoked": "撤销接口令牌",
    "ops.backup": "数据备份与恢复演练",
    "audit.exported": "导出审计日志",
    "audit.purge": "清理过期审计日志",
}

# f-string codes: the template as written in the code → "module.NAME" of the dict (or list) of the values.
DYNAMIC_CODES: dict[str, str] = {
    "review.{action}": "sanshen.review.workflow.TRANSITIONS",
    "accountability.{action}": "sanshen.accountability.register.TRANSITIONS",
}

OUTCOME_LABELS: dict[str, str] = {
    "ok": "成功",
    "failed": "失败",
    "denied": "拒绝",
    "refused": "拒绝",
    "locked": "已锁定",
}

GROUP_LABELS: dict[str, str] = {
    "accounts": "账号与登录",
    "manage": "系统管理",
    "review": "稿件与三审",
    "accountability": "差错登记与整改",
    "monitoring": "网站监测",
    "registers": "词库",
    "api": "接口",
    "ops": "运维",
    "audit": "审计",
}


# The detail of an entry, as the entry page shows it; keys not listed are shown as they are.
DETAIL_LABELS: dict[str, str] = {
    "from_status": "原环节",
    "to_status": "新环节",
    "from_state": "原状态",
    "to_state": "新状态",
    "stage": "环节",
    "opinion": "意见",
    "comment": "说明",
    "revision": "版本",
    "title": "标题",
    "name": "名称",
    "object": "对象",
    "parent": "所属",
    "changes": "改动（原值 → 新值）",
    "values": "取值",
    "cascade": "一并删除",
    "cascade_count": "一并删除条数",
    "username": "用户名",
    "user": "用户",
    "unit": "单位",
    "role": "角色",
    "count": "条数",
    "filters": "筛选条件",
    "attachment": "附件",
    "image": "图片",
    "file": "文件",
    "rule": "规则",
    "rules": "规则",
    "resolution": "处理方式",
    "findings": "问题数",
    "archive": "备份文件",
    "tables": "数据表数",
    "files": "文件数",
    "problems": "发现的问题",
    "start": "新链首序号",
    "deleted": "删除条数",
    "before": "早于",
    "added": "新增",
    "updated": "更新",
    # 登录失败汇总、双因素认证、接口令牌、删除演示县
    "failures": "失败次数",
    "usernames": "尝试的用户名",
    "more_usernames": "另有未列出的用户名",
    "locked": "已锁定（* 为整个地址）",
    "address_locked": "锁定整个地址",
    "window_start": "时段开始",
    "window_end": "时段结束",
    "last_at": "最近一次",
    "method": "验证方式",
    "recovery_codes": "恢复码个数",
    "recovery_codes_left": "剩余恢复码",
    "replaced": "替换原验证器",
    "devices": "作废的验证器和恢复码组",
    "scope": "权限",
    "units": "单位数",
    "people": "人员数",
    "items": "稿件数",
    "rows": "删除的数据（条数）",
}


def action_label(code: str) -> str:
    return ACTION_LABELS.get(code, code)


def outcome_label(outcome: str) -> str:
    return OUTCOME_LABELS.get(outcome, outcome)


def status_label(value: str) -> str:
    """A submission status (from_status/to_status of a review entry) in Chinese."""
    from sanshen.review.models import Status

    try:
        return Status(value).label
    except ValueError:
        return value


def action_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """The action filter's options, grouped by area in the order above."""
    groups: dict[str, list[tuple[str, str]]] = {}
    for code, label in ACTION_LABELS.items():
        groups.setdefault(GROUP_LABELS.get(code.split(".")[0], "其他"), []).append((code, label))
    return list(groups.items())
