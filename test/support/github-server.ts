/**
 * A stand-in GitHub REST API for tests and local runs (never bundled into the Worker).
 *
 * It speaks the parts of the real protocol driftcheck uses and enforces what GitHub enforces:
 *  - `/app/...` routes need an App JWT, verified RS256 against the App's public key with GitHub's
 *    window (exp in the future and at most 10 minutes after iat, iat not in the future);
 *  - `POST /app/installations/{id}/access_tokens` issues installation tokens (1 h), and `/repos/...`
 *    routes accept only those (or plain tokens registered with `addPlainToken`), for the
 *    installation's repositories and permissions; check runs refuse plain tokens like GitHub does;
 *  - repositories are real git object graphs (blob/tree/commit shas computed as git does), so a
 *    folder's tree sha changes exactly when its content changes;
 *  - request bodies of check runs, comments, statuses and token requests are validated against the
 *    request-body schemas of GitHub's published OpenAPI description (`@octokit/openapi`, loaded
 *    once per process by github-openapi.ts) plus one rule GitHub states only in prose (a completed
 *    create needs a conclusion) — stricter in one way: unknown properties are refused, to catch
 *    typos that GitHub would silently ignore (GitHub's schemas do not set additionalProperties).
 *    400 for unparsable JSON (as GitHub), 422 for a schema breach;
 *  - pull requests exist once `setPullRequest` opens them (`GET /repos/{o}/{r}/pulls/{n}` answers
 *    with the head commit, as GitHub does; 404 for a number never opened);
 *  - unknown routes answer 404; every request is recorded with credentials masked.
 */
import { createHash, createPublicKey, generateKeyPairSync, randomBytes, verify, type KeyObject } from "node:crypto";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { join, relative, sep } from "node:path";
import { Ajv, type ErrorObject } from "ajv";
import { ManifestFlow } from "./github-manifest.js";
import { closeObjects, githubRequestSchema, type GitHubOperation } from "./github-openapi.js";
import type { RecordedRequest, StoredCheckRun, StoredComment } from "./stand-in-records.js";

// The records are plain types shared with the workerd tests, which cannot load this file.
export type { RecordedRequest, StoredCheckRun, StoredComment };

// ---------------------------------------------------------------------------------------------
// Options and records

export interface StandInApp {
  /** Numeric App id; `iss` may be this or `clientId`. */
  id: number;
  clientId?: string;
  /** PEM or KeyObject of the App's public key. */
  publicKey: string | KeyObject;
}

export type Permission = "read" | "write" | "none";

export interface StandInInstallation {
  id: number;
  /** `owner/name` of the repositories the installation covers. */
  repositories: string[];
  /** Defaults: checks, contents, issues, pull_requests, statuses, metadata all `write`. */
  permissions?: Partial<Record<"checks" | "contents" | "issues" | "pull_requests" | "statuses" | "metadata", Permission>>;
}

export interface InjectedFailure {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
  /** Only requests whose path matches; default all. */
  path?: RegExp;
  /** How many matching requests fail; default 1. */
  times?: number;
}

export interface StoredStatus {
  id: number;
  repository: string;
  sha: string;
  state: string;
  context: string;
  description: string | null;
  target_url: string | null;
}

export interface StoredPullRequest {
  repository: string;
  number: number;
  headSha: string;
  headRef: string;
  state: "open" | "closed";
}

export interface GitHubStandInOptions {
  app?: StandInApp;
  installations?: StandInInstallation[];
  /** Server clock for JWT windows and token expiry; default Date.now. */
  now?: () => number;
  /** Installation token lifetime; default 1 hour as on GitHub. */
  tokenTtlMs?: number;
}

// ---------------------------------------------------------------------------------------------
// Git objects

interface TreeItem {
  name: string;
  mode: "100644" | "040000" | "120000";
  type: "blob" | "tree";
  sha: string;
}

interface RepoStore {
  fullName: string;
  defaultBranch: string;
  blobs: Map<string, Buffer>;
  trees: Map<string, TreeItem[]>;
  /** commit sha → root tree sha */
  commits: Map<string, string>;
  branches: Map<string, string>;
  /** Pretend GitHub truncated recursive listings of this repository. */
  truncated: boolean;
}

function gitHash(type: string, content: Buffer): string {
  return createHash("sha1").update(`${type} ${content.length}\0`).update(content).digest("hex");
}

/** Git sorts tree entries by name, comparing directory names as if they ended in "/". */
function gitOrder(a: TreeItem, b: TreeItem): number {
  const ka = a.type === "tree" ? `${a.name}/` : a.name;
  const kb = b.type === "tree" ? `${b.name}/` : b.name;
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}

