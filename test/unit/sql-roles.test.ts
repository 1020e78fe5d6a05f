import { describe, expect, it } from "vitest";
import { createdRoles, createRoleName } from "../../src/core/sql/roles.js";

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
