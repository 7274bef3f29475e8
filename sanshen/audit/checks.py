"""Deployment checks of the audit chain: its key and its checkpoints must live outside the data directory."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.checks import Error, register
from django.db import connections


def _data_dirs() -> dict[str, Path]:
    """The folders whose holder could otherwise rewrite the chain and re-sign it."""
    dirs = {"SANSHEN_VAR_DIR": Path(settings.VAR_DIR), "SANSHEN_MEDIA_ROOT": Path(settings.MEDIA_ROOT)}
    db = connections["default"].settings_dict
    name = str(db["NAME"] or "")
    if db["ENGINE"].endswith("sqlite3") and name != ":memory:" and "mode=memory" not in name:
        dirs["数据库目录"] = Path(name).parent
    return dirs


def _inside(path: Path, folder: Path) -> bool:
    return path.resolve().is_relative_to(folder.resolve())


@register("security", deploy=True)
def check_audit_key(app_configs, **kwargs):
    hint = (
        "把审计密钥放在数据目录之外：设置环境变量 SANSHEN_AUDIT_KEY，或把 SANSHEN_AUDIT_KEY_FILE 指向数据目录、"
        "上传目录和数据库目录之外的文件（仅运行账号可读，0600），并另行保管一份副本"
    )
    errors = []
    key = settings.SANSHEN_AUDIT_KEY
    key_file = Path(settings.SANSHEN_AUDIT_KEY_FILE)
    if not key and key_file.is_file():
        key = key_file.read_text(encoding="utf-8").strip()
    if key and key == settings.SECRET_KEY:
        errors.append(Error("审计密钥与 SECRET_KEY 相同：持有数据目录的人可以重新签名审计日志", hint=hint, id="sanshen.audit.E001"))
    if not settings.SANSHEN_AUDIT_KEY:
        for name, folder in _data_dirs().items():
            if _inside(key_file, folder):
                errors.append(Error(f"审计密钥文件 {key_file} 位于 {name}（{folder}）之内", hint=hint, id="sanshen.audit.E001"))
    checkpoint_dir = Path(settings.SANSHEN_AUDIT_CHECKPOINT_DIR)
    for name, folder in _data_dirs().items():
        if _inside(checkpoint_dir, folder):
            errors.append(Error(
                f"审计检查点目录 {checkpoint_dir} 位于 {name}（{folder}）之内",
                hint="把 SANSHEN_AUDIT_CHECKPOINT_DIR 设为数据目录之外的单独目录（最好另一块盘或另一台机器挂载），并定期打印检查点",
                id="sanshen.audit.E002",
            ))  # fmt: skip
    return errors
