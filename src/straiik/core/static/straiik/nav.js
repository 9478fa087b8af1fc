// The menu on a small screen: folded behind one button (responsive.css). Without JavaScript the menu simply
// stays open, so nothing depends on this file. No inline handlers (Content-Security-Policy).
(function () {
  const bar = document.querySelector(".topbar");
  const toggle = document.getElementById("nav-toggle");
  if (!bar || !toggle) return;
  bar.classList.add("collapsible");
  const set = (open) => {
    bar.classList.toggle("open", open);
    toggle.setAttribute("aria-expanded", open ? "true" : "false");
  };
  toggle.addEventListener("click", () => set(toggle.getAttribute("aria-expanded") !== "true"));
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && bar.classList.contains("open")) {
      set(false);
      toggle.focus();
    }
  });
})();
