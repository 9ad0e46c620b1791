-- The essays users add (geo.essays.store_pg): one row per essay, keyed by the store's namespace and
-- the essay's id. A listing reads the summary columns only (never the paragraphs); a load reads the
-- essay (jsonb) and its decisions. Every write is one transaction that also bumps
-- store_revisions(store, 'essays').
CREATE TABLE essays (
    store       text        NOT NULL,             -- the store's namespace (geo.db.settings.namespace)
    id          text        NOT NULL CHECK (length(id) <= 80 AND id ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
    title       text        NOT NULL,
    essay_date  date        NOT NULL,
    author      text        NOT NULL DEFAULT '',
    sha256      text        NOT NULL,             -- of the extracted text: the same text is the same essay
    paragraphs  integer     NOT NULL,
    places      integer     NOT NULL,
    unresolved  integer     NOT NULL,
    format      text        NOT NULL DEFAULT '',  -- the reader's format ("text", "html", "docx", ...)
    source_name text        NOT NULL,             -- the file's name as shown (never a path)
    source_ext  text        NOT NULL DEFAULT '',
    source      bytea       NOT NULL,             -- the file exactly as given
    essay       jsonb       NOT NULL,             -- model.Essay.as_dict() less its decisions
    decisions   jsonb       NOT NULL DEFAULT '[]'::jsonb,
    scenes      text,                             -- the saved scenes (TOML), NULL: the draft
    scenes_rev  bigint      NOT NULL DEFAULT 0,   -- bumped whenever the scenes are saved or discarded
    added_at    timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (store, id)
);

CREATE INDEX essays_store_sha256 ON essays (store, sha256);
