"""Entry point: the shared frame (page config, projector-legible CSS) and the page navigation.

One file, two roles. ``streamlit run app.py`` finds ``app`` below (an ``st.App``) and serves it:
its lifespan warms the server before the first visitor (``ui.loaders.lifespan``: layers and pick
file published, figures and panels computed), and ``geo.web.offline.CacheHeaders`` lets browsers
keep the content-hashed map files for a year. Each session then runs this same file as its script
(``__name__ == "__main__"``, also under ``AppTest.from_file("app.py")``).
"""

import streamlit as st

if __name__ == "__main__":  # a session's script run
    import ui

    st.set_page_config(page_title="Briefing map", layout="wide", initial_sidebar_state="auto")
    st.markdown(ui.CSS, unsafe_allow_html=True)  # static CSS only, no data

    ui.warm_up()  # a no-op once the server's lifespan has warmed everything
    ui.navigate()  # last: runs the page the URL names (ui.frame.PAGES)
else:  # imported by the server (`streamlit run app.py`, or `uvicorn app:app`): the ASGI app
    import contextlib

    from starlette.middleware import Middleware

    from geo.briefing import follow
    from geo.web.offline import CacheHeaders

    @contextlib.asynccontextmanager
    async def lifespan(server):
        import ui  # imported once the runtime runs, so that its st.cache_* functions bind to it

        async with ui.lifespan(server):
            yield

    # follow.routes(): the audience view's long poll (a room's next version; geo/briefing/follow.py)
    app = st.App(__file__, lifespan=lifespan, middleware=[Middleware(CacheHeaders)], routes=follow.routes())
