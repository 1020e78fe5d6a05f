import { describe, expect, it } from "vitest";
import { createdRoles, createRoleName, roleChange } from "../../src/core/sql/roles.js";

describe("the roles SQL creates", () => {
  it("a top-level CREATE ROLE / USER / GROUP, quoted or not; nothing else", () => {
    expect(createRoleName('CREATE ROLE "project_api_key" NOLOGIN;')).toBe("project_api_key");
    expect(createRoleName("create user Svc with password 'x'")).toBe("svc");
    expect(createRoleName('CREATE GROUP "Readers";')).toBe("Readers");
    expect(createRoleName("CREATE USER MAPPING FOR current_user SERVER s")).toBeNull();
    expect(createRoleName("DO $$ BEGIN CREATE ROLE r; END $$;")).toBeNull();
    expect(createRoleName("-- CREATE ROLE r;\nSELECT 'CREATE ROLE r'")).toBeNull();
  });

  it("every role, also inside DO blocks and EXECUTE literals, once", () => {
    const sql = [
      'CREATE ROLE "api";',
      "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'anon') THEN CREATE ROLE anon NOLOGIN; END IF; END $$;",
      "DO $body$ BEGIN EXECUTE 'CREATE ROLE \"Auditor\"'; END $body$;",
      "CREATE ROLE api;",
      "GRANT api TO anon;",
    ].join("\n--> statement-breakpoint\n");
    expect(createdRoles(sql)).toEqual(["api", "anon", "Auditor"]);
  });
});

describe("statements that change roles beyond the database", () => {
  it("ALTER / DROP / COMMENT ON a role, and membership; never privileges on objects", () => {
    expect(roleChange('ALTER ROLE "api" NOINHERIT')).toEqual({ head: "ALTER ROLE", roles: ["api"], pairs: [] });
    expect(roleChange("alter user svc set search_path = app")).toEqual({ head: "ALTER USER", roles: ["svc"], pairs: [] });
    expect(roleChange('DROP ROLE IF EXISTS a, "B"')).toEqual({ head: "DROP ROLE", roles: ["a", "B"], pairs: [] });
    expect(roleChange("COMMENT ON ROLE api IS 'x'")).toEqual({ head: "COMMENT ON ROLE", roles: ["api"], pairs: [] });
    expect(roleChange("GRANT a, b TO c WITH ADMIN OPTION")).toEqual({ head: "GRANT", roles: [], pairs: [["a", "c"], ["b", "c"]] });
    expect(roleChange("REVOKE ADMIN OPTION FOR a FROM c")).toEqual({ head: "REVOKE", roles: [], pairs: [["a", "c"]] });
    expect(roleChange('GRANT SELECT ON "t" TO api')).toBeNull();
    expect(roleChange("GRANT USAGE ON SCHEMA app TO api")).toBeNull();
    expect(roleChange("ALTER TABLE t OWNER TO api")).toBeNull();
    expect(roleChange("ALTER DEFAULT PRIVILEGES FOR ROLE api GRANT SELECT ON TABLES TO r")).toBeNull();
  });
});
