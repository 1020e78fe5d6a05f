-- latitude-dev/latitude-llm (packages/core/drizzle), for `--expected replay` only: the same need as
-- latitude-v1-search-path.sql (migrations such as 0051 name schema "latitude"'s enums unqualified,
-- which the project's own role finds through its search_path "$user", public). That prelude sets
-- the search path with ALTER DATABASE, which only later connections see; the replay runs the
-- prelude and the migrations in one session, so here the session's own search path is set.
SET search_path = "latitude", public;