/** `links`: paths (relative to this tree) that are symbolic links, their content the target (mode 120000). */
function writeTree(repo: RepoStore, files: Map<string, Buffer>, links: ReadonlySet<string> = new Set()): string {
  const direct = new Map<string, Buffer>();
  const subdirs = new Map<string, Map<string, Buffer>>();
  for (const [path, content] of files) {
    const slash = path.indexOf("/");
    if (slash === -1) direct.set(path, content);
    else {
      const dir = path.slice(0, slash);
      if (!subdirs.has(dir)) subdirs.set(dir, new Map());
      subdirs.get(dir)!.set(path.slice(slash + 1), content);
    }
  }
  const linksUnder = (dir: string) => new Set([...links].filter((link) => link.startsWith(`${dir}/`)).map((link) => link.slice(dir.length + 1)));
  const items: TreeItem[] = [];
  for (const [name, content] of direct) {
    const sha = gitHash("blob", content);
    repo.blobs.set(sha, content);
    items.push({ name, mode: links.has(name) ? "120000" : "100644", type: "blob", sha });
  }
  for (const [name, sub] of subdirs) items.push({ name, mode: "040000", type: "tree", sha: writeTree(repo, sub, linksUnder(name)) });
  items.sort(gitOrder);
  const raw = Buffer.concat(
    items.map((item) => Buffer.concat([Buffer.from(`${item.mode === "040000" ? "40000" : item.mode} ${item.name}\0`), Buffer.from(item.sha, "hex")])),
  );
  const sha = gitHash("tree", raw);
  repo.trees.set(sha, items);
  return sha;
}

