// Completions for the search box as an ARIA combobox (WAI-ARIA 1.2 pattern):
// the box gets role=combobox and controls the listbox #q-vorschlaege; arrow
// keys move through the options (aria-activedescendant, so focus stays in
// the box), Enter takes one and searches, Escape closes the list. Without
// JavaScript the box is a plain search field.
(function () {
  "use strict";
  var form = document.querySelector("form.suche[data-suggest]");
  if (!form || !window.fetch) return;
  var input = form.querySelector("input[name=q]");
  var list = document.getElementById("q-vorschlaege");
  if (!input || !list) return;
  var url = form.getAttribute("data-suggest");
  var timer = null, last = input.value, pending = null, words = [], active = -1;

  input.setAttribute("role", "combobox");
  input.setAttribute("aria-autocomplete", "list");
  input.setAttribute("aria-controls", list.id);
  input.setAttribute("aria-expanded", "false");

  function setOpen(open) {
    list.hidden = !open;
    input.setAttribute("aria-expanded", open ? "true" : "false");
    if (!open) highlight(-1);
  }

  function highlight(i) {
    active = i;
    var items = list.children;
    for (var k = 0; k < items.length; k++) items[k].setAttribute("aria-selected", k === i ? "true" : "false");
    if (i >= 0 && items[i]) {
      input.setAttribute("aria-activedescendant", items[i].id);
      if (items[i].scrollIntoView) items[i].scrollIntoView({ block: "nearest" });
    } else {
      input.removeAttribute("aria-activedescendant");
    }
  }

  function show(found) {
    words = found;
    while (list.firstChild) list.removeChild(list.firstChild);
    found.forEach(function (w, i) {
      var option = document.createElement("li");
      option.id = "q-vorschlag-" + i;
      option.setAttribute("role", "option");
      option.setAttribute("aria-selected", "false");
      option.textContent = w;  // text, never markup
      // mousedown, not click: the box keeps its focus.
      option.addEventListener("mousedown", function (e) { e.preventDefault(); take(i); });
      list.appendChild(option);
    });
    active = -1;
    setOpen(found.length > 0 && document.activeElement === input);
  }

  function take(i) {
    input.value = words[i];
    last = input.value;
    setOpen(false);
    if (form.requestSubmit) form.requestSubmit(); else form.submit();
  }

  function ask() {
    var q = input.value;
    if (q === last) return;
    last = q;
    if (q.trim().length < 2) { show([]); return; }
    if (pending) pending.abort();
    pending = window.AbortController ? new AbortController() : null;
    fetch(url + "?q=" + encodeURIComponent(q), pending ? { signal: pending.signal } : {})
      .then(function (r) { return r.ok ? r.json() : { suggestions: [] }; })
      .then(function (j) { if (input.value === q) show(j.suggestions || []); })
      .catch(function () { /* offline or aborted: no completions */ });
  }

  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(ask, 120);
  });

  input.addEventListener("keydown", function (e) {
    var n = list.children.length;
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      if (n === 0) return;
      e.preventDefault();
      if (list.hidden) { setOpen(true); highlight(e.key === "ArrowDown" ? 0 : n - 1); return; }
      highlight(e.key === "ArrowDown" ? (active + 1) % n : (active <= 0 ? n - 1 : active - 1));
    } else if (e.key === "Enter") {
      if (!list.hidden && active >= 0) { e.preventDefault(); take(active); }
    } else if (e.key === "Escape") {
      if (!list.hidden) { e.preventDefault(); setOpen(false); }
    } else if (e.key === "Tab") {
      setOpen(false);
    }
  });

  input.addEventListener("blur", function () { setOpen(false); });
})();
