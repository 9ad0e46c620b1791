// The briefing's follower (ui.briefing.follow_room): waits for the room's next version on the app
// server (a long poll, geo/briefing/follow.py).
// - audience: when the version changes, rerun the page's follow fragment by clicking its hidden
//   button; no rerun while the presenter stays on a scene;
// - presenter: only notice that the server went away and came back (a restart): then rerun the page,
//   so the console takes its room again at once (Streamlit does not rerun a page on reconnecting).
// The room, the version shown and the mode are in the JSON block #bm-follow (the server's own
// values). Each new version brings a new frame, whose script takes over from the old one
// (window.parent.document.__bmFollow names the owner).
(function () {
  const cfg = JSON.parse(document.getElementById('bm-follow').textContent);
  const doc = window.parent.document;
  const follow = cfg.mode !== 'presenter';
  doc.__bmFollow = window;
  const mine = () => doc.__bmFollow === window;
  const sleep = ms => new Promise(r => setTimeout(r, ms));
  const ask = v => '/api/briefing/rooms/' + encodeURIComponent(cfg.room) + '/version?after=' + v;
  function rerun() {
    const b = doc.querySelector('.st-key-bm_follow button');
    if (b && mine()) b.click();
  }
  async function reconnected() {  // the page's own connection is back once Streamlit's "connection error" dialog is gone
    for (let i = 0; i < 150 && doc.querySelector('[data-testid="stDialog"]'); i++) await sleep(200);
    await sleep(300);
  }
  (async function loop() {
    let version = cfg.version, delay = 500, failures = 0;
    while (mine()) {
      const t0 = Date.now();
      try {
        const r = await fetch(ask(version), {cache: 'no-store', credentials: 'same-origin'});
        if (!mine()) return;
        if (failures && r.status !== 503) {  // the server is back after an outage (a restart): rerun the page
          failures = 0;
          await reconnected();
          rerun();
          if (follow) return;
          continue;
        }
        if (r.status === 200) {
          const j = await r.json();
          if (j.version !== version || j.ended) {
            if (follow) { rerun(); return; }
            version = j.version;
          }
          delay = 500;
          if (Date.now() - t0 < 1000) await sleep(1000);  // answered early with no change (a busy server): pace the next ask
          continue;
        }
        if (r.status === 404) {  // expired or swept: the page says so
          if (follow) { rerun(); return; }
          await sleep(5000);
          continue;
        }
      } catch (e) { failures++; }  // the server restarts, or the route is not there
      await sleep(delay);
      delay = Math.min(delay * 2, 4000);
      if (follow) rerun();  // read the room through the page itself (the fragment's rerun brings a fresh frame)
    }
  })();
})();
