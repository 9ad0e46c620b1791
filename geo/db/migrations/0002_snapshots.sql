-- The snapshot store (geo.lines.store_pg): one row per imported file and date, its features with
-- their PostGIS geometry. The database counterpart of the folder of date__source__sha12.geojson
-- files: the same identity (store, date, sha12), newest wins per (store, date, source) with the
-- earlier imports kept as history (current = false), every write bumping
-- store_revisions(store, 'snapshots') in the same transaction.
CREATE TABLE snapshots (
    id               bigserial   PRIMARY KEY,
    store            text        NOT NULL,            -- the store's namespace (geo.db.settings.namespace)
    date             date        NOT NULL,            -- the date the lines show
    source           text        NOT NULL CHECK (source ~ '^[a-z0-9-]{1,40}$'),  -- the source's slug
    sha256           text        NOT NULL CHECK (sha256 ~ '^[0-9a-f]{12,64}$'),  -- of the imported file
    sha12            text        NOT NULL CHECK (sha12 = left(sha256, 12)),
    name             text        NOT NULL,            -- date__source__sha12.geojson: the identity on both backends
    source_file      text        NOT NULL,            -- the imported file's name as shown
    format           text        NOT NULL,
    imported_at      text        NOT NULL,            -- the importer's ISO-8601 stamp (as in the metadata; newest wins by it)
    promoted_at      timestamptz NOT NULL DEFAULT clock_timestamp(),  -- made current (import or promote): breaks ties
    stored_at        timestamptz NOT NULL DEFAULT clock_timestamp(),
    current          boolean     NOT NULL,            -- the one used for its (store, date, source); false: history
    importer_version text        NOT NULL,
    mapping          text        NOT NULL,
    warnings         jsonb       NOT NULL,            -- array of text
    metadata         jsonb       NOT NULL,            -- the whole metadata object (Snapshot.metadata())
    UNIQUE (store, date, sha12)
);
CREATE UNIQUE INDEX snapshots_one_current ON snapshots (store, date, source) WHERE current;
CREATE INDEX snapshots_by_store ON snapshots (store, date, source);

CREATE TABLE snapshot_features (
    snapshot_id bigint  NOT NULL REFERENCES snapshots (id) ON DELETE CASCADE,
    ord         integer NOT NULL,                     -- the feature's place in the snapshot
    class       text    NOT NULL,                     -- held, unknown, liberated or point
    properties  jsonb   NOT NULL,
    geom        geometry(Geometry, 4326) NOT NULL,
    PRIMARY KEY (snapshot_id, ord)
);
CREATE INDEX snapshot_features_geom ON snapshot_features USING gist (geom);
