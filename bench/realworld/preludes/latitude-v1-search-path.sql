-- latitude-dev/latitude-llm (packages/core/drizzle, before the v2 rewrite): every table lives in
-- schema "latitude", but some migrations name its enums unqualified (0051: ADD COLUMN
-- "resultable_type" "evaluation_result_types"). The project migrates as role `latitude`, whose
-- default search_path "$user", public resolves "$user" to schema latitude; as `postgres` those
-- statements fail with `type "evaluation_result_types" does not exist`. This gives the database the
-- search_path the project's own role has (later connections, the migrator's and driftcheck's, use it).
DO $$
BEGIN
  EXECUTE format('ALTER DATABASE %I SET search_path = "latitude", public', current_database());
END
$$;
