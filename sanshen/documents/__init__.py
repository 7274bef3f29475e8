"""稿件导入导出: pure conversions between files and the sanitised HTML a submission stores."""
