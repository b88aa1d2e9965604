// newstrace web UI: the details panel of the article page. Reads the record from the clicked mark's
// data-f-* attributes and writes it with textContent only (never as HTML).
(function () {
  "use strict";
  var body = document.getElementById("details-body");
  if (!body) return;
  var TITLES = { quote: "Quote", speaker: "Speaker", figure: "Figure", date: "Date", place: "Place",
                 entity: "Person or organisation", citation: "Citation" };

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function describe(mark) {
    var box = el("div", "rec rec-" + mark.dataset.kind);
    box.appendChild(el("h3", "", TITLES[mark.dataset.kind] || mark.dataset.kind));
    var dl = el("dl");
    for (var i = 0; i < mark.attributes.length; i++) {
      var a = mark.attributes[i];
      if (a.name.indexOf("data-f-") !== 0) continue;
      var name = a.name.slice(7).replace(/-/g, " ");
      if (name === "text") { box.appendChild(el("blockquote", "", a.value)); continue; }
      dl.appendChild(el("dt", "", name));
      dl.appendChild(el("dd", "f-" + a.name.slice(7), a.value));
    }
    box.appendChild(dl);
    var href = mark.dataset.href;
    if (href && href.charAt(0) === "/" && href.charAt(1) !== "/") {
      var link = el("a", "more", (mark.dataset.link || "More") + " →");
      link.href = href;
      box.appendChild(link);
    }
    return box;
  }

  function show(mark) {
    var chain = [];
    for (var m = mark; m; m = m.parentElement && m.parentElement.closest(".hl")) chain.push(m);
    document.querySelectorAll(".hl.selected").forEach(function (x) { x.classList.remove("selected"); });
    document.querySelectorAll('.hl[data-rec="' + mark.dataset.rec + '"]').forEach(function (x) {
      x.classList.add("selected");
    });
    body.replaceChildren.apply(body, chain.map(describe));
  }

  document.addEventListener("click", function (ev) {
    var link = ev.target.closest("a.rec-link");
    if (link) {
      var first = document.querySelector('.hl[data-rec="' + link.dataset.rec + '"]');
      if (first) {
        ev.preventDefault();
        first.scrollIntoView({ block: "center" });
        show(first);
      }
      return;
    }
    if (ev.target.closest("a")) return;
    var mark = ev.target.closest(".hl");
    if (mark) show(mark);
  });
  document.addEventListener("keydown", function (ev) {
    var mark = ev.target.closest && ev.target.closest(".hl");
    if (mark && (ev.key === "Enter" || ev.key === " ")) { ev.preventDefault(); show(mark); }
  });
  var target = location.hash ? document.getElementById(decodeURIComponent(location.hash.slice(1))) : null;
  if (target && target.classList.contains("hl")) show(target);
})();
