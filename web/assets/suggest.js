// Search-as-you-type on top of the server-rendered page: completions from
// /api/suggest fill the search box's <datalist>. Without JavaScript the page
// works the same, only without completions.
(function () {
  "use strict";
  var form = document.querySelector("form.suche[data-suggest]");
  if (!form || !window.fetch) return;
  var input = form.querySelector("input[name=q]");
  var list = document.getElementById("q-vorschlaege");
  if (!input || !list) return;
  var url = form.getAttribute("data-suggest");
  var timer = null, last = "", pending = null;

  function show(words) {
    while (list.firstChild) list.removeChild(list.firstChild);
    words.forEach(function (w) {
      var option = document.createElement("option");
      option.value = w;  // a value, never markup
      list.appendChild(option);
    });
  }

  function ask() {
    var q = input.value;
    if (q === last) return;
    last = q;
    if (q.trim().length < 2) { show([]); return; }
    if (pending && pending.abort) pending.abort();
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
})();
