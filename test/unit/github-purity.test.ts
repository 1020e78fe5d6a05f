import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { findPurityViolations } from "../support/core-purity.js";

// The GitHub adapter runs in workerd: web-standard APIs only, no node: modules, no Buffer.
const DIR = join(import.meta.dirname, "../../src/adapters/github");

describe("src/adapters/github runs on Workers", () => {
  const files = readdirSync(DIR).filter((name) => name.endsWith(".ts"));

  it("has its files", () => {
    expect(files).toEqual(expect.arrayContaining(["signature.ts", "app-auth.ts", "client.ts", "file-source.ts"]));
  });

  it("imports only relative paths and uses no Node globals", () => {
    const violations = files.flatMap((name) => findPurityViolations(name, readFileSync(join(DIR, name), "utf8")));
    expect(violations).toEqual([]);
  });
});