/** Every file under `dir` as `prefix/relative/path` → bytes. */
export function readDirectoryFiles(dir: string, prefix = ""): Record<string, Buffer> {
  const out: Record<string, Buffer> = {};
  const walk = (current: string) => {
    for (const entry of readdirSync(current).sort()) {
      const full = join(current, entry);
      if (statSync(full).isDirectory()) walk(full);
      else {
        const rel = relative(dir, full).split(sep).join("/");
        out[prefix ? `${prefix}/${rel}` : rel] = readFileSync(full);
      }
    }
  };
  walk(dir);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Request bodies: the JSON Schemas of checks/create, checks/update, issues/create-comment,
// issues/update-comment, repos/create-commit-status and apps/create-installation-access-token,
// read from GitHub's published OpenAPI description (see github-openapi.ts), compiled on first use.

type SchemaName = "createCheckRun" | "updateCheckRun" | "createComment" | "updateComment" | "commitStatus" | "accessToken";

const OPERATION_OF: Record<SchemaName, GitHubOperation> = {
  createCheckRun: "createCheckRun",
  updateCheckRun: "updateCheckRun",
  createComment: "createComment",
  updateComment: "updateComment",
  commitStatus: "createCommitStatus",
  accessToken: "createInstallationToken",
};

/**
 * A rule GitHub states in the description's prose but not in checks/create's schema (checks/update
 * encodes it as an `anyOf`): "conclusion is required if you provide completed_at or a status of
 * completed" — GitHub answers 422 without it.
 */
const CREATE_NEEDS_CONCLUSION = {
  if: { anyOf: [{ required: ["completed_at"] }, { required: ["status"], properties: { status: { const: "completed" } } }] },
  then: { required: ["conclusion"] },
};

let ajv: Ajv | undefined;
const validators = new Map<SchemaName, ReturnType<Ajv["compile"]>>();

function validatorFor(name: SchemaName): ReturnType<Ajv["compile"]> {
  let validate = validators.get(name);
  if (validate) return validate;
  if (!ajv) {
    ajv = new Ajv({ allErrors: true, strict: false });
    // ajv-formats is not a dependency; GitHub's ISO 8601 timestamps are checked by Date.parse.
    ajv.addFormat("date-time", { type: "string", validate: (value: string) => /^\d{4}-\d\d-\d\dT/.test(value) && !Number.isNaN(Date.parse(value)) });
  }
  // GitHub's schemas leave objects open; closing them is the stand-in's typo guard (see closeObjects).
  const published = closeObjects(githubRequestSchema(OPERATION_OF[name])) as Record<string, unknown>;
  const schema = name === "createCheckRun" ? { allOf: [published, CREATE_NEEDS_CONCLUSION] } : published;
  validate = ajv.compile(schema);
  validators.set(name, validate);
  return validate;
}

function schemaErrors(name: SchemaName, body: unknown): string[] {
  const validate = validatorFor(name);
  if (validate(body)) return [];
  return (validate.errors ?? []).map((error: ErrorObject) => `${error.instancePath || "/"} ${error.message ?? "is invalid"}`);
}

// ---------------------------------------------------------------------------------------------
// The server

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

type Caller =
  | { kind: "app" }
  | { kind: "installation"; installation: StandInInstallation }
  | { kind: "plain"; repositories: Set<string> };

interface IssuedToken {
  installationId: number;
  expiresAtMs: number;
}

export class GitHubStandIn {
  readonly requests: RecordedRequest[] = [];
  readonly checkRuns = new Map<number, StoredCheckRun>();
  readonly comments = new Map<number, StoredComment>();
  readonly statuses: StoredStatus[] = [];
  /** Apps created through the App Manifest flow (github-manifest.ts). */
  readonly manifestFlow: ManifestFlow;
  /** Installation tokens issued so far (count only; the values are never exposed in records). */
  tokensIssued = 0;
  /** `owner/name#number` → the pull request's head and state. */
  readonly pulls = new Map<string, StoredPullRequest>();

  private server: Server | undefined;
  private port = 0;
  private readonly repos = new Map<string, RepoStore>();
  private readonly installations = new Map<number, StandInInstallation>();
  private readonly tokens = new Map<string, IssuedToken>();
  private readonly plainTokens = new Map<string, Set<string>>();
  private readonly failures: (InjectedFailure & { remaining: number })[] = [];
  private app: { id: number; clientId: string | undefined; key: KeyObject } | undefined;
  private nextId = 1000;
  private readonly now: () => number;
  private readonly tokenTtlMs: number;

  constructor(options: GitHubStandInOptions = {}) {
    this.now = options.now ?? Date.now;
    this.tokenTtlMs = options.tokenTtlMs ?? 60 * 60 * 1000;
    this.manifestFlow = new ManifestFlow(this.now);
    if (options.app) this.setApp(options.app);
    for (const installation of options.installations ?? []) this.addInstallation(installation);
  }

  get url(): string {
    if (!this.server) throw new Error("GitHub stand-in is not started");
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<string> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve, reject) => {
      this.server!.once("error", reject);
      this.server!.listen(0, "127.0.0.1", () => resolve());
    });
    const address = this.server.address();
    this.port = typeof address === "object" && address ? address.port : 0;
    return this.url;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  setApp(app: StandInApp): void {
    const key = typeof app.publicKey === "string" ? createPublicKey(app.publicKey) : app.publicKey;
    this.app = { id: app.id, clientId: app.clientId, key };
  }

  addInstallation(installation: StandInInstallation): void {
    this.installations.set(installation.id, installation);
  }

  /** A token that is not an installation token (a PAT or `GITHUB_TOKEN`) for the no-App fallback. */
  addPlainToken(token: string, repositories: string[]): void {
    this.plainTokens.set(token, new Set(repositories));
  }

  /**
   * Store a commit whose tree holds `files` (path → text or bytes). The commit id is `sha` when
   * given (to match fixtures), else the git hash of a commit object. `branch` moves that branch.
   */
  addCommit(
    fullName: string,
    files: Record<string, string | Buffer>,
    options: { sha?: string; branch?: string; symlinks?: string[] } = {},
  ): { sha: string; treeSha: string; treeShaOf(path: string): string | null } {
    const repo = this.repoStore(fullName);
    const map = new Map(Object.entries(files).map(([path, content]) => [path, typeof content === "string" ? Buffer.from(content) : content]));
    const treeSha = writeTree(repo, map, new Set(options.symlinks ?? []));
    const sha = options.sha ?? gitHash("commit", Buffer.from(`tree ${treeSha}\nauthor stand-in <a@b> 0 +0000\ncommitter stand-in <a@b> 0 +0000\n\n${this.nextId++}\n`));
    repo.commits.set(sha, treeSha);
    repo.branches.set(options.branch ?? repo.defaultBranch, sha);
    return { sha, treeSha, treeShaOf: (path) => this.findTree(repo, treeSha, path) };
  }

  /** Load a directory from disk as a commit, e.g. `examples/soundcloud` at a fixed sha. */
  addCommitFromDirectory(fullName: string, dir: string, options: { sha?: string; branch?: string; prefix?: string } = {}) {
    return this.addCommit(fullName, readDirectoryFiles(dir, options.prefix), options);
  }

  setTruncated(fullName: string, truncated: boolean): void {
    this.repoStore(fullName).truncated = truncated;
  }

  /** Opens (or moves the head of) a pull request, as a push to its branch does on GitHub. */
  setPullRequest(fullName: string, number: number, headSha: string, options: { ref?: string; state?: "open" | "closed" } = {}): StoredPullRequest {
    const previous = this.pulls.get(`${fullName}#${number}`);
    const pull: StoredPullRequest = { repository: fullName, number, headSha, headRef: options.ref ?? previous?.headRef ?? `pr-${number}`, state: options.state ?? previous?.state ?? "open" };
    this.pulls.set(`${fullName}#${number}`, pull);
    return pull;
  }

  /** A comment written by someone else (to prove we find ours among many). */
  addComment(fullName: string, issue: number, body: string, login = "octocat"): StoredComment {
    const comment = { id: this.nextId++, repository: fullName, issue, body, login, updates: 0 };
    this.comments.set(comment.id, comment);
    return comment;
  }

  failNext(failure: InjectedFailure): void {
    this.failures.push({ ...failure, remaining: failure.times ?? 1 });
  }

  requestsTo(method: string, pattern: RegExp): RecordedRequest[] {
    return this.requests.filter((r) => r.method === method && pattern.test(r.path));
  }

  clearRequests(): void {
    this.requests.length = 0;
  }

  // -------------------------------------------------------------------------------------------

  private repoStore(fullName: string): RepoStore {
    let repo = this.repos.get(fullName);
    if (!repo) {
      repo = { fullName, defaultBranch: "main", blobs: new Map(), trees: new Map(), commits: new Map(), branches: new Map(), truncated: false };
      this.repos.set(fullName, repo);
    }
    return repo;
  }

  private findTree(repo: RepoStore, rootSha: string, path: string): string | null {
    let sha = rootSha;
    for (const part of path.split("/").filter(Boolean)) {
      const item = repo.trees.get(sha)?.find((entry) => entry.name === part && entry.type === "tree");
      if (!item) return null;
      sha = item.sha;
    }
    return sha;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", this.url);
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString("utf8");
    // github.com's web form of the App Manifest flow (form-encoded, answered with a redirect).
    if (req.method === "POST" && url.pathname.endsWith("/settings/apps/new")) {
      const answer = this.manifestFlow.submitForm(url.pathname, url.searchParams, new URLSearchParams(raw));
      this.requests.push({ method: "POST", path: url.pathname, query: Object.fromEntries(url.searchParams), headers: {}, body: undefined, status: answer.status });
      res.writeHead(answer.status, answer.location ? { location: answer.location } : { "content-type": "text/plain" });
      res.end(answer.message ?? "");
      return;
    }
    const record: RecordedRequest = {
      method: req.method ?? "GET",
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers: recordedHeaders(req, (token) => this.credentialKind(token)),
      body: undefined,
      status: 0,
    };
    this.requests.push(record);
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      record.status = status;
      const isRaw = Buffer.isBuffer(body);
      res.writeHead(status, {
        "content-type": isRaw ? "application/vnd.github.raw" : "application/json; charset=utf-8",
        "x-github-request-id": `STANDIN-${this.requests.length}`,
        ...headers,
      });
      res.end(isRaw ? body : body === undefined ? "" : JSON.stringify(body));
    };
    try {
      if (raw !== "") {
        try {
          record.body = JSON.parse(raw);
        } catch {
          throw new HttpError(400, "Problems parsing JSON");
        }
      }
      if (!req.headers["user-agent"]) throw new HttpError(403, "Request forbidden by administrative rules. Please make sure your request has a User-Agent header");
      const failure = this.failures.find((f) => f.remaining > 0 && (!f.path || f.path.test(url.pathname)));
      if (failure) {
        failure.remaining--;
        send(failure.status, failure.body ?? { message: `injected ${failure.status}` }, failure.headers);
        return;
      }
      const result = await this.route(record.method, url, record.body, req);
      send(result.status, result.body, result.headers);
    } catch (error) {
      if (error instanceof HttpError) send(error.status, { message: error.message, documentation_url: "https://docs.github.com/rest" }, error.headers);
      else send(500, { message: `stand-in bug: ${error instanceof Error ? error.message : String(error)}` });
    }
  }

  private credentialKind(token: string): string {
    if (this.tokens.has(token)) return "installation-token";
    if (this.plainTokens.has(token)) return "plain-token";
    if (token.split(".").length === 3) return "jwt";
    return "unknown";
  }

  private async route(method: string, url: URL, body: unknown, req: IncomingMessage): Promise<{ status: number; body: unknown; headers?: Record<string, string> }> {
    const path = url.pathname;
    let m: RegExpExecArray | null;

    if ((m = /^\/app\/installations\/(\d+)\/access_tokens$/.exec(path)) && method === "POST") {
      this.requireAppJwt(req);
      this.validate("accessToken", body ?? {});
      const installation = this.installations.get(Number(m[1]));
      if (!installation) throw new HttpError(404, "Not Found");
      const token = `ghs_${randomBytes(18).toString("base64url")}`;
      const expiresAtMs = this.now() + this.tokenTtlMs;
      this.tokens.set(token, { installationId: installation.id, expiresAtMs });
      this.tokensIssued++;
      return { status: 201, body: { token, expires_at: new Date(expiresAtMs).toISOString().replace(/\.\d{3}Z$/, "Z"), permissions: permissionsOf(installation), repository_selection: "selected" } };
    }
    if ((m = /^\/app-manifests\/([^/]+)\/conversions$/.exec(path)) && method === "POST") {
      return this.manifestFlow.convert(decodeURIComponent(m[1]!), this.url);
    }
    if (path === "/app" && method === "GET") {
      this.requireAppJwt(req);
      return { status: 200, body: { id: this.app!.id, client_id: this.app!.clientId ?? null, slug: "driftcheck", name: "driftcheck" } };
    }

    if (path === "/graphql" && method === "POST") return this.graphql(body, req);

    if (!(m = /^\/repos\/([^/]+)\/([^/]+)(\/.*)?$/.exec(path))) throw new HttpError(404, "Not Found");
    const fullName = `${decodeURIComponent(m[1]!)}/${decodeURIComponent(m[2]!)}`;
    const rest = m[3] ?? "";
    const caller = this.authenticateRepoCaller(req, fullName);
    const repo = this.repos.get(fullName);
    if (!repo) throw new HttpError(404, "Not Found");

    if ((m = /^\/git\/trees\/([^/]+)$/.exec(rest)) && method === "GET") {
      this.requirePermission(caller, "contents", "read");
      const treeSha = this.resolveTree(repo, decodeURIComponent(m[1]!));
      const recursive = url.searchParams.has("recursive") && !["0", "false"].includes(url.searchParams.get("recursive")!);
      return { status: 200, body: { sha: treeSha, url: `${this.url}/repos/${fullName}/git/trees/${treeSha}`, tree: this.listTree(repo, treeSha, "", recursive, fullName), truncated: recursive && repo.truncated } };
    }
    if ((m = /^\/git\/blobs\/([0-9a-f]{40})$/.exec(rest)) && method === "GET") {
      this.requirePermission(caller, "contents", "read");
      const blob = repo.blobs.get(m[1]!);
      if (!blob) throw new HttpError(404, "Not Found");
      if (wantsRaw(req)) return { status: 200, body: blob };
      return { status: 200, body: { sha: m[1], size: blob.length, encoding: "base64", content: blob.toString("base64"), url: `${this.url}/repos/${fullName}/git/blobs/${m[1]}` } };
    }
    if ((m = /^\/contents\/(.+)$/.exec(rest)) && method === "GET") {
      this.requirePermission(caller, "contents", "read");
      return this.contents(repo, decodeURIComponent(m[1]!), url.searchParams.get("ref") ?? repo.defaultBranch, req);
    }
    if (rest === "/check-runs" && method === "POST") {
      if (caller.kind !== "installation") throw new HttpError(403, "You must authenticate via a GitHub App.");
      this.requirePermission(caller, "checks", "write");
      const input = this.validate("createCheckRun", body) as Record<string, unknown>;
      const run: StoredCheckRun = {
        id: this.nextId++,
        repository: fullName,
        name: String(input.name),
        head_sha: String(input.head_sha),
        status: "queued",
        conclusion: null,
        details_url: null,
        external_id: null,
        started_at: null,
        completed_at: null,
        output: { title: null, summary: null, text: null },
        annotations: [],
        actions: [],
        updates: 0,
      };
      if (!repo.commits.has(run.head_sha)) throw new HttpError(422, "No commit found for SHA: " + run.head_sha);
      applyCheckRunFields(run, input, this.now());
      this.checkRuns.set(run.id, run);
      return { status: 201, body: checkRunJson(run, this.url) };
    }
    if ((m = /^\/check-runs\/(\d+)$/.exec(rest)) && (method === "PATCH" || method === "GET")) {
      if (caller.kind !== "installation") throw new HttpError(403, "You must authenticate via a GitHub App.");
      const run = this.checkRuns.get(Number(m[1]));
      if (!run || run.repository !== fullName) throw new HttpError(404, "Not Found");
      if (method === "GET") return { status: 200, body: checkRunJson(run, this.url) };
      this.requirePermission(caller, "checks", "write");
      const input = this.validate("updateCheckRun", body) as Record<string, unknown>;
      run.updates++;
      applyCheckRunFields(run, input, this.now());
      return { status: 200, body: checkRunJson(run, this.url) };
    }
    if ((m = /^\/issues\/(\d+)\/comments$/.exec(rest))) {
      const issue = Number(m[1]);
      if (method === "GET") {
        this.requirePermission(caller, "issues", "read");
        const perPage = Math.min(100, Math.max(1, Number(url.searchParams.get("per_page") ?? 30) || 30));
        const page = Math.max(1, Number(url.searchParams.get("page") ?? 1) || 1);
        const all = [...this.comments.values()].filter((c) => c.repository === fullName && c.issue === issue).sort((a, b) => a.id - b.id);
        const lastPage = Math.max(1, Math.ceil(all.length / perPage));
        const links: string[] = [];
        const pageUrl = (n: number) => `${this.url}/repos/${fullName}/issues/${issue}/comments?per_page=${perPage}&page=${n}`;
        if (page < lastPage) links.push(`<${pageUrl(page + 1)}>; rel="next"`, `<${pageUrl(lastPage)}>; rel="last"`);
        if (page > 1) links.push(`<${pageUrl(page - 1)}>; rel="prev"`, `<${pageUrl(1)}>; rel="first"`);
        return { status: 200, body: all.slice((page - 1) * perPage, page * perPage).map((c) => commentJson(c, this.url)), headers: links.length ? { link: links.join(", ") } : {} };
      }
      if (method === "POST") {
        this.requirePermission(caller, "issues", "write");
        const input = this.validate("createComment", body) as { body: string };
        const comment = this.addComment(fullName, issue, input.body, "driftcheck[bot]");
        return { status: 201, body: commentJson(comment, this.url) };
      }
    }
    if ((m = /^\/issues\/comments\/(\d+)$/.exec(rest)) && (method === "PATCH" || method === "GET")) {
      const comment = this.comments.get(Number(m[1]));
      if (!comment || comment.repository !== fullName) throw new HttpError(404, "Not Found");
      if (method === "GET") {
        this.requirePermission(caller, "issues", "read");
        return { status: 200, body: commentJson(comment, this.url) };
      }
      this.requirePermission(caller, "issues", "write");
      const input = this.validate("updateComment", body) as { body: string };
      comment.body = input.body;
      comment.updates++;
      return { status: 200, body: commentJson(comment, this.url) };
    }
    if ((m = /^\/pulls\/(\d+)$/.exec(rest)) && method === "GET") {
      this.requirePermission(caller, "pull_requests", "read");
      const pull = this.pulls.get(`${fullName}#${Number(m[1])}`);
      if (!pull) throw new HttpError(404, "Not Found");
      return { status: 200, body: pullRequestJson(pull, repo, this.url) };
    }
    if ((m = /^\/statuses\/([0-9a-f]{40})$/.exec(rest)) && method === "POST") {
      this.requirePermission(caller, "statuses", "write");
      const input = this.validate("commitStatus", body) as Record<string, string | null | undefined>;
      const status: StoredStatus = {
        id: this.nextId++,
        repository: fullName,
        sha: m[1]!,
        state: String(input.state),
        context: input.context ?? "default",
        description: input.description ?? null,
        target_url: input.target_url ?? null,
      };
      this.statuses.push(status);
      return { status: 201, body: { ...status, url: `${this.url}/repos/${fullName}/statuses/${status.sha}`, created_at: new Date(this.now()).toISOString() } };
    }
    throw new HttpError(404, "Not Found");
  }

  private validate(name: SchemaName, body: unknown): unknown {
    const errors = schemaErrors(name, body);
    if (errors.length > 0) throw new HttpError(422, `Invalid request.\n\n${errors.join("\n")}`);
    return body;
  }

  private requireAppJwt(req: IncomingMessage): void {
    const token = bearer(req);
    if (!token) throw new HttpError(401, "A JSON web token could not be decoded");
    if (!this.app) throw new HttpError(401, "No GitHub App is configured on the stand-in");
    const problem = verifyAppJwt(token, this.app, this.now());
    if (problem) throw new HttpError(401, problem);
  }

  /**
   * The part of GitHub's GraphQL API driftcheck uses: aliased `object(oid: "…")` or
   * `object(expression: "<rev>:<path>")` fields of `repository(owner:, name:)` (literals or
   * `$owner`/`$name` variables), answered with the fields selected in `... on Blob { … }`:
   * `text` (null when binary; cut to `graphqlTextLimit` bytes with `isTruncated` beyond it),
   * `isTruncated`, `isBinary`, `byteSize`, `oid`. A repository the caller cannot see is
   * `repository: null` with a NOT_FOUND error, as GitHub answers (HTTP 200).
   */
  graphqlTextLimit = 512 * 1024;

  private graphql(body: unknown, req: IncomingMessage): { status: number; body: unknown } {
    const { query, variables = {} } = (body ?? {}) as { query?: unknown; variables?: Record<string, unknown> };
    if (typeof query !== "string") throw new HttpError(400, "A query attribute must be specified and must be a string.");
    const argument = (name: string): string | undefined => {
      const match = new RegExp(`repository\\([^)]*\\b${name}:\\s*(?:"([^"]*)"|\\$(\\w+))`).exec(query);
      if (!match) return undefined;
      return match[1] ?? (typeof variables[match[2]!] === "string" ? (variables[match[2]!] as string) : undefined);
    };
    const owner = argument("owner");
    const name = argument("name");
    if (!owner || !name) return { status: 200, body: { errors: [{ message: "repository needs owner and name" }] } };
    const fullName = `${owner}/${name}`;
    try {
      this.authenticateRepoCaller(req, fullName);
    } catch (error) {
      if (error instanceof HttpError && error.status === 404) {
        return { status: 200, body: { data: { repository: null }, errors: [{ type: "NOT_FOUND", path: ["repository"], message: `Could not resolve to a Repository with the name '${fullName}'.` }] } };
      }
      throw error;
    }
    const repo = this.repos.get(fullName);
    if (!repo) return { status: 200, body: { data: { repository: null }, errors: [{ type: "NOT_FOUND", path: ["repository"], message: `Could not resolve to a Repository with the name '${fullName}'.` }] } };
    const selected = (/\.\.\.\s*on\s+Blob\s*\{([^}]*)\}/.exec(query)?.[1] ?? "").split(/[\s,]+/).filter(Boolean);
    const answer: Record<string, unknown> = {};
    for (const match of query.matchAll(/(\w+)\s*:\s*object\(\s*(oid|expression)\s*:\s*"([^"]*)"\s*\)/g)) {
      const [, alias, kind, value] = match as unknown as [string, string, string, string];
      let sha: string | null = value;
      if (kind === "expression") {
        const colon = value.indexOf(":");
        const rev = value.slice(0, colon);
        const commit = repo.commits.has(rev) ? rev : repo.branches.get(rev);
        const root = commit ? repo.commits.get(commit) : undefined;
        sha = root ? this.findBlob(repo, root, value.slice(colon + 1)) : null;
      }
      const blob = sha === null ? undefined : repo.blobs.get(sha);
      if (!blob) {
        answer[alias] = null;
        continue;
      }
      const isBinary = blob.includes(0);
      const isTruncated = !isBinary && blob.length > this.graphqlTextLimit;
      const fields: Record<string, unknown> = {
        text: isBinary ? null : (isTruncated ? blob.subarray(0, this.graphqlTextLimit) : blob).toString("utf8"),
        isTruncated,
        isBinary,
        byteSize: blob.length,
        oid: sha,
      };
      answer[alias] = Object.fromEntries(selected.filter((field) => field in fields).map((field) => [field, fields[field]]));
    }
    return { status: 200, body: { data: { repository: answer } } };
  }

  private findBlob(repo: RepoStore, rootSha: string, path: string): string | null {
    const parts = path.split("/").filter(Boolean);
    const file = parts.pop();
    const dir = this.findTree(repo, rootSha, parts.join("/"));
    if (dir === null || file === undefined) return null;
    return repo.trees.get(dir)?.find((entry) => entry.name === file && entry.type === "blob")?.sha ?? null;
  }

  private authenticateRepoCaller(req: IncomingMessage, fullName: string): Caller {
    const token = bearer(req);
    if (!token) throw new HttpError(401, "Requires authentication");
    const issued = this.tokens.get(token);
    if (issued) {
      if (this.now() >= issued.expiresAtMs) throw new HttpError(401, "Bad credentials");
      const installation = this.installations.get(issued.installationId)!;
      // GitHub hides repositories a token cannot see.
      if (!installation.repositories.includes(fullName)) throw new HttpError(404, "Not Found");
      return { kind: "installation", installation };
    }
    const plain = this.plainTokens.get(token);
    if (plain) {
      if (!plain.has(fullName)) throw new HttpError(404, "Not Found");
      return { kind: "plain", repositories: plain };
    }
    throw new HttpError(401, "Bad credentials");
  }

  private requirePermission(caller: Caller, name: keyof NonNullable<StandInInstallation["permissions"]>, level: "read" | "write"): void {
    if (caller.kind !== "installation") return;
    const granted = permissionsOf(caller.installation)[name];
    if (granted === "none" || (level === "write" && granted !== "write")) throw new HttpError(403, "Resource not accessible by integration");
  }

  private resolveTree(repo: RepoStore, treeish: string): string {
    if (repo.trees.has(treeish)) return treeish;
    const commit = repo.commits.get(treeish) ?? repo.commits.get(repo.branches.get(treeish) ?? "");
    if (commit) return commit;
    throw new HttpError(404, "Not Found");
  }

  private listTree(repo: RepoStore, sha: string, prefix: string, recursive: boolean, fullName: string): Record<string, unknown>[] {
    const out: Record<string, unknown>[] = [];
    for (const item of repo.trees.get(sha) ?? []) {
      const path = prefix + item.name;
      out.push({
        path,
        mode: item.mode,
        type: item.type,
        sha: item.sha,
        ...(item.type === "blob" ? { size: repo.blobs.get(item.sha)!.length } : {}),
        url: `${this.url}/repos/${fullName}/git/${item.type === "blob" ? "blobs" : "trees"}/${item.sha}`,
      });
      if (recursive && item.type === "tree") out.push(...this.listTree(repo, item.sha, `${path}/`, true, fullName));
    }
    return out;
  }

  private contents(repo: RepoStore, path: string, ref: string, req: IncomingMessage) {
    const commit = repo.commits.has(ref) ? ref : repo.branches.get(ref);
    const root = commit ? repo.commits.get(commit) : undefined;
    if (!root) throw new HttpError(404, `No commit found for the ref ${ref}`);
    const parts = path.split("/").filter(Boolean);
    const name = parts.pop()!;
    const dir = this.findTree(repo, root, parts.join("/"));
    const item = dir ? repo.trees.get(dir)?.find((entry) => entry.name === name) : undefined;
    if (!item) throw new HttpError(404, "Not Found");
    if (item.type === "tree") {
      return { status: 200, body: (repo.trees.get(item.sha) ?? []).map((e) => ({ name: e.name, path: `${path}/${e.name}`, sha: e.sha, type: e.type === "tree" ? "dir" : "file" })) };
    }
    const blob = repo.blobs.get(item.sha)!;
    if (wantsRaw(req)) return { status: 200, body: blob };
    return { status: 200, body: { type: "file", encoding: "base64", name, path, sha: item.sha, size: blob.length, content: blob.toString("base64") } };
  }
}

