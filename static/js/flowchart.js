// The flowchart page (cases/flowchart.html). Progressive enhancement: the picture and its text version
// work without JavaScript.

// The picture's natural width (Graphviz's, in px) bounds how far CSS scales it (--fc-width in site.css).
// Set here through the CSSOM because the Content-Security-Policy allows no style="" attribute.
document.querySelectorAll(".flowchart-svg[data-natural-width]").forEach((svg) => {
  svg.style.setProperty("--fc-width", `${svg.dataset.naturalWidth}px`);
});

// Open the chart where the (highlighted) path starts, not on an empty corner (also when a phone opens
// the canvas from its step list, which shows it by #flowchart-canvas).
function centreFlowchart() {
  const box = document.querySelector(".flowchart-wrapper");
  if (!box) return;
  const node = box.querySelector("g.node.on-path") || document.getElementById(box.dataset.startNode);
  if (!node || box.scrollWidth <= box.clientWidth) return;
  const b = node.getBoundingClientRect();
  const w = box.getBoundingClientRect();
  let shift = b.left + b.width / 2 - (w.left + w.width / 2);
  // but never past the left edge of the node's stage, whose label would be cut ("дентифициране…")
  const stage = Array.from(box.querySelectorAll("g.cluster")).find((g) => {
    const c = g.getBoundingClientRect();
    return c.left <= b.left && c.right >= b.right && c.top <= b.top && c.bottom >= b.bottom;
  });
  if (stage) shift = Math.min(shift, stage.getBoundingClientRect().left - w.left - 4);
  box.scrollLeft += shift;
}

if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", centreFlowchart);
} else {
  centreFlowchart();
}
window.addEventListener("hashchange", centreFlowchart);
