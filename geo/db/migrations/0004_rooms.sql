-- Briefing rooms (geo.briefing.rooms_pg): one row per room, shared by every app server. The
-- presenter key is never stored: only its SHA-256. Every change bumps `version` in one UPDATE and
-- announces '<room id>:<version>' on the channel briefmap_rooms (NOTIFY) in the same transaction.
CREATE TABLE briefing_rooms (
    id         text        PRIMARY KEY CHECK (id ~ '^[A-Za-z0-9_-]{30}$'),  -- 176 random bits
    store      text        NOT NULL,                                       -- the namespace (geo.db.namespace)
    key_sha256 bytea       NOT NULL CHECK (octet_length(key_sha256) = 32),  -- sha256 of the presenter key
    scene      integer     NOT NULL,
    started_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL,
    version    bigint      NOT NULL DEFAULT 1 CHECK (version >= 1),
    expires_at timestamptz NOT NULL,
    ended      boolean     NOT NULL DEFAULT false
);

CREATE INDEX briefing_rooms_store_expiry ON briefing_rooms (store, expires_at);
