"""What the browser gets: the Leaflet map and its layers (`webmap`, `webdated`, `styles`), two dates
compared on one map, split by a divider (`webcompare`), picking a click (`picking`), what the user
measures and the range rings drawn over it (`overlays`), link parameters (`urlstate`), the essay as
HTML (`essay_view`), an added essay's review step as HTML and map markers (`essay_review_view`), a user
essay's places, card, panel and lines on the map (`essay_map`), every HTML page part from Jinja2 templates with autoescape (`templates`,
`templates/`) and assets served offline (`offline`, `assets/`). May import `geo.core`, `geo.data`,
`geo.essays`, `geo.lines`, `geo.figures`."""
