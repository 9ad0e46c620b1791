-- The core: PostGIS, and one revision counter per store namespace (bumped by every write, read by
-- caches: the database counterpart of the file stores' .revision stamp).
CREATE EXTENSION IF NOT EXISTS postgis;

CREATE TABLE store_revisions (
    store    text   NOT NULL,            -- the store's namespace (geo.db.namespace)
    kind     text   NOT NULL,            -- 'snapshots' or 'essays'
    revision bigint NOT NULL DEFAULT 0,
    PRIMARY KEY (store, kind)
);
