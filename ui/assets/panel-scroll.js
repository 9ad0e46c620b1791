// Phones (narrow screens): the panel sits below the map, so after a tap on the map bring the selected
// place's panel into view. Static: reads no data; run by ui.map.scroll_to_panel once per new selection.
(function () {
  if (window.innerWidth > 640) return;
  var tries = 0;
  (function go() {
    var head = document.querySelector(".bm-panel-head");
    if (head) { head.scrollIntoView({ block: "start", behavior: "auto" }); return; }
    if (++tries < 20) setTimeout(go, 100);
  })();
})();
