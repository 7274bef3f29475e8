from django.core.management.base import BaseCommand, CommandError

from sanshen.review.workflow import verify_published_items


class Command(BaseCommand):
    help = (
        "核对全部已发布稿件：每项必需的签发都针对所发布的内容（内容校验码）、无禁止类机审问题、报请均已答复且无异议、"
        "特级信息已批示并备案、审签表完整；附件与图片按校验码重新读取核对。发现任何问题时以非零状态退出。"
    )

    def handle(self, *args, **options):
        checked, failures = verify_published_items()
        for submission, blockers in failures:
            self.stdout.write(f"《{submission.title}》（编号 {submission.pk}，{submission.unit.name}）：")
            for b in blockers:
                self.stdout.write(f"  [{b.code}] {b.message}")
        if failures:
            raise CommandError(f"已发布稿件核对未通过：核对 {checked} 篇，{len(failures)} 篇有问题。")
        self.stdout.write(f"已发布稿件核对通过：核对 {checked} 篇，均与签发内容一致。")
