"""Every figure the app shows, computed from cited files: areas (`stats`, `headline`), pre-war
residents (`people`), the freeze scenario (`freeze`), change and disagreement between dates and
sources (`change`, `disagreement`, `compare`), distance rings (`rings`) and the facts beside the
map (`facts`); one service per snapshot store keeps the dated ones per store revision (`dated`).
May import `geo.core`, `geo.data` and `geo.lines`."""
