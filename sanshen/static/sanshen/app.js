// A small rich-text editor over the body textarea: the server sanitises whatever arrives.
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("textarea.rich-source").forEach(function (source) {
    var wrap = source.closest(".editor-wrap");
    if (!wrap) return;
    var editor = wrap.querySelector(".editor");
    var toolbar = wrap.querySelector(".toolbar");
    editor.innerHTML = source.value;
    // Enter starts a <p>, not a <div> (the server makes paragraphs of whatever arrives, too).
    document.execCommand("defaultParagraphSeparator", false, "p");
    editor.hidden = false;
    toolbar.hidden = false;
    source.hidden = true;
    toolbar.querySelectorAll("button[data-cmd]").forEach(function (b) {
      b.addEventListener("click", function () {
        document.execCommand(b.dataset.cmd, false, b.dataset.arg || null);
        editor.focus();
      });
    });
    var sync = function () { source.value = editor.innerHTML; };
    editor.addEventListener("input", sync);
    source.form.addEventListener("submit", sync);
  });

  // A highlighted word in the text leads to its entry in the 机审结果 list.
  document.querySelectorAll(".body-text mark[data-finding]").forEach(function (mark) {
    mark.title = "查看机审结果";
    mark.addEventListener("click", function () {
      var item = document.getElementById("f" + mark.dataset.finding);
      if (item) {
        item.scrollIntoView({ block: "center" });
        history.replaceState(null, "", "#" + item.id);
        item.classList.add("flash");
        setTimeout(function () { item.classList.remove("flash"); }, 1500);
      }
    });
  });
});

// The repost fields only matter for a repost: shown when 本稿为转载 is ticked (always shown without JS).
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("fieldset.repost").forEach(function (box) {
    var tick = box.querySelector("input[name=is_repost]");
    var fields = box.querySelector(".repost-fields");
    if (!tick || !fields) return;
    var show = function () { fields.hidden = !tick.checked; };
    tick.addEventListener("change", show);
    show();
  });
});

// 导入文档 before a 发布目标 is chosen: say which field is missing instead of sending the file off to be refused.
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("button[data-import]").forEach(function (button) {
    var form = button.form;
    var message = button.parentNode.querySelector(".import-message");
    button.addEventListener("click", function (event) {
      var target = form.querySelector("select[name=target]");
      var file = form.querySelector("input[name=docx]");
      var kept = form.querySelector(".kept-file");
      var missing = [];
      if (target && !target.value) missing.push("“发布目标”");
      if (file && !file.files.length && !kept) missing.push("“Word 文档”");
      if (missing.length) {
        event.preventDefault();
        if (message) message.textContent = "请先选择" + missing.join("和") + "，再点“导入文档”。所选文件会保留。";
        (target && !target.value ? target : file).focus();
      }
    });
  });
});
