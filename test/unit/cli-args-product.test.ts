/** Parsing of the flags and commands issue 14 added: baseline, --no-database, github/neon setup. */
import { describe, expect, it } from "vitest";
import { parseCliArgs } from "../../src/cli/args.js";

const message = (args: string[]): string => {
  try {
    parseCliArgs(args);
    return "parsed";
  } catch (error) {
    return (error as Error).message;
  }
};

describe("parseCliArgs: baseline, --no-database, setups", () => {
  it("parses the new commands and flags", () => {
    expect(parseCliArgs(["baseline", "--environment", "preview", "--baseline", "b.json"])).toMatchObject({ command: "baseline", environment: "preview", baseline: "b.json" });
    expect(parseCliArgs(["check", "--no-database"])).toMatchObject({ command: "check", noDatabase: true });
    expect(parseCliArgs(["github", "setup", "--worker-url", "https://w.example", "--org", "acme", "--print", "--force"])).toMatchObject({
      command: "github",
      workerUrl: "https://w.example",
      org: "acme",
      print: true,
      force: true,
    });
    expect(parseCliArgs(["neon", "setup", "--database-url", "postgresql://o@h/db", "--role", "ro"])).toMatchObject({ command: "neon", databaseUrl: "postgresql://o@h/db", role: "ro" });
  });

  it("refuses misplaced flags and missing subcommands with a clear message", () => {
    expect(message(["github"])).toBe("`driftcheck github` takes one subcommand: setup.");
    expect(message(["neon", "create"])).toBe("`driftcheck neon` takes one subcommand: setup.");
    expect(message(["status", "--no-database"])).toContain("--no-database does not apply to `driftcheck status`");
    expect(message(["check", "--no-database", "--schema", "s.ts"])).toBe("--schema does not apply with --no-database (it reads no database).");
    expect(message(["check", "--print"])).toContain("--print does not apply to `driftcheck check`");
    expect(message(["neon", "setup", "--force"])).toContain("--force does not apply to `driftcheck neon`");
    expect(message(["github", "setup", "--drizzle", "d"])).toBe("--drizzle does not apply to `driftcheck github setup`.");
    expect(message(["diff", "--baseline", "b.json"])).toContain("--baseline does not apply to `driftcheck diff`");
  });
});
