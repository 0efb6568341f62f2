// book.js: boxes that scroll sideways (a wide table; code too long to wrap) show it.
// A box with more to its right gets the class nnl-more-right, with more to
// its left nnl-more-left; book.css fades that edge. Rechecked when the box
// scrolls or changes size (the window turns, the equations are drawn).
(() => {
  const boxes = ".bd-article .pst-scrollable-table-container, .bd-article div.highlight pre";
  // A table wider than its box also gets a line above it that says so.
  const hint = box => {
    if (!box.matches(".pst-scrollable-table-container")) return null;
    let line = box.previousElementSibling;
    if (!line || !line.classList.contains("nnl-scroll-hint")) {
      line = document.createElement("p");
      line.className = "nnl-scroll-hint";
      line.textContent = "The table is wider than the page: swipe it sideways to see every column \u2192";
      box.before(line);
    }
    return line;
  };
  const mark = box => {
    const more = box.scrollWidth - box.clientWidth;
    box.classList.toggle("nnl-more-left", more > 1 && box.scrollLeft > 1);
    box.classList.toggle("nnl-more-right", more > 1 && box.scrollLeft < more - 1);
    const line = more > 1 ? hint(box) : box.previousElementSibling;
    if (line && line.classList.contains("nnl-scroll-hint")) line.hidden = !(more > 1);
  };
  const start = () => {
    const resized = new ResizeObserver(entries => entries.forEach(entry => mark(entry.target)));
    document.querySelectorAll(boxes).forEach(box => { mark(box); resized.observe(box); });
  };
  document.addEventListener("scroll", event => {
    if (event.target instanceof Element && event.target.matches(boxes)) mark(event.target);
  }, true);
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
  window.addEventListener("load", () => document.querySelectorAll(boxes).forEach(mark));
})();
