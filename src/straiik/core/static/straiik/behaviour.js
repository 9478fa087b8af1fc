// Behaviour the templates ask for with data attributes, so that no page carries an inline script or an
// inline event handler (the Content-Security-Policy allows scripts from this site only: script-src 'self').
//   data-autosubmit            on a field: submit its form when it changes (the language menu)
//   data-confirm="question"    on a form: ask before submitting
//   data-append-to="id" data-append-code="x"   on a button: append x to the field with that id
//   data-width-pct / data-max-width-px / data-height-px: sizes set through the CSS object model, which the
//   policy allows, instead of style attributes, which it does not (style-src 'self').
(function () {
  "use strict";

  function size(root) {
    root.querySelectorAll("[data-width-pct]").forEach(function (el) {
      el.style.width = el.dataset.widthPct + "%";
    });
    root.querySelectorAll("[data-max-width-px]").forEach(function (el) {
      el.style.maxWidth = el.dataset.maxWidthPx + "px";
    });
    root.querySelectorAll("[data-height-px]").forEach(function (el) {
      el.style.height = el.dataset.heightPx + "px";
    });
  }

  document.addEventListener("change", function (event) {
    var field = event.target.closest && event.target.closest("[data-autosubmit]");
    if (field && field.form) {
      field.form.submit();
    }
  });

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.dataset && form.dataset.confirm && !window.confirm(form.dataset.confirm)) {
      event.preventDefault();
    }
  }, true);

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-append-code]");
    if (!button) {
      return;
    }
    var field = document.getElementById(button.dataset.appendTo);
    if (field) {
      field.value = (field.value.trim() + " " + button.dataset.appendCode).trim();
    }
  });

  document.addEventListener("DOMContentLoaded", function () { size(document); });
  // htmx 2 fires htmx:load on every piece of content it swaps in
  document.addEventListener("htmx:load", function (event) { size(event.target); });
}());
