import { describe, expect, it } from "vitest";
import { closeObjects, extractSchemas, githubRequestSchema } from "../support/github-openapi.js";

describe("request-body schemas from @octokit/openapi", () => {
  it("takes checks/create from GitHub's description, with its required fields and limits", () => {
    const schema = githubRequestSchema("createCheckRun") as { required: string[]; properties: Record<string, { properties?: Record<string, { maxItems?: number }> }> };
    expect(schema.required).toEqual(["name", "head_sha"]);
    expect(schema.properties.output?.properties?.annotations?.maxItems).toBe(50);
    // Documentation keywords are dropped; GitHub's schema leaves the object open.
    expect(JSON.stringify(schema)).not.toContain('"description":"The name');
    expect(schema).not.toHaveProperty("additionalProperties");
  });

  it("translates nullable into a null type and resolves $refs in components", () => {
    const status = githubRequestSchema("createCommitStatus") as { properties: Record<string, { type: unknown }> };
    expect(status.properties.target_url?.type).toEqual(["string", "null"]);
    const token = githubRequestSchema("createInstallationToken") as { properties: { permissions: { type: string; properties: Record<string, unknown> } } };
    expect(token.properties.permissions.type).toBe("object");
    expect(token.properties.permissions.properties).toHaveProperty("checks");
  });

  it("fails loudly when an operation is missing, and closes objects only on request", () => {
    expect(() => extractSchemas({ paths: {} })).toThrow(/no JSON request body for POST/);
    const closed = closeObjects({ type: "object", properties: { a: { type: "object", properties: {} } }, required: ["b"] }) as Record<string, unknown>;
    expect(closed).toEqual({ type: "object", properties: { a: { type: "object", properties: {}, additionalProperties: false }, b: {} }, required: ["b"], additionalProperties: false });
  });
});
