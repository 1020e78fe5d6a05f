/**
 * `npm run trigger`: while `npm start` serves, push a new commit to the stand-in GitHub's
 * `feature-x` branch and send the signed `pull_request` (synchronize) webhook for it, as GitHub
 * would; then print the check run the stand-in received. Exits 1 when `npm start` is not running.
 */
import { existsSync, readFileSync } from "node:fs";
import { signedPullRequestWebhook, START_STATE_FILE, type StartState } from "./start-state.js";

async function trigger(): Promise<number> {
  if (!existsSync(START_STATE_FILE)) {
    process.stderr.write("driftcheck trigger: `npm start` is not running (start it in another terminal first).\n");
    return 1;
  }
  const state = JSON.parse(readFileSync(START_STATE_FILE, "utf8")) as StartState;
  const commit = (await (await fetch(`${state.controlUrl}/commit`, { method: "POST" })).json()) as { sha: string };
  const { body, headers } = await signedPullRequestWebhook({ repo: state.repo, sha: commit.sha, action: "synchronize", secret: state.webhookSecret });
  const response = await fetch(`${state.workerUrl}/webhooks/github`, { method: "POST", headers, body });
  process.stdout.write(`Sent pull_request.synchronize for ${state.repo}@${commit.sha.slice(0, 7)}: HTTP ${response.status}\n`);
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const run = (await (await fetch(`${state.controlUrl}/check-run/${commit.sha}`)).json()) as { conclusion: string; output: { title: string } } | null;
    if (run) {
      process.stdout.write(`schema-drift ${run.conclusion}: ${run.output.title}\n`);
      process.stdout.write(`Stored results: curl -H "Authorization: Bearer ${state.apiToken}" "${state.workerUrl}/api/checks?repo=${encodeURIComponent(state.repo)}"\n`);
      return 0;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  process.stderr.write("driftcheck trigger: no completed check run within 60 s.\n");
  return 1;
}

process.exitCode = await trigger();
