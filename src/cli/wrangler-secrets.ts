/**
 * The Worker's secrets through wrangler (run in the driftcheck repository, where wrangler.jsonc
 * is): `wrangler secret list --format json` and `wrangler secret put NAME` with the value on
 * stdin (never on the command line, where other users could see it). DRIFTCHECK_WRANGLER
 * overrides the command (tests use a stand-in).
 */
import { spawn } from "node:child_process";
import { userError } from "../core/errors.js";

export interface SecretStore {
  list(): Promise<string[]>;
  put(name: string, value: string): Promise<void>;
}

export function wranglerSecretStore(env: Record<string, string | undefined>, cwd: string): SecretStore {
  const command = (env.DRIFTCHECK_WRANGLER ?? "npx wrangler").split(" ").filter(Boolean);
  const run = (args: string[], stdin?: string) =>
    new Promise<{ code: number; stdout: string; stderr: string }>((done, fail) => {
      const child = spawn(command[0]!, [...command.slice(1), ...args], { cwd, env: { ...env, WRANGLER_SEND_METRICS: "false" }, stdio: ["pipe", "pipe", "pipe"] });
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
      child.on("error", fail);
      child.on("close", (code) => done({ code: code ?? 1, stdout, stderr }));
      child.stdin.end(stdin ?? "");
    });
  return {
    async list() {
      const result = await run(["secret", "list", "--format", "json"]);
      if (result.code !== 0) {
        throw userError(`\`wrangler secret list\` failed: ${lastLine(result.stderr || result.stdout)}`, "Run this in the driftcheck repository after `npx wrangler login` and a first `npm run deploy`, or pass --print.");
      }
      try {
        return (JSON.parse(result.stdout) as { name: string }[]).map((secret) => secret.name);
      } catch {
        throw userError("`wrangler secret list --format json` did not print JSON.", "Update wrangler, or pass --print and store the secrets yourself.");
      }
    },
    async put(name, value) {
      const result = await run(["secret", "put", name], value);
      if (result.code !== 0) throw userError(`\`wrangler secret put ${name}\` failed: ${lastLine(result.stderr || result.stdout)}`, "Pass --print and store the secrets yourself.");
    },
  };
}

function lastLine(text: string): string {
  return text.trim().split("\n").pop() ?? "";
}
