"""The Briefing page's link: which scene, mode and room it asks for, what it overrides, and the link
the page writes back. Pure functions (no Streamlit); values from the link are only validated and
looked up, and every notice quotes them as plain text (`geo.web.urlstate.Notice`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping

from geo.web import urlstate

MODES = ("presenter", "audience")


@dataclass(frozen=True)
class BriefingLink:
    """What a briefing link asks for, validated."""

    scene: int
    mode: str | None
    room: str | None
    override: tuple[int, str | None, tuple[str, ...]] | None  # (scene, place, layers) from `place`/`layers`
    notices: tuple[urlstate.Notice, ...] = field(default=())


def mode_of(params: Mapping[str, str]) -> str | None:
    """The link's mode if it is one we know, else None (one screen).

    Parameters
    ----------
    params : mapping of str to str
        The query parameters.

    Returns
    -------
    str or None
        ``"presenter"``, ``"audience"`` or None.

    Examples
    --------
    >>> mode_of({"mode": "audience"}), mode_of({"mode": "<x>"})
    ('audience', None)
    """
    return params.get("mode") if params.get("mode") in MODES else None


def parse(
    params: Mapping[str, str],
    n_scenes: int,
    scene_layers: list[tuple[str, ...]],
    known_places: frozenset[str],
    known_layers: list[str],
) -> BriefingLink:
    """Read a briefing link: scene (1 to `n_scenes`, else 1 with a notice), mode, room, and the
    `place`/`layers` override of the first scene shown.

    Parameters
    ----------
    params : mapping of str to str
        The query parameters.
    n_scenes : int
        How many scenes the briefing has.
    scene_layers : list of tuple of str
        Each scene's layers (the default the `layers` parameter overrides).
    known_places, known_layers
        What `place` and `layers` may name.

    Returns
    -------
    BriefingLink
        The validated link, with a notice for every value dropped.

    Examples
    --------
    >>> link = parse({"scene": "9<b>"}, 3, [(), (), ()], frozenset(), [])
    >>> link.scene, link.notices[0].text()
    (1, "There is no scene '9<b>'; the briefing has scenes 1 to 3. Showing scene 1.")
    """
    notices: list[urlstate.Notice] = []
    raw = params.get("scene", "1")
    try:
        n = int(raw)
        if not 1 <= n <= n_scenes:
            raise ValueError
    except ValueError:
        notices.append(
            urlstate.notice(
                "scene", f"There is no scene {{value}}; the briefing has scenes 1 to {n_scenes}. Showing scene 1.", raw, 10
            )
        )
        n = 1
    override = None
    if "place" in params or "layers" in params:
        state = urlstate.parse(
            {k: params[k] for k in ("place", "layers") if k in params}, known_places, known_layers, scene_layers[n - 1]
        )
        notices.extend(state.notices)
        override = (n, state.place, state.layers)
    if params.get("mode") not in (None, *MODES):
        notices.append(urlstate.notice("mode", "Unknown mode {value}; showing the briefing on one screen.", params["mode"], 20))
    return BriefingLink(n, mode_of(params), params.get("room") or None, override, tuple(notices))


def params_out(
    params: Mapping[str, str],
    mode: str | None,
    scene: int,
    room: str | None = None,
    key: str | None = None,
    override_shown: bool = False,
) -> dict[str, str]:
    """The link the page writes back: mode, room (and the presenter's own key), scene, and the
    link's `place`/`layers` while the scene they override is shown.

    Parameters
    ----------
    params : mapping of str to str
        The query parameters the page was opened with.
    mode : str or None
        The mode shown.
    scene : int
        The scene shown.
    room, key : str, optional
        The room (audience and presenter) and the presenter's key (presenter only).
    override_shown : bool
        Whether the scene shown is the one `place`/`layers` override.

    Returns
    -------
    dict of str to str
        The query parameters.

    Examples
    --------
    >>> params_out({"place": "x"}, "audience", 2, room="r1", override_shown=True)
    {'mode': 'audience', 'room': 'r1', 'scene': '2', 'place': 'x'}
    """
    out = {"mode": mode} if mode else {}
    if mode == "audience":
        out["room"] = room
    elif mode == "presenter":
        out["room"], out["key"] = room, key  # the presenter's own link: never shown to the audience
    out["scene"] = str(scene)
    if override_shown:
        for k in ("place", "layers"):
            if k in params:
                out[k] = params[k]
    return out
