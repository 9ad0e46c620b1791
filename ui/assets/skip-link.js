// "Skip to search": the page's first Tab stop, shown only while it has focus (like Streamlit's own
// skip link); Enter moves the focus into the Map page's place search box (the selectbox keyed
// "search"). Static: reads no data. Put first in the body, outside Streamlit's React tree, by
// ui.skiplink.skip_to_search; app.css hides it on pages without the search box.
// No "less than" sign anywhere in this file: Streamlit's HTML sanitiser drops a script whose text has one before a letter.
(function () {
  var doc = window.parent && window.parent !== window ? window.parent.document : document;
  if (doc.getElementById("bm-skip")) return;
  var a = doc.createElement("a");
  a.id = "bm-skip";
  a.className = "bm-skip";
  a.href = "#";
  a.textContent = "Skip to search";
  a.addEventListener("click", function (e) {
    e.preventDefault();
    var box = doc.querySelector(".st-key-search input");
    if (box) box.focus();
  });
  doc.body.insertBefore(a, doc.body.firstChild);
})();
