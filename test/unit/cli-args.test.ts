import { describe, expect, it } from "vitest";
import { parseCliArgs, parseMigrationsTable, sniffFormat } from "../../src/cli/args.js";
import { DriftcheckError } from "../../src/core/errors.js";

function userErrorOf(fn: () => unknown): DriftcheckError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(DriftcheckError);
    expect((error as DriftcheckError).kind).toBe("user");
    return error as DriftcheckError;
  }
  throw new Error("expected a user error");
}

describe("parseCliArgs", () => {
  it("parses every flag of check", () => {
    expect(
      parseCliArgs([
        "check",
        "--database-url",
        "postgresql://u:p@h/db",
        "--drizzle=out/migrations",
        "--format",
        "json",
        "--fail-on",
        "warning",
        "--environment",
        "preview",
        "--migrations-table",
        "audit.migrations",
        "--ignore",
        "schema:audit",
        "--ignore=code:INDEX_EXTRA",
        "--config",
        "ci/driftcheck.json",
      ]),
    ).toEqual({
      command: "check",
      databaseUrl: "postgresql://u:p@h/db",
      drizzle: "out/migrations",
      format: "json",
      failOn: "warning",
      environment: "preview",
      migrationsTable: { schema: "audit", table: "migrations" },
      ignore: ["schema:audit", "code:INDEX_EXTRA"],
      config: "ci/driftcheck.json",
    });
  });

  it("parses status with no flags", () => {
    expect(parseCliArgs(["status"])).toEqual({ command: "status", ignore: [] });
  });

  it("treats no command, --help and -h as help, --version and -v as version", () => {
    expect(parseCliArgs([]).command).toBe("help");
    expect(parseCliArgs(["check", "--help"]).command).toBe("help");
    expect(parseCliArgs(["-h"]).command).toBe("help");
    expect(parseCliArgs(["--version"]).command).toBe("version");
    expect(parseCliArgs(["-v"]).command).toBe("version");
  });

  it("rejects an unknown flag by name, without echoing its value", () => {
    const error = userErrorOf(() => parseCliArgs(["check", "--databse-url=postgres://u:secret-pw@h/db"]));
    expect(error.message).toBe("Unknown option --databse-url.");
    expect(error.message + error.hint).not.toContain("secret-pw");
    expect(error.hint).toContain("driftcheck --help");
  });

  it("rejects an unknown command and stray arguments", () => {
    expect(userErrorOf(() => parseCliArgs(["chek"])).message).toBe('Unknown command "chek".');
    expect(userErrorOf(() => parseCliArgs(["check", "extra"])).message).toBe('Unexpected argument after "check".');
  });

  it("rejects a flag without a value", () => {
    expect(userErrorOf(() => parseCliArgs(["check", "--drizzle"])).message).toBe("--drizzle needs a value.");
  });

  it("rejects a repeated single-valued flag", () => {
    expect(userErrorOf(() => parseCliArgs(["check", "--format", "json", "--format", "text"])).message).toBe(
      "--format was given 2 times; give it once.",
    );
  });

  it("names the accepted values of enumerated flags", () => {
    expect(userErrorOf(() => parseCliArgs(["check", "--fail-on", "fatal"])).message).toBe(
      '--fail-on must be one of error, warning, info (got "fatal").',
    );
    expect(userErrorOf(() => parseCliArgs(["check", "--format", "html"])).message).toBe(
      '--format must be one of text, json, markdown, sarif (got "html").',
    );
    expect(userErrorOf(() => parseCliArgs(["check", "--environment", "staging"])).message).toBe(
      '--environment must be one of production, preview (got "staging").',
    );
  });
});

describe("parseCliArgs: replay, diff, fix-sql", () => {
  it("parses the flags of each new command", () => {
    expect(parseCliArgs(["replay", "--drizzle", "d", "--out", "x.json", "--scratch-url", "postgresql://h/db"])).toEqual({
      command: "replay",
      drizzle: "d",
      out: "x.json",
      scratchUrl: "postgresql://h/db",
      ignore: [],
    });
    expect(parseCliArgs(["diff", "--from", "postgresql://a/x", "--to", "postgresql://b/y", "--format", "sarif"])).toMatchObject({
      command: "diff",
      from: "postgresql://a/x",
      to: "postgresql://b/y",
      format: "sarif",
    });
    expect(parseCliArgs(["fix-sql", "--allow-destructive", "--expected", "replay"])).toMatchObject({
      command: "fix-sql",
      allowDestructive: true,
      expected: "replay",
    });
    expect(parseCliArgs(["check", "--expected", "expected.json"])).toMatchObject({ command: "check", expected: "expected.json" });
    expect(parseCliArgs(["verify", "--drizzle", "d", "--replay-prelude", "p.sql", "--scratch-url", "postgresql://h/db", "--fail-on", "warning"])).toEqual({
      command: "verify",
      drizzle: "d",
      replayPrelude: "p.sql",
      scratchUrl: "postgresql://h/db",
      failOn: "warning",
      ignore: [],
    });
    expect(userErrorOf(() => parseCliArgs(["status", "--replay-prelude", "p.sql"])).message).toBe(
      "--replay-prelude does not apply to `driftcheck status` (only to replay, verify, check, fix-sql, baseline).",
    );
    expect(userErrorOf(() => parseCliArgs(["verify", "--database-url", "postgresql://a/x"])).message).toContain("--database-url does not apply");
  });

  it("rejects a flag on a command that does not read it", () => {
    expect(userErrorOf(() => parseCliArgs(["check", "--allow-destructive"])).message).toBe(
      "--allow-destructive does not apply to `driftcheck check` (only to fix-sql).",
    );
    expect(userErrorOf(() => parseCliArgs(["check", "--from", "postgresql://a/x"])).message).toContain("--from does not apply");
    expect(userErrorOf(() => parseCliArgs(["diff", "--database-url", "postgresql://a/x"])).message).toContain("--database-url does not apply");
    expect(userErrorOf(() => parseCliArgs(["fix-sql", "--format", "json"])).message).toContain("--format does not apply");
    expect(userErrorOf(() => parseCliArgs(["check", "--allow-destructive=yes"])).message).toBe("--allow-destructive takes no value.");
  });
});

describe("parseMigrationsTable", () => {
  it("reads schema.table and a bare table in the drizzle schema", () => {
    expect(parseMigrationsTable("public.migs", "x")).toEqual({ schema: "public", table: "migs" });
    expect(parseMigrationsTable("migs", "x")).toEqual({ schema: "drizzle", table: "migs" });
  });

  it("rejects empty parts and extra dots", () => {
    expect(userErrorOf(() => parseMigrationsTable("a.b.c", "--migrations-table")).message).toBe(
      '--migrations-table must be "schema.table" or "table" (got "a.b.c").',
    );
    expect(() => parseMigrationsTable(".t", "x")).toThrow(DriftcheckError);
  });
});

describe("sniffFormat", () => {
  it("finds --format in arguments that did not parse", () => {
    expect(sniffFormat(["check", "--bogus", "--format", "json"])).toBe("json");
    expect(sniffFormat(["check", "--format=markdown"])).toBe("markdown");
    expect(sniffFormat(["check", "--format", "nope"])).toBeUndefined();
  });
});
