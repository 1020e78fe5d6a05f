import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { findPurityViolations } from "../support/core-purity.js";

const CORE = join(import.meta.dirname, "../../src/core");

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) return tsFiles(path);
    return path.endsWith(".ts") ? [path] : [];
  });
}

describe("src/core is pure", () => {
  it("has source files to check", () => {
    expect(tsFiles(CORE).length).toBeGreaterThan(5);
  });

  it("imports only relative paths and uses no Node globals", () => {
    const violations = tsFiles(CORE).flatMap((file) =>
      findPurityViolations(relative(CORE, file), readFileSync(file, "utf8")),
    );
    expect(violations).toEqual([]);
  });

  // The scanner must be able to fail: each planted violation is caught.
  it.each([
    ['import pg from "pg";', 'non-relative import "pg"'],
    ['import { readFile } from "node:fs/promises";', 'non-relative import "node:fs/promises"'],
    ['export { x } from "hono";', 'non-relative import "hono"'],
    ['const fs = require("fs");', "require()"],
    ['const m = await import("./x.js");', "dynamic import()"],
    ['import fs = require("fs");', "import = require(...)"],
    ['type T = import("pg").Client;', 'non-relative import type "pg"'],
    ["const url = process.env.DATABASE_URL;", 'Node global "process"'],
    ['const bytes = Buffer.from("x");', 'Node global "Buffer"'],
    ["const here = __dirname;", 'Node global "__dirname"'],
    ["setImmediate(() => {});", 'Node global "setImmediate"'],
    // A parameter named like a global shadows it inside its function only.
    ["function f(process: number) { return process; }\nconst url = process.env.DATABASE_URL;", 'Node global "process"'],
    ["const o = { process };", 'Node global "process"'],
    ["const env = globalThis.process.env;", 'Node global "process" through the global object'],
    ['const B = globalThis["Buffer"];', 'Node global "Buffer" through the global object'],
    ["const env = (globalThis as any).process.env;", 'Node global "process" through the global object'],
    ["const { process: p } = globalThis;", 'the global object "globalThis" used as a value'],
    ["const g = globalThis; g.process;", 'the global object "globalThis" used as a value'],
    ['const p = Reflect.get(globalThis, "process");', 'the global object "globalThis" used as a value'],
    ["declare const process: { env: Record<string, string> }; const url = process.env.X;", 'Node global "process"'],
    ['const f = new Function("return process");', 'code from strings ("Function")'],
    ['eval("process.env");', 'code from strings ("eval")'],
    ['globalThis.eval("1");', 'code from strings ("eval") through the global object'],
    ["const p = globalThis.self.process;", 'the global object "globalThis.self" used as a value'],
    ['const f = (() => 1).constructor("return 1");', 'code from strings (".constructor(…)")'],
  ])("catches %s", (source, rule) => {
    expect(findPurityViolations("planted.ts", source).map((v) => v.rule)).toEqual([rule]);
  });

  it.each([
    'import { x } from "./x.js";',
    'import type { Y } from "../y.js";',
    "const o = { process: 1, Buffer: 2 }; o.process;",
    "interface I { process: string }",
    "function f(process: number) { return process; }",
    'import { process } from "./process.js"; process.run();',
    "function g(process: number) { return { process }; }",
    "const crypto = globalThis.crypto;",
    "type G = typeof globalThis; function run(cb: Function): void {}",
    'const bytes = new TextEncoder().encode("x");',
  ])("allows %s", (source) => {
    expect(findPurityViolations("clean.ts", source)).toEqual([]);
  });
});
