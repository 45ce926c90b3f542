// Every page (templates/base.html). Behaviour lives here, not in on…="" attributes: the
// Content-Security-Policy runs no inline script.
document.querySelectorAll("[data-print]").forEach((button) => {
  button.addEventListener("click", () => window.print());
});
