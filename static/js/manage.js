// Coordinators' pages: a live Markdown preview of the "What to do" fields (the Preview button works
// without JavaScript too). The HTML comes sanitised from the server (manage:markdown_preview).
(function () {
  "use strict";
  const form = document.querySelector("form[data-markdown-preview-url]");
  if (!form) return;
  const url = form.dataset.markdownPreviewUrl;
  const token = form.querySelector("input[name=csrfmiddlewaretoken]");
  const box = document.getElementById("markdown-preview");
  form.querySelectorAll("textarea[data-markdown-preview]").forEach(function (field) {
    let timer = null;
    field.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        const body = new URLSearchParams({ text: field.value });
        fetch(url, { method: "POST", body: body, headers: { "X-CSRFToken": token.value }, credentials: "same-origin" })
          .then(function (response) { return response.ok ? response.text() : null; })
          .then(function (html) {
            if (html === null || !box) return;
            let target = box.querySelector('[data-preview-for="' + field.id + '"]');
            if (!target) {
              const column = document.createElement("div");
              column.className = "col-12 col-lg-6";
              target = document.createElement("div");
              target.className = "border rounded p-2 markdown-preview";
              target.dataset.previewFor = field.id;
              column.appendChild(target);
              box.appendChild(column);
            }
            target.innerHTML = html; // sanitised by nh3 on the server
          });
      }, 400);
    });
  });
})();
