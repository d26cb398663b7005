// Search statistics: which hit of a search a reader opens. Loaded only when
// the operator has statistics on (docs/privacy.md). On a click on a hit's
// link it sends the query and the hit's rank with navigator.sendBeacon to
// the result list's data-klick address; the link itself is untouched (no
// redirect, no cookie, nothing stored in the browser). It listens on the
// document, not on the list: search.js replaces the list while the reader types.
(function () {
  "use strict";
  if (!navigator.sendBeacon || !window.URLSearchParams) return;
  function send(event) {
    if (event.type === "auxclick" && event.button !== 1) return;
    var link = event.target.closest ? event.target.closest("a[href]") : null;
    var list = link ? link.closest("ol[data-klick]") : null;
    if (!list) return;
    var item = link.closest("li");
    if (!item || item.parentNode !== list) return;
    var start = parseInt(list.getAttribute("start") || "1", 10) || 1;
    var rank = start + Array.prototype.indexOf.call(list.children, item);
    navigator.sendBeacon(list.getAttribute("data-klick"),
                         new URLSearchParams({ q: list.getAttribute("data-klick-q") || "", r: String(rank) }));
  }
  document.addEventListener("click", send);
  document.addEventListener("auxclick", send);
})();
