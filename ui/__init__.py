"""The UI edge between Streamlit and geo/: the pages call only this package and geo/.

- `ui.frame`: the app's title, static CSS/JS (files in `ui/assets/`) and the page-link frame workaround;
- `ui.loaders`: cached wrappers around geo/ loaders (`st.cache_data` / `st.cache_resource`);
- `ui.render`: HTML for the panel, legend, figures and briefing screens (everything from data escaped);
- `ui.text`: untrusted text for Streamlit's Markdown-rendering elements, and link notices.

Nothing here computes geography.
"""

from ui.frame import APP_TITLE, AUDIENCE_CSS, CSS, KEYS_JS, PROJECTOR_CSS, ensure_frame  # noqa: F401
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
    essay,
    essay_meta,
    essay_paragraphs,
    facts,
    gazetteer,
    km2,
    known_places,
    layer_label,
    layers,
    lines_dates,
    panel,
    place_options,
    rooms,
    scene_figures,
    store_signature,
    toggleable_layers,
    unit_areas,
    warm_up,
    webmap,
)
from ui.render import (  # noqa: F401
    dated_legend_html,
    essay_outline_note,
    facts_html,
    freeze_html,
    legend_html,
    opening_html,
    quote_html,
    scene_text_html,
    timer_html,
)
from ui.text import WORD_JOINER, esc, md_text, notice_md, show_notices  # noqa: F401
