"""The essay's argument as map scenes (`scenes`, `scene_figures`, `scene_view`), the Briefing page's
link (`links`), briefing rooms (`rooms`), the offline deck export (`export`), a user essay's draft scenes (`draft`) and headless Chromium
(`headless`). May import every package above except `geo.cli`."""
