// Briefing keys: → or space, ←, Home, End press the scene buttons (one listener per page).
// Presses are queued: each waits until the scene the previous one asked for is on screen (its
// title changed), so two quick presses of → step two scenes. Without the queue the second click
// could land while Streamlit was still rerunning for the first, and one step was lost.
// One listener per page: a frame that loads anew (the page rebuilt after the server restarted)
// replaces the previous frame's listener, whose timers died with its frame.
(function () {
  const doc = window.parent.document;
  if (doc.__bmKeys && doc.__bmKeys.win === window) return;
  if (doc.__bmKeys) doc.removeEventListener('keydown', doc.__bmKeys.handler);
  const labels = {next: "Next ▶", prev: "◀ Previous", first: "« First", last: "Last »"};
  const queue = [];
  let busy = false;
  function title() {
    const h = doc.querySelector('.bm-stage h2');
    return h ? h.textContent : null;
  }
  function button(which) {
    return Array.from(doc.querySelectorAll('button')).find(el => el.innerText.trim() === labels[which]);
  }
  function step() {
    if (busy || !queue.length) return;
    const b = button(queue.shift());
    if (!b || b.disabled) { step(); return; }
    const before = title(), t0 = Date.now();
    busy = true;
    b.click();
    (function wait() {  // the next press goes once this one's scene shows (or after 4 s, whatever happened)
      if (title() !== before || Date.now() - t0 > 4000) { busy = false; step(); return; }
      setTimeout(wait, 40);
    })();
  }
  function handler(e) {
    const t = e.target, tag = (t && t.tagName || '').toLowerCase();
    if (tag === 'input' || tag === 'textarea' || tag === 'select' || (t && t.isContentEditable)) return;
    const map = {ArrowRight: 'next', ' ': 'next', PageDown: 'next', ArrowLeft: 'prev', PageUp: 'prev', Home: 'first', End: 'last'};
    const which = map[e.key];
    if (!which) return;
    e.preventDefault();
    if (queue.length < 20) queue.push(which);
    step();
  }
  doc.__bmKeys = {win: window, handler: handler};
  doc.addEventListener('keydown', handler);
})();
