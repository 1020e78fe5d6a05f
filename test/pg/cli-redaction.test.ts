/**
 * Canary-password test: a password must never reach stdout or stderr, whatever goes wrong
 * (bad credentials, unreachable host, malformed URLs), through run() and through the built
 * process, in every format.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { run } from "../../src/cli/run.js";
import { buildCli, captureIo, closedPort, runBuiltCli } from "./cli-support.js";

const CANARY = "canary-pw-7f3a9";

let cases: { name: string; url: string; kind: "user" | "connection" | "database" }[];

beforeAll(async () => {
  const port = await closedPort();
  cases = [
    { name: "bad password for a role that does not exist", url: `postgresql://driftcheck_no_such_role:${CANARY}@127.0.0.1:5432/postgres`, kind: "connection" },
    { name: "unreachable host (closed port)", url: `postgresql://app:${CANARY}@127.0.0.1:${port}/app`, kind: "connection" },
    { name: "percent-encoded password, closed port", url: `postgres://app:${encodeURIComponent(`${CANARY}/+&`)}@127.0.0.1:${port}/app`, kind: "connection" },
    { name: "password in the query string", url: `postgresql://app@127.0.0.1:${port}/app?password=${CANARY}`, kind: "connection" },
    { name: "malformed URL with brackets", url: `postgres://u:${CANARY}@[bad`, kind: "user" },
    { name: "not a URL at all", url: `not a url ${CANARY}`, kind: "user" },
  ];
  await buildCli();
});

const FORMATS = ["text", "json", "markdown"] as const;

describe("no password in any output", () => {
  it("through run(), as --database-url and as DATABASE_URL", async () => {
    for (const { name, url, kind } of cases) {
      for (const format of FORMATS) {
        const viaFlag = captureIo();
        expect(await run(["check", "--database-url", url, "--format", format], viaFlag.io), name).toBe(1);
        const viaEnv = captureIo(undefined, { DATABASE_URL: url });
        expect(await run(["check", "--format", format], viaEnv.io), name).toBe(1);
        for (const out of [viaFlag.out, viaEnv.out]) {
          const all = out.stdout + out.stderr;
          expect(all, `${name} (${format})`).not.toContain(CANARY);
          expect(all, `${name} (${format})`).not.toContain(encodeURIComponent(CANARY));
          if (format === "json") expect((JSON.parse(out.stdout) as { error: { kind: string } }).error.kind, name).toBe(kind);
        }
      }
    }
  });

  it("through the built process (node bin/driftcheck.js)", { timeout: 300_000 }, async () => {
    // A flag that does not parse still must not echo the URL that follows it.
    const unknownFlag = await runBuiltCli(["check", `--databse-url=${cases[0]!.url}`, "--format", "json"]);
    expect(unknownFlag.code).toBe(1);
    expect(unknownFlag.stdout + unknownFlag.stderr).not.toContain(CANARY);
    for (const { name, url, kind } of cases) {
      const viaFlag = await runBuiltCli(["check", "--database-url", url, "--format", "json"]);
      const viaEnv = await runBuiltCli(["check"], { env: { DATABASE_URL: url } });
      for (const result of [viaFlag, viaEnv]) {
        expect(result.code, name).toBe(1);
        expect(result.stdout + result.stderr, name).not.toContain(CANARY);
      }
      expect((JSON.parse(viaFlag.stdout) as { error: { kind: string } }).error.kind, name).toBe(kind);
      expect(viaEnv.stderr, name).toMatch(/^driftcheck: /);
    }
  });
});
