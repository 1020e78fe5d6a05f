import { describe, expect, it } from "vitest";
import { connectionSecrets } from "../../src/core/sql/connection-secrets.js";
import { redact } from "../../src/core/errors.js";
import { databaseError, scrubberFor, sqlstateKind } from "../../src/core/sql/database-error.js";

const CANARY = "canary-s3cret-XYZ";

describe("connection secrets", () => {
  it("finds the password in well-formed and malformed URLs", () => {
    const cases: [url: string, password: string][] = [
      [`postgresql://app:${CANARY}@db.example.com:5432/app`, CANARY],
      [`postgres://app:${CANARY}@host:notaport/db`, CANARY],
      [`postgresql://app:${CANARY}@[::1/db`, CANARY],
      [`postgresql://app:p@ss/${CANARY}@host/db`, `p@ss/${CANARY}`],
      [`postgresql://app@host/db?password=${CANARY}&sslmode=require`, CANARY],
      [`postgresql://app:${encodeURIComponent(CANARY + "@/")}@host/db`, CANARY + "@/"],
    ];
    for (const [url, password] of cases) {
      const scrub = scrubberFor(connectionSecrets(url));
      const leaked = `failed: ${url} | ${decodeURIComponent(url)} | ${password}`;
      expect(scrub(leaked)).not.toContain(CANARY);
    }
  });
});

describe("names are not secrets", () => {
  it("keeps the role name in a message when the URL has no password, and removes the password when it has one", () => {
    const bare = scrubberFor(connectionSecrets("postgresql://reporting_ro@db.example.com/app"));
    expect(bare('role "reporting_ro" does not exist')).toBe('role "reporting_ro" does not exist');
    const withPassword = scrubberFor(connectionSecrets(`postgresql://reporting_ro:${CANARY}@db.example.com/app`));
    expect(withPassword(`role "reporting_ro" does not exist; reporting_ro:${CANARY}`)).toBe('role "reporting_ro" does not exist; ***');
  });
});

describe("databaseError", () => {
  it("keeps SQLSTATE, detail and hint, scrubbed", () => {
    const scrub = scrubberFor([CANARY]);
    const error = databaseError({ code: "42P01", message: `relation x does not exist ${CANARY}`, detail: CANARY, hint: "h" }, scrub);
    expect(error.kind).toBe("database");
    expect(error.code).toBe("42P01");
    expect(error.message).toBe("relation x does not exist *** (SQLSTATE 42P01)");
    expect(error.detail).toBe("***");
    expect(error.hint).toBe("h");
    expect(error.transient).toBe(false);
  });
  it("classifies connection-level and transient states", () => {
    expect(sqlstateKind("28P01")).toBe("connection");
    expect(sqlstateKind("08006")).toBe("connection");
    expect(sqlstateKind("3D000")).toBe("connection");
    expect(sqlstateKind("57014")).toBe("connection");
    expect(sqlstateKind("42501")).toBe("database");
    expect(databaseError({ code: "57014", message: "canceling statement due to statement timeout" }).transient).toBe(true);
    expect(databaseError({ code: "28P01", message: "password authentication failed" }).hint).toMatch(/password/);
  });
});

describe("redact (the last line of defence in errorToJson)", () => {
  it.each([
    ["postgres://u:se/cret@h/db", "postgres://***@h/db"],
    ["connect postgres://u:p@ss@h/db failed", "connect postgres://***@h/db failed"],
    ["postgresql://user:pw@host:5432/db?sslmode=require", "postgresql://***@host:5432/db?sslmode=require"],
    ["password=abc rest", "password=*** rest"],
    ["see https://api.github.com/repos", "see https://api.github.com/repos"],
  ])("%s", (input, output) => {
    expect(redact(input)).toBe(output);
  });
});
