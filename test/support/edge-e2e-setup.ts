/**
 * globalSetup of the workerd project (Node side): starts the edge stack over real PostgreSQL 15
 * (edge-stack.ts) with the default Neon project — default branch `main` and `preview/feature-x`,
 * both migrated minus the example's last migration — and a small control server the tests in
 * workerd call to add commits and branches, apply migrations and read what the stand-ins saw;
 * and the stand-in Slack incoming webhook the production monitor alerts (alert-server.ts).
 * Everything the Worker needs is handed over with `provide` (see vitest.config.ts).
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { TestProject } from "vitest/node";
import { startAlertReceiver } from "./alert-server.js";
import { startFaultProxy, type Fault, type FaultProxy } from "./fault-proxy.js";
import { APP_ID, DEFAULT_PROJECT_ID, issuedInstallationTokens, startEdgeStack, type BranchHandle, type BranchSpec } from "./edge-stack.js";

export interface EdgeTestContext {
  githubUrl: string;
  neonApiUrl: string;
  neonSqlUrl: string;
  controlUrl: string;
  appId: string;
  appPrivateKey: string;
  neonApiKey: string;
  readOnlyPassword: string;
  projectId: string;
  vercelUrl: string;
  vercelToken: string;
  /** The stand-in Slack incoming webhook (alert-server.ts): ALERT_WEBHOOK_URL, and its control routes. */
  alertWebhookUrl: string;
  alertControlUrl: string;
}

declare module "vitest" {
  export interface ProvidedContext {
    edge: EdgeTestContext;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const stack = await startEdgeStack({ backend: "pg", secrets: { readOnlyPassword: "canary-pw-5e1f0c", neonApiKey: "canary-neon-key-9b2d7a", vercelToken: "canary-vercel-token-3c8e1d" } });
  const alerts = await startAlertReceiver();
  const branches = new Map<string, BranchHandle>();
  for (const spec of [
    { projectId: DEFAULT_PROJECT_ID, name: "main", default: true, state: "all-but-last" },
    { projectId: DEFAULT_PROJECT_ID, name: "preview/feature-x", state: "all-but-last" },
  ] satisfies BranchSpec[]) {
    const handle = await stack.addBranch(spec);
    branches.set(`${spec.projectId}/${spec.name}`, handle);
  }

