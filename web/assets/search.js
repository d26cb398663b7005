// Results while typing, on top of the server-rendered page: ~150 ms after
// the last keystroke the page for the form's search is fetched and its
// <main> replaces this one (the server draws it, timeline included, as for a
// plain request). A newer request aborts the one in flight; the URL follows
// (the first change after a page load adds a history entry, later ones
// replace it), so the back button and shared links work. The count of hits
// is announced in the live region #suche-status. Without JavaScript the form
// submits as usual.
(function () {
  "use strict";
  var form = document.querySelector("form.suche");
  var input = form && form.querySelector("input[name=q]");
  var status = document.getElementById("suche-status");
  if (!input || !status || !window.fetch || !window.DOMParser || !window.AbortController || !window.URLSearchParams ||
      !history.pushState) return;
  var timer = null, pending = null, typing = false, shown = location.href;

  function urlOfForm() {
    var params = new URLSearchParams();
    var fields = form.elements;
    for (var i = 0; i < fields.length; i++) {
      var f = fields[i];
      if (!f.name || f.disabled) continue;
      var v = f.name === "q" ? f.value.trim() : f.value;
      if (v !== "") params.append(f.name, v);
    }
    var query = params.toString();
    return new URL(form.getAttribute("action") + (query ? "?" + query : ""), location.href).href;
  }


  // Fetch `url`'s page and show its <main>; `history`: "push", "replace" or "".
  function load(url, how) {
    if (pending) pending.abort();
    pending = new AbortController();
    var main = document.getElementById("inhalt");
    if (main) main.setAttribute("aria-busy", "true");
    fetch(url, { signal: pending.signal, headers: { Accept: "text/html" }, credentials: "same-origin" })
      .then(function (r) { return r.text(); })
      .then(function (text) {
        var doc = new DOMParser().parseFromString(text, "text/html");
        var fresh = doc.getElementById("inhalt");
        var current = document.getElementById("inhalt");
        if (!fresh || !current) return;
        var h1 = fresh.querySelector("h1");  // "12 Treffer für „Hafen“": what the live region announces
        current.replaceWith(document.adoptNode(fresh));
        document.title = doc.title;
        shown = url;
        if (how === "push") history.pushState({ suche: true }, "", url);
        else if (how === "replace") history.replaceState({ suche: true }, "", url);
        status.textContent = h1 ? h1.textContent : "";
      })
      .catch(function () {
        var current = document.getElementById("inhalt");
        if (current) current.removeAttribute("aria-busy");  // aborted by a newer one, or offline
      });
  }

  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () {
      var url = urlOfForm();
      if (url === shown) return;
      load(url, typing ? "replace" : "push");
      typing = true;
    }, 150);
  });

  // A submitted search ends this run of typing: the next one adds an entry.
  form.addEventListener("submit", function () { clearTimeout(timer); typing = false; });

  window.addEventListener("popstate", function () {
    clearTimeout(timer);
    typing = false;
    var q = new URL(location.href).searchParams.get("q") || "";
    input.value = q;
    load(location.href, "");
  });
})();
