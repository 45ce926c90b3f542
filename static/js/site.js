// Every page (templates/base.html). Behaviour lives here, not in on…="" attributes: the
// Content-Security-Policy runs no inline script.
document.querySelectorAll("[data-print]").forEach((button) => {
  button.addEventListener("click", () => window.print());
});

// Pages that wait for something the server prepares ("the PDF is being prepared") reload themselves
// after data-reload-after seconds. Without JavaScript a <noscript> meta refresh does the same.
document.querySelectorAll("[data-reload-after]").forEach((element) => {
  const seconds = Number(element.dataset.reloadAfter);
  if (seconds > 0) {
    window.setTimeout(() => window.location.reload(), seconds * 1000);
  }
});
