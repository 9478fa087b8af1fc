// Pan (drag) and zoom (wheel) for the supply-network picture; no library, works offline.
(function () {
  const svg = document.getElementById("network-picture");
  if (!svg) return;
  const full = [0, 0, Number(svg.dataset.width), Number(svg.dataset.height)];
  let box = full.slice();
  const apply = () => svg.setAttribute("viewBox", box.join(" "));
  svg.addEventListener("wheel", (event) => {
    event.preventDefault();
    const rect = svg.getBoundingClientRect();
    const fx = (event.clientX - rect.left) / rect.width, fy = (event.clientY - rect.top) / rect.height;
    const scale = event.deltaY > 0 ? 1.15 : 1 / 1.15;
    const w = Math.min(full[2] * 4, Math.max(100, box[2] * scale)), h = w * box[3] / box[2];
    box = [box[0] + (box[2] - w) * fx, box[1] + (box[3] - h) * fy, w, h];
    apply();
  }, { passive: false });
  let start = null;
  svg.addEventListener("pointerdown", (event) => {
    if (event.target.closest(".node")) return;
    start = { x: event.clientX, y: event.clientY, box: box.slice() };
    svg.setPointerCapture(event.pointerId);
  });
  svg.addEventListener("pointermove", (event) => {
    if (!start) return;
    const rect = svg.getBoundingClientRect();
    const k = box[2] / rect.width;
    box = [start.box[0] - (event.clientX - start.x) * k, start.box[1] - (event.clientY - start.y) * k, box[2], box[3]];
    apply();
  });
  svg.addEventListener("pointerup", () => { start = null; });
  svg.addEventListener("dblclick", () => { box = full.slice(); apply(); });
  svg.addEventListener("click", (event) => {
    const node = event.target.closest(".node");
    if (!node) return;
    svg.querySelectorAll(".node.selected").forEach((n) => n.classList.remove("selected"));
    node.classList.add("selected");
  });
})();
