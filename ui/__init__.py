"""The UI edge between Streamlit and geo/: the pages call only this package and geo/.

- `ui.frame`: the app's title, its pages, static CSS/JS (files in `ui/assets/`) and `ensure_frame`;
- `ui.loaders`: cached wrappers around geo/ loaders (`st.cache_data` / `st.cache_resource`);
- `ui.render`: HTML for the panel, legend, figures and briefing screens, from the Jinja2 templates in
  `geo/web/templates/` (autoescape: everything from data escaped there, the one escape path for HTML);
- `ui.text`: untrusted text for Streamlit's Markdown-rendering elements (not HTML), and link notices;
- `ui.measure`, `ui.share`: the Map page's Measure mode and range rings, Copy link and Present this
  view (and the briefing's extra scene for a shared view);
- `ui.map`, `ui.compare` (two dates on the Map page), `ui.lines`, `ui.briefing`: the pieces of those pages (session state, sections, controls),
  imported by their page only, so each page stays a short script: read state, call geo/ui, render.

Nothing here computes geography.
"""

from ui.frame import APP_TITLE, AUDIENCE_CSS, CSS, KEYS_JS, PROJECTOR_CSS, ensure_frame, navigate, pages  # noqa: F401
from ui.loaders import (  # noqa: F401
    DATED_DEFAULT_ON,
    DATED_SHORT,
    ESSAY_DATE,
    ESSAY_HELD,
    arguments,
    catalogue,
    change_facts,
    dated_facts,
    dated_layers,
    dated_lines,
    essay,
    essay_html,
    essay_meta,
    facts,
    gazetteer,
    km2,
    known_places,
    layer_label,
    layers,
    lifespan,
    lines_dates,
    panel,
    place_options,
    rooms,
    scene_figures,
    toggleable_layers,
    unit_areas,
    warm_server,
    warm_up,
    webmap,
)
from ui.render import (  # noqa: F401
    dated_legend_html,
    essay_panel_html,
    facts_html,
    freeze_html,
    legend_html,
    legend_rows,
    opening_html,
    panel_head_html,
    presenter_html,
    quote_html,
    quotes_html,
    scene_text_html,
    table_html,
    timer_html,
)
from ui.text import WORD_JOINER, md_text, notice_md, show_notices  # noqa: F401
