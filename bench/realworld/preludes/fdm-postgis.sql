-- SvenVw/fdm (fdm-core/src/db/migrations): the first migration declares geometry(Polygon,4326)
-- columns but its `CREATE EXTENSION IF NOT EXISTS postgis;` is commented out: the project expects
-- the database to have PostGIS already (its docker image is postgis/postgis). Without this the
-- migrator fails at 0000_v0 with `type "geometry" does not exist`.
CREATE EXTENSION IF NOT EXISTS postgis;
