// Audience view: wait for the room's next version on the app server (a long poll,
// geo/briefing/follow.py), then rerun the page's follow fragment by clicking its hidden button.
// No rerun while the presenter stays on a scene. The room and the version this page shows are in
// the JSON block #bm-follow (the server's own values); each new version brings a new frame, whose
// script takes over from the old one (window.parent.document.__bmFollow names the owner).
(function () {
  const cfg = JSON.parse(document.getElementById('bm-follow').textContent);
  const doc = window.parent.document;
  doc.__bmFollow = window;
  const url = '/api/briefing/rooms/' + encodeURIComponent(cfg.room) + '/version?after=' + cfg.version;
  const mine = () => doc.__bmFollow === window;
  const sleep = ms => new Promise(r => setTimeout(r, ms));
  function rerun() {
    const b = doc.querySelector('.st-key-bm_follow button');
    if (b && mine()) b.click();
  }
  (async function loop() {
    let delay = 500;
    while (mine()) {
      const t0 = Date.now();
      try {
        const r = await fetch(url, {cache: 'no-store', credentials: 'same-origin'});
        if (!mine()) return;
        if (r.status === 200) {
          const j = await r.json();
          if (j.version !== cfg.version || j.ended) { rerun(); return; }
          delay = 500;
          if (Date.now() - t0 < 1000) await sleep(1000);  // answered early with no change (a busy server): pace the next ask
          continue;
        }
        if (r.status === 404) { rerun(); return; }  // expired or swept: the page says so
      } catch (e) { /* the server restarts, or the route is not there: fall back to rerunning */ }
      await sleep(delay);
      delay = Math.min(delay * 2, 4000);
      rerun();  // read the room through the page itself (the fragment's rerun brings a fresh frame)
    }
  })();
})();
