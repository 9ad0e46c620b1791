// Briefing keys: → or space, ←, Home, End press the scene buttons (one listener per page).
(function () {
  const doc = window.parent.document;
  if (doc.__bmKeys) return;  // one listener per page, however often Streamlit re-renders this
  doc.__bmKeys = true;
  const labels = {next: "Next ▶", prev: "◀ Previous", first: "« First", last: "Last »"};
  function press(which) {
    const b = Array.from(doc.querySelectorAll('button')).find(el => el.innerText.trim() === labels[which]);
    if (b && !b.disabled) b.click();
  }
  doc.addEventListener('keydown', function (e) {
    const t = e.target, tag = (t && t.tagName || '').toLowerCase();
    if (tag === 'input' || tag === 'textarea' || tag === 'select' || (t && t.isContentEditable)) return;
    const map = {ArrowRight: 'next', ' ': 'next', PageDown: 'next', ArrowLeft: 'prev', PageUp: 'prev', Home: 'first', End: 'last'};
    const which = map[e.key];
    if (!which) return;
    e.preventDefault();
    press(which);
  });
})();
