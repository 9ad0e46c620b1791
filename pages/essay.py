"""Essay page: the curated essay's full text (numbered paragraphs, every place mention a link to the
map), or an added essay's review step; "Add an essay" on both (ui/essays_review.py)."""

import ui

ui.ensure_frame()
from ui import essays_review  # noqa: E402

essays_review.page()