  const faultProxies: FaultProxy[] = [];
  const control = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => json(res, 500, { error: error instanceof Error ? error.message : String(error) }));
  });
  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://control");
    const body = req.method === "POST" ? await readJson(req) : {};
    switch (`${req.method} ${url.pathname}`) {
      case "POST /commit":
        return json(res, 200, stack.addCommit(String(body.repo), body.extraFiles ? { extraFiles: body.extraFiles as Record<string, string> } : {}));
      case "POST /branch": {
        const spec = body as unknown as BranchSpec;
        const created = await stack.addBranch(spec);
        branches.set(`${spec.projectId}/${spec.name}`, created);
        return json(res, 200, { id: created.id, host: created.host });
      }
      case "POST /migrate": {
        const branch = branches.get(`${String(body.projectId)}/${String(body.name)}`);
        if (!branch) return json(res, 404, { error: "no such branch" });
        await branch.migrateAll();
        return json(res, 200, { ok: true });
      }
      // Drift introduced out of band (a hand-run ALTER TABLE), for the scheduled monitoring tests.
      case "POST /sql": {
        const branch = branches.get(`${String(body.projectId)}/${String(body.name)}`);
        if (!branch) return json(res, 404, { error: "no such branch" });
        await branch.execute(String(body.sql));
        return json(res, 200, { ok: true });
      }
      // A slow Neon branch: its SQL-over-HTTP requests are held `ms` before they are served.
      case "POST /neon/delay":
        stack.delaySql(String(body.host), Number(body.ms));
        return json(res, 200, { ok: true });
      // GitHub answering with an error (e.g. a 502 on one repository's PR comments), `times` times.
      // `text` (with `headers`) answers a raw body instead, e.g. a 200 HTML page from a proxy.
      case "POST /github/fail-next":
        stack.github.failNext({
          status: Number(body.status),
          path: new RegExp(String(body.path)),
          times: Number(body.times ?? 1),
          ...(typeof body.text === "string" ? { body: Buffer.from(body.text) } : {}),
          ...(body.headers ? { headers: body.headers as Record<string, string> } : {}),
        });
        return json(res, 200, { ok: true });
      // A pull request GitHub knows, with its current head (the late-delivery tests move it).
      case "POST /github/pull":
        stack.github.setPullRequest(String(body.repo), Number(body.number), String(body.sha));
        return json(res, 200, { ok: true });
      // A fault-injecting proxy in front of one stand-in (test/support/fault-proxy.ts).
      case "POST /fault-proxy": {
        const upstreams: Record<string, string> = { github: stack.github.url, neonApi: stack.neonApi.baseUrl, neonSql: stack.neonHttp.endpoint, vercel: stack.vercel.url };
        const upstream = upstreams[String(body.system)];
        if (!upstream) return json(res, 404, { error: "no such system" });
        const proxy = await startFaultProxy(upstream, String(body.fault) as Fault, body.times === undefined ? undefined : Number(body.times));
        faultProxies.push(proxy);
        return json(res, 200, { url: proxy.url, index: faultProxies.length - 1 });
      }
      case "GET /fault-proxy":
        return json(res, 200, faultProxies.map((proxy) => ({ seen: proxy.seen, faulted: proxy.faulted })));
      case "GET /state": {
        const repo = url.searchParams.get("repo");
        const inRepo = (path: string) => repo === null || path.startsWith(`/repos/${repo}/`);
        return json(res, 200, {
          checkRuns: [...stack.github.checkRuns.values()].filter((run) => repo === null || run.repository === repo),
          comments: [...stack.github.comments.values()].filter((comment) => repo === null || comment.repository === repo),
          githubRequests: stack.github.requests.filter((request) => inRepo(request.path)),
          neonApiRequests: stack.neonApi.requests,
          neonHttpRequests: stack.neonHttp.requests,
          installationTokens: issuedInstallationTokens(stack.github),
        });
      }
      // The stand-in Vercel API (test/support/vercel-server.ts): deployments, check runs, requests.
      case "POST /vercel/deployment":
        stack.vercel.addDeployment(body as unknown as Parameters<typeof stack.vercel.addDeployment>[0]);
        return json(res, 200, { ok: true });
      case "POST /vercel/check-run":
        stack.vercel.addCheckRun(String(body.deploymentId), String(body.id));
        return json(res, 200, { ok: true });
      case "POST /vercel/fail-deployment":
        stack.vercel.failDeployment(String(body.id), Number(body.status));
        return json(res, 200, { ok: true });
      case "GET /vercel/state":
        return json(res, 200, { checkRuns: [...stack.vercel.checkRuns.values()], requests: stack.vercel.requests });
      default:
        return json(res, 404, { error: `no route ${req.method} ${url.pathname}` });
    }
  }
  await new Promise<void>((resolve) => control.listen(0, "127.0.0.1", resolve));

  const context: EdgeTestContext = {
    githubUrl: stack.github.url,
    neonApiUrl: stack.neonApi.baseUrl,
    neonSqlUrl: stack.neonHttp.endpoint,
    controlUrl: `http://127.0.0.1:${(control.address() as AddressInfo).port}`,
    appId: String(APP_ID),
    appPrivateKey: stack.appPrivateKey,
    neonApiKey: stack.secrets.neonApiKey,
    readOnlyPassword: stack.secrets.readOnlyPassword,
    projectId: DEFAULT_PROJECT_ID,
    vercelUrl: stack.vercel.url,
    vercelToken: stack.secrets.vercelToken,
    alertWebhookUrl: alerts.webhookUrl,
    alertControlUrl: alerts.controlUrl,
  };
  project.provide("edge", context);

  return async () => {
    await Promise.allSettled(faultProxies.map((proxy) => proxy.close()));
    control.closeAllConnections();
    await new Promise<void>((resolve) => control.close(() => resolve()));
    await alerts.close();
    await stack.close();
  };
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString("utf8");
  return text ? (JSON.parse(text) as Record<string, unknown>) : {};
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}
