// Search statistics: which hit of a search a reader opens. Loaded only when
// the operator has statistics on (docs/privacy.md). On a click on a hit's
// link it sends the query and the hit's rank with navigator.sendBeacon to
// the result list's data-klick address; the link itself is untouched (no
// redirect, no cookie, nothing stored in the browser).
(function () {
  "use strict";
  if (!navigator.sendBeacon || !window.URLSearchParams) return;
  var lists = document.querySelectorAll("ol[data-klick]");
  Array.prototype.forEach.call(lists, function (list) {
    var url = list.getAttribute("data-klick");
    var q = list.getAttribute("data-klick-q") || "";
    var start = parseInt(list.getAttribute("start") || "1", 10) || 1;
    function send(event) {
      if (event.type === "auxclick" && event.button !== 1) return;
      var link = event.target.closest ? event.target.closest("a[href]") : null;
      if (!link || !list.contains(link)) return;
      var item = link.closest("li");
      if (!item || item.parentNode !== list) return;
      var rank = start + Array.prototype.indexOf.call(list.children, item);
      navigator.sendBeacon(url, new URLSearchParams({ q: q, r: String(rank) }));
    }
    list.addEventListener("click", send);
    list.addEventListener("auxclick", send);
  });
})();
