import { describe, expect, it } from "vitest";
import { nodePostgresError } from "../../src/adapters/node-postgres/errors.js";
import { databaseError, isSqlstate } from "../../src/core/sql/database-error.js";
import { errorResult, printError } from "../../src/cli/report-output.js";

const scrub = (text: string) => text.split("s3cret").join("***");

function socketError(code: string, address?: string, port?: number): Error {
  return Object.assign(new Error(`connect ${code} ${address ?? ""}:${port ?? ""}`), { code, errno: -111, syscall: "connect", address, port });
}

describe("socket errors are not SQLSTATEs", () => {
  it("ECONNREFUSED: a clear message, no code", () => {
    const error = nodePostgresError(socketError("ECONNREFUSED", "127.0.0.1", 5433), scrub);
    expect(error.kind).toBe("connection");
    expect(error.code).toBeUndefined();
    expect(error.transient).toBe(true);
    expect(error.message).toBe("Could not connect to 127.0.0.1:5433: connection refused.");
  });

  it("an AggregateError (every address of localhost refused) names the first peer", () => {
    const aggregate = Object.assign(new AggregateError([socketError("ECONNREFUSED", "::1", 5433), socketError("ECONNREFUSED", "127.0.0.1", 5433)], ""), {
      code: "ECONNREFUSED",
    });
    const error = nodePostgresError(aggregate, scrub);
    expect(error.code).toBeUndefined();
    expect(error.message).toBe("Could not connect to [::1]:5433: connection refused.");
  });

  it("EPIPE (five capital letters) and ENOTFOUND keep no code either", () => {
    expect(nodePostgresError(socketError("EPIPE"), scrub).code).toBeUndefined();
    expect(nodePostgresError(Object.assign(new Error("getaddrinfo ENOTFOUND db.example"), { code: "ENOTFOUND" }), scrub).code).toBeUndefined();
    expect(isSqlstate("EPIPE")).toBe(false);
    expect(databaseError({ code: "EPIPE", message: "x" }).code).toBeUndefined();
  });

  it("real SQLSTATEs are kept, lettered classes included", () => {
    for (const code of ["28P01", "3D000", "57P01", "XX000", "P0001", "42501"]) expect(isSqlstate(code)).toBe(true);
    const error = nodePostgresError(Object.assign(new Error("password authentication failed"), { code: "28P01", severity: "FATAL" }), scrub);
    expect(error.code).toBe("28P01");
  });

  it("the CLI prints SQLSTATE only for a SQLSTATE", () => {
    const lines: string[] = [];
    const io = { stdout: () => undefined, stderr: (text: string) => lines.push(text), env: {}, cwd: "/", isTTY: false };
    printError(errorResult(nodePostgresError(socketError("ECONNREFUSED", "127.0.0.1", 5433), scrub), "error"), io);
    expect(lines.join("")).toContain("Could not connect to 127.0.0.1:5433: connection refused.");
    expect(lines.join("")).not.toContain("SQLSTATE");
  });
});
