// "Copy link" on the Map page (ui/share.py): copies the page's own address, which the page keeps
// equal to the state shown (place, layers, view, date, palette, rings: geo/web/urlstate.py), then
// says "Copied". navigator.clipboard where the page is a secure context (https, localhost), else a
// hidden text area and execCommand('copy'). The copied text is kept on the button (data-copied).
(function () {
  if (window.__bmShare) return;
  window.__bmShare = true;
  function fallback(text) {
    var ta = document.createElement('textarea');
    ta.value = text;
    ta.setAttribute('readonly', '');
    ta.style.position = 'fixed'; ta.style.opacity = '0'; ta.style.top = '0';
    document.body.appendChild(ta);
    ta.select();
    try { document.execCommand('copy'); } catch (e) { /* the text stays on the button */ }
    document.body.removeChild(ta);
  }
  document.addEventListener('click', function (ev) {
    var btn = ev.target && ev.target.closest ? ev.target.closest('.bm-copy-link') : null;
    if (!btn) return;
    var url = window.location.href;
    var done = function () {
      btn.textContent = 'Copied';
      btn.setAttribute('data-copied', url);
      clearTimeout(btn._bmTimer);
      btn._bmTimer = setTimeout(function () { btn.textContent = 'Copy link'; }, 6000);
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(url).then(done, function () { fallback(url); done(); });
    } else { fallback(url); done(); }
  });
})();