export async function startGitHubStandIn(options: GitHubStandInOptions = {}): Promise<GitHubStandIn> {
  const server = new GitHubStandIn(options);
  await server.start();
  return server;
}

// ---------------------------------------------------------------------------------------------
// Helpers

/** Null when valid, else GitHub's kind of message. https://docs.github.com/en/apps/creating-github-apps/authenticating-with-a-github-app/generating-a-json-web-token-jwt-for-a-github-app */
export function verifyAppJwt(token: string, app: { id: number; clientId: string | undefined; key: KeyObject }, nowMs: number): string | null {
  const parts = token.split(".");
  if (parts.length !== 3) return "A JSON web token could not be decoded";
  const [headerPart, payloadPart, signaturePart] = parts as [string, string, string];
  let header: { alg?: unknown; typ?: unknown };
  let payload: { iat?: unknown; exp?: unknown; iss?: unknown };
  try {
    header = JSON.parse(Buffer.from(headerPart, "base64url").toString("utf8"));
    payload = JSON.parse(Buffer.from(payloadPart, "base64url").toString("utf8"));
  } catch {
    return "A JSON web token could not be decoded";
  }
  if (header.alg !== "RS256") return "'alg' must be RS256";
  const signatureOk = verify("RSA-SHA256", Buffer.from(`${headerPart}.${payloadPart}`), app.key, Buffer.from(signaturePart, "base64url"));
  if (!signatureOk) return "A JSON web token could not be decoded";
  const now = Math.floor(nowMs / 1000);
  if (typeof payload.iat !== "number" || typeof payload.exp !== "number") return "'Issued at' and 'Expiration time' claims are required";
  if (payload.iat > now + 30) return "'Issued at' claim ('iat') must be an Integer representing a time in the past";
  if (payload.exp <= now) return "'Expiration time' claim ('exp') must be a numeric value representing the future time at which the assertion expires";
  if (payload.exp - payload.iat > 600 + 60) return "'Expiration time' claim ('exp') is too far in the future";
  if (String(payload.iss) !== String(app.id) && (app.clientId === undefined || payload.iss !== app.clientId)) return "'Issuer' claim ('iss') must be the App id or client id";
  return null;
}

