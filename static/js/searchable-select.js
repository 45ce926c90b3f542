// Long selects (institutions, steps) become searchable with Tom Select (node_modules, served as
// vendor/tom-select). Progressive enhancement: without JavaScript, or if Tom Select did not load, they
// stay plain <select> elements that submit the same values. Marked up by the form:
//   <select data-searchable data-searchable-none="…" data-searchable-help="…">
// data-searchable-none: the text shown when nothing matches; data-searchable-help replaces the field's
// "hold Ctrl" hint, which no longer applies once the select is searchable.
(() => {
  if (typeof window.TomSelect === "undefined") {
    return;
  }
  const message = (className, text) => {
    const element = document.createElement("div");
    element.className = className;
    element.textContent = text;
    return element;
  };
  document.querySelectorAll("select[data-searchable]").forEach((select) => {
    if (select.tomselect) {
      return;
    }
    const none = select.dataset.searchableNone || "";
    // Tom Select points the <label> at its search field; the hidden select keeps its name for
    // assistive technology that still finds it
    const name = select.labels.length ? select.labels[0].textContent.replace(/\s+/g, " ").trim() : "";
    new window.TomSelect(select, {
      plugins: select.multiple ? ["remove_button"] : [],
      maxOptions: null, // every option can be found, not only the first fifty
      allowEmptyOption: true,
      hidePlaceholder: true,
      closeAfterSelect: !select.multiple,
      render: {
        // DOM nodes, not HTML strings: nothing typed or named is ever parsed as markup
        no_results: () => message("no-results", none),
      },
    });
    if (name) {
      select.setAttribute("aria-label", name);
    }
    const help = select.dataset.searchableHelp;
    const hint =
      document.getElementById(`${select.id}_helptext`) || document.getElementById(`hint_${select.id}`);
    if (help && hint) {
      hint.textContent = help;
    }
  });
})();
