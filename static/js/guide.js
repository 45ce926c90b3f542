// Progressive enhancement only: the guide works fully without JavaScript.
document.querySelectorAll(".js-only").forEach((el) => el.classList.remove("js-only"));
document.querySelectorAll("[data-copy]").forEach((button) => {
  button.addEventListener("click", async () => {
    const field = document.querySelector(button.dataset.copy);
    const status = document.querySelector(".copy-status");
    try {
      await navigator.clipboard.writeText(field.value);
      if (status) status.textContent = status.dataset.done || "✓";
    } catch (error) {
      field.select();
    }
  });
});
