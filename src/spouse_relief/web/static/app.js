// Small improvements only: every page works without this script.
(function () {
  "use strict";

  // Exit this page: leave at once, and take this site out of the tab's back history.
  function quickExit(event) {
    var link = event.target.closest && event.target.closest("[data-quick-exit]");
    if (!link) { return; }
    event.preventDefault();
    document.body.style.visibility = "hidden";
    try { window.open(link.href, "_blank", "noopener,noreferrer"); } catch (ignored) { /* a blocked pop-up is fine */ }
    window.location.replace(link.href);
  }
  document.addEventListener("click", quickExit);
  // Pressing Escape three times in a row also leaves.
  var escapes = 0, escapeTimer = null;
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") { return; }
    var link = document.querySelector("[data-quick-exit]");
    if (!link) { return; }
    escapes += 1;
    clearTimeout(escapeTimer);
    escapeTimer = setTimeout(function () { escapes = 0; }, 2000);
    if (escapes >= 3) { link.click(); }
  });

  document.addEventListener("submit", function (event) {
    var question = event.target.getAttribute("data-confirm");
    if (question && !window.confirm(question)) { event.preventDefault(); }
  });

  // "I am not sure" and the other boxes of one question exclude each other.
  document.addEventListener("change", function (event) {
    var box = event.target;
    if (box.type !== "checkbox" || !box.checked) { return; }
    var group = box.closest("fieldset");
    if (!group) { return; }
    group.querySelectorAll('input[type="checkbox"][name="' + box.name + '"]').forEach(function (other) {
      if (other !== box && (box.hasAttribute("data-exclusive") || other.hasAttribute("data-exclusive"))) { other.checked = false; }
    });
  });

  document.addEventListener("DOMContentLoaded", function () {
    var summary = document.querySelector(".error-summary");
    if (summary) {
      summary.focus();
      // A link in the summary moves focus to the field itself (the first control of a group),
      // keeping its label or question in view.
      summary.addEventListener("click", function (event) {
        var link = event.target.closest("a[href^='#']");
        if (!link) { return; }
        var target = document.getElementById(link.getAttribute("href").slice(1));
        if (!target) { return; }
        var control = target.matches("input, select, textarea") ? target : target.querySelector("input, select, textarea");
        if (!control) { return; }
        event.preventDefault();
        var group = control.closest("fieldset");
        var heading = (group && group.querySelector("legend")) || document.querySelector('label[for="' + control.id + '"]') || control;
        heading.scrollIntoView();
        control.focus({ preventScroll: true });
      });
    }
    document.querySelectorAll("a[data-back]").forEach(function (link) {
      link.addEventListener("click", function (event) { event.preventDefault(); history.back(); });
    });
  });
}());
