// book.js: boxes that scroll sideways (a wide table; code on a phone) show it.
// A box with more to its right gets the class nnl-more-right, with more to
// its left nnl-more-left; book.css fades that edge. Rechecked when the box
// scrolls or changes size (the window turns, the equations are drawn).
(() => {
  const boxes = ".bd-article .pst-scrollable-table-container, .bd-article div.highlight pre";
  const mark = box => {
    const more = box.scrollWidth - box.clientWidth;
    box.classList.toggle("nnl-more-left", more > 1 && box.scrollLeft > 1);
    box.classList.toggle("nnl-more-right", more > 1 && box.scrollLeft < more - 1);
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