function bearer(req: IncomingMessage): string | null {
  const header = req.headers.authorization;
  if (!header) return null;
  const match = /^(?:bearer|token)\s+(\S+)$/i.exec(header);
  return match ? match[1]! : null;
}

function recordedHeaders(req: IncomingMessage, kindOf: (token: string) => string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of ["accept", "user-agent", "content-type", "x-github-api-version"]) {
    const value = req.headers[name];
    if (typeof value === "string") out[name] = value;
  }
  const auth = req.headers.authorization;
  if (auth) {
    const [scheme, token] = auth.split(/\s+/, 2);
    out.authorization = `${scheme} ***${token ? ` (${kindOf(token)})` : ""}`;
  }
  return out;
}

function wantsRaw(req: IncomingMessage): boolean {
  return /application\/vnd\.github(\.v3)?\.raw/.test(req.headers.accept ?? "");
}

function permissionsOf(installation: StandInInstallation): Record<string, Permission> {
  return { checks: "write", contents: "write", issues: "write", pull_requests: "write", statuses: "write", metadata: "read", ...installation.permissions };
}

function applyCheckRunFields(run: StoredCheckRun, input: Record<string, unknown>, nowMs: number): void {
  for (const key of ["name", "details_url", "external_id", "started_at", "completed_at"] as const) {
    if (typeof input[key] === "string") (run as unknown as Record<string, unknown>)[key] = input[key];
  }
  if (typeof input.status === "string") run.status = input.status;
  // GitHub replaces the buttons only when `actions` is sent (`[]` removes them).
  if (Array.isArray(input.actions)) run.actions = input.actions as StoredCheckRun["actions"];
  if (typeof input.conclusion === "string") {
    // GitHub: providing a conclusion completes the run.
    run.conclusion = input.conclusion;
    run.status = "completed";
    run.completed_at ??= new Date(nowMs).toISOString();
  }
  const output = input.output as { title?: string; summary?: string; text?: string; annotations?: Record<string, unknown>[] } | undefined;
  if (output) {
    if (output.title !== undefined) run.output.title = output.title;
    if (output.summary !== undefined) run.output.summary = output.summary;
    if (output.text !== undefined) run.output.text = output.text;
    // GitHub appends annotations sent by later updates.
    run.annotations.push(...(output.annotations ?? []));
  }
}

