"""The essay's argument as map scenes (`scenes`, `scene_figures`, `scene_view`), the Briefing page's
link (`links`), briefing rooms (`rooms`: in-process, or rows in PostgreSQL with `rooms_pg`, followed by an audience view through the long poll in `follow`), the offline deck export (`export`), a user essay's draft scenes (`draft`) and headless Chromium
(`headless`). May import every package above except `geo.cli`."""
