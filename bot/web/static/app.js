// modbot review app: keyboard shortcuts, bulk selection, confirmation of destructive buttons.
// Served as a static file so the Content-Security-Policy can forbid every inline script.
"use strict";

(function () {
  function typing(el) {
    return el && (el.tagName === "INPUT" || el.tagName === "TEXTAREA" || el.tagName === "SELECT" || el.isContentEditable);
  }

  // -- queue: current item, selection, bulk buttons --------------------------------------------------
  const items = Array.from(document.querySelectorAll(".q-item"));
  let current = -1;

  function setCurrent(i) {
    if (!items.length) return;
    current = Math.max(0, Math.min(items.length - 1, i));
    items.forEach((el, j) => el.classList.toggle("current", j === current));
    items[current].scrollIntoView({ block: "nearest" });
    items[current].focus({ preventScroll: true });
  }

  const picks = Array.from(document.querySelectorAll("input.pick"));
  const selectAll = document.getElementById("select-all");
  const counter = document.getElementById("selected-count");
  const bulkButtons = Array.from(document.querySelectorAll(".bulk-btn"));

  function refreshBulk() {
    const n = picks.filter((p) => p.checked).length;
    if (counter) counter.textContent = n + " selected";
    bulkButtons.forEach((b) => { b.disabled = n === 0; });
    if (selectAll) selectAll.checked = n > 0 && n === picks.length;
  }
  picks.forEach((p) => p.addEventListener("change", refreshBulk));
  if (selectAll) {
    selectAll.addEventListener("change", () => {
      picks.forEach((p) => { p.checked = selectAll.checked; });
      refreshBulk();
    });
  }
  refreshBulk();

  // -- confirmation for destructive buttons (data-confirm) ----------------------------------------------
  document.addEventListener("click", (ev) => {
    const btn = ev.target.closest("[data-confirm]");
    if (btn && !window.confirm(btn.getAttribute("data-confirm"))) {
      ev.preventDefault();
    }
  });

  // -- keys help ------------------------------------------------------------------------------------------
  const help = document.getElementById("keys-help");
  function toggleHelp() { if (help) help.hidden = !help.hidden; }
  document.querySelectorAll("[data-keys-toggle]").forEach((b) => b.addEventListener("click", toggleHelp));

  // -- keyboard -----------------------------------------------------------------------------------------
  let pendingG = false;
  document.addEventListener("keydown", (ev) => {
    if (ev.ctrlKey || ev.metaKey || ev.altKey) return;
    if (typing(document.activeElement)) {
      if (ev.key === "Escape") document.activeElement.blur();
      return;
    }
    const key = ev.key;
    if (pendingG) {
      pendingG = false;
      if (key === "q") { window.location.href = "/queue"; ev.preventDefault(); }
      return;
    }
    if (key === "g") { pendingG = true; return; }
    if (key === "?") { toggleHelp(); ev.preventDefault(); return; }
    if (key === "/") {
      const search = document.getElementById("search");
      if (search) { search.focus(); ev.preventDefault(); }
      return;
    }
    if (items.length) {
      if (key === "j") { setCurrent(current + 1); ev.preventDefault(); return; }
      if (key === "k") { setCurrent(current - 1); ev.preventDefault(); return; }
      if ((key === "Enter" || key === "o") && current >= 0) {
        window.location.href = items[current].getAttribute("data-href");
        ev.preventDefault();
        return;
      }
      if (key === "x" && current >= 0) {
        const box = items[current].querySelector("input.pick");
        if (box) { box.checked = !box.checked; refreshBulk(); }
        ev.preventDefault();
        return;
      }
    }
    if (key === "n") {
      const note = document.getElementById("note");
      if (note) { note.focus(); ev.preventDefault(); }
      return;
    }
    const button = document.querySelector('#decide-form button[data-key="' + CSS.escape(key) + '"]');
    if (button && !button.disabled) {
      ev.preventDefault();
      button.click();
    }
  });
})();
