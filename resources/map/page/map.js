// The public followers map (GET /map): shows the organisations of a dot on hover, tap or focus.
// Inline in the page, allowed by its hash in the CSP. Names are set as text, never as HTML.
(function () {
  "use strict";
  var figure = document.querySelector(".map");
  var tip = document.getElementById("tip");
  if (!figure || !tip) return;
  var current = null;

  function show(dot, x, y) {
    if (current && current !== dot) current.classList.remove("on");
    current = dot;
    dot.classList.add("on");
    tip.textContent = "";
    var place = document.createElement("strong");
    place.textContent = dot.getAttribute("data-place");
    var names = document.createElement("span");
    names.textContent = dot.getAttribute("data-names");
    tip.appendChild(place);
    tip.appendChild(names);
    tip.hidden = false;
    var box = figure.getBoundingClientRect();
    if (x === undefined) {
      var r = dot.getBoundingClientRect();
      x = r.left + r.width / 2;
      y = r.top + r.height / 2;
    }
    var left = x - box.left + 12;
    var top = y - box.top + 12;
    if (left + tip.offsetWidth > box.width) left = Math.max(0, x - box.left - tip.offsetWidth - 12);
    if (top + tip.offsetHeight > box.height) top = Math.max(0, y - box.top - tip.offsetHeight - 12);
    tip.style.left = left + "px";
    tip.style.top = top + "px";
  }

  function hide() {
    if (current) current.classList.remove("on");
    current = null;
    tip.hidden = true;
  }

  function dotOf(event) {
    return event.target.closest ? event.target.closest(".dot") : null;
  }

  figure.addEventListener("pointerover", function (e) {
    var dot = dotOf(e);
    if (dot) show(dot, e.clientX, e.clientY);
  });
  figure.addEventListener("pointerout", function (e) {
    if (dotOf(e) && e.pointerType === "mouse") hide();
  });
  figure.addEventListener("click", function (e) {
    var dot = dotOf(e);
    if (dot) show(dot, e.clientX, e.clientY);
    else hide();
  });
  figure.addEventListener("focusin", function (e) {
    var dot = dotOf(e);
    if (dot) show(dot);
  });
  figure.addEventListener("focusout", hide);
  document.addEventListener("keydown", function (e) {
    if (e.key === "Escape") hide();
  });
})();
