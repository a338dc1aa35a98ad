// The course's accessibility helpers for the reading site (see course-notes.css):
// - a display formula wider than its column is made keyboard-focusable (tabindex 0) and named,
//   so that keyboard users can scroll it; re-checked when the window is resized.
(function () {
  "use strict";

  function markWideMath() {
    document.querySelectorAll('.bd-article mjx-container[display="true"]').forEach(function (box) {
      const wide = box.scrollWidth > box.clientWidth + 1;
      box.classList.toggle("course-wide-math", wide);
      if (wide) {
        box.setAttribute("tabindex", "0");
        box.setAttribute("role", "group");
        if (!box.hasAttribute("aria-label")) box.setAttribute("aria-label", "Formula, scrolls sideways");
      } else if (box.classList.contains("course-wide-math") || box.getAttribute("tabindex") === "0") {
        box.removeAttribute("tabindex");
        box.removeAttribute("role");
        box.removeAttribute("aria-label");
      }
    });
  }

  function start() {
    const math = window.MathJax && window.MathJax.startup && window.MathJax.startup.promise;
    (math || Promise.resolve()).then(markWideMath);
    let timer = null;
    window.addEventListener("resize", function () {
      clearTimeout(timer);
      timer = setTimeout(markWideMath, 150);
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