function checkRunJson(run: StoredCheckRun, base: string) {
  return {
    id: run.id,
    name: run.name,
    head_sha: run.head_sha,
    status: run.status,
    conclusion: run.conclusion,
    details_url: run.details_url,
    external_id: run.external_id,
    started_at: run.started_at,
    completed_at: run.completed_at,
    url: `${base}/repos/${run.repository}/check-runs/${run.id}`,
    html_url: `https://github.com/${run.repository}/runs/${run.id}`,
    output: { ...run.output, annotations_count: run.annotations.length, annotations_url: `${base}/repos/${run.repository}/check-runs/${run.id}/annotations` },
    app: { slug: "driftcheck" },
    pull_requests: [],
  };
}

/** The fields of GitHub's pull-request object a client reads first (number, state, head, base). */
function pullRequestJson(pull: StoredPullRequest, repo: RepoStore, base: string) {
  const repoJson = { full_name: pull.repository, name: pull.repository.split("/")[1], owner: { login: pull.repository.split("/")[0] } };
  return {
    url: `${base}/repos/${pull.repository}/pulls/${pull.number}`,
    html_url: `https://github.com/${pull.repository}/pull/${pull.number}`,
    number: pull.number,
    state: pull.state,
    head: { label: `${repoJson.owner.login}:${pull.headRef}`, ref: pull.headRef, sha: pull.headSha, repo: repoJson },
    base: { label: `${repoJson.owner.login}:${repo.defaultBranch}`, ref: repo.defaultBranch, sha: repo.branches.get(repo.defaultBranch) ?? null, repo: repoJson },
  };
}

function commentJson(comment: StoredComment, base: string) {
  return {
    id: comment.id,
    body: comment.body,
    user: { login: comment.login, type: comment.login.endsWith("[bot]") ? "Bot" : "User" },
    url: `${base}/repos/${comment.repository}/issues/comments/${comment.id}`,
    html_url: `https://github.com/${comment.repository}/pull/${comment.issue}#issuecomment-${comment.id}`,
  };
}

/** A fresh RSA key pair for a test App, with the private key as GitHub hands it out (PKCS#1) and as PKCS#8. */
export function generateTestAppKeys(): { pkcs1: string; pkcs8: string; publicKey: string } {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  return {
    pkcs1: privateKey.export({ type: "pkcs1", format: "pem" }).toString(),
    pkcs8: privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
    publicKey: publicKey.export({ type: "spki", format: "pem" }).toString(),
  };
}
