// A small rich-text editor over the body textarea: the server sanitises whatever arrives.
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("textarea.rich-source").forEach(function (source) {
    var wrap = source.closest(".editor-wrap");
    if (!wrap) return;
    var editor = wrap.querySelector(".editor");
    var toolbar = wrap.querySelector(".toolbar");
    editor.innerHTML = source.value;
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
});
