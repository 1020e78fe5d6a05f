/**
 * The stand-in GitHub's App Manifest flow (https://docs.github.com/en/apps/sharing-github-apps/registering-a-github-app-from-a-manifest):
 *  1. the browser POSTs a form with `manifest` (JSON) to github.com/settings/apps/new?state=…
 *     (or /organizations/ORG/settings/apps/new); GitHub creates the App on the user's
 *     confirmation and redirects to the manifest's `redirect_url` with `code` and `state`;
 *  2. the app POSTs /app-manifests/{code}/conversions (no authentication) within an hour and
 *     gets the App's id, slug, html_url, pem, webhook_secret, client_id and client_secret (201).
 * A code converts once. The manifest is checked for what GitHub requires (`url`, a
 * `hook_attributes.url` when the hook is active, a `redirect_url`).
 */
import { generateKeyPairSync, randomBytes } from "node:crypto";

export interface ManifestApp {
  id: number;
  slug: string;
  owner: string;
  manifest: Record<string, unknown>;
  pem: string;
  publicKey: string;
  webhookSecret: string;
  clientId: string;
  clientSecret: string;
  converted: boolean;
}

const CODE_TTL_MS = 60 * 60 * 1000;

export class ManifestFlow {
  readonly apps: ManifestApp[] = [];
  private readonly codes = new Map<string, { app: ManifestApp; issuedAt: number }>();
  private nextId = 900_000;

  constructor(private readonly now: () => number) {}

  /** The web form: returns the redirect (302 Location) GitHub answers with, or an error status. */
  submitForm(path: string, query: URLSearchParams, form: URLSearchParams): { status: number; location?: string; message?: string } {
    const match = /^\/(?:organizations\/([^/]+)\/)?settings\/apps\/new$/.exec(path);
    if (!match) return { status: 404, message: "Not Found" };
    let manifest: Record<string, unknown>;
    try {
      manifest = JSON.parse(form.get("manifest") ?? "") as Record<string, unknown>;
    } catch {
      return { status: 422, message: "manifest is not JSON" };
    }
    const hook = manifest.hook_attributes as { url?: unknown; active?: unknown } | undefined;
    const problems = [
      typeof manifest.url !== "string" ? "url is required" : null,
      typeof manifest.redirect_url !== "string" ? "redirect_url is required" : null,
      hook?.active !== false && typeof hook?.url !== "string" ? "hook_attributes.url is required" : null,
      typeof manifest.name === "string" && manifest.name.length > 34 ? "name is too long (maximum is 34 characters)" : null,
    ].filter((problem): problem is string => problem !== null);
    if (problems.length > 0) return { status: 422, message: problems.join("; ") };
    const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    const id = this.nextId++;
    const name = typeof manifest.name === "string" ? manifest.name : `app-${id}`;
    const app: ManifestApp = {
      id,
      slug: name.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, ""),
      owner: match[1] ?? "octocat",
      manifest,
      pem: privateKey.export({ type: "pkcs1", format: "pem" }).toString(),
      publicKey: publicKey.export({ type: "spki", format: "pem" }).toString(),
      webhookSecret: randomBytes(20).toString("hex"),
      clientId: `Iv23li${randomBytes(7).toString("hex")}`,
      clientSecret: randomBytes(20).toString("hex"),
      converted: false,
    };
    this.apps.push(app);
    const code = randomBytes(10).toString("hex");
    this.codes.set(code, { app, issuedAt: this.now() });
    const redirect = new URL(manifest.redirect_url as string);
    redirect.searchParams.set("code", code);
    const state = query.get("state");
    if (state !== null) redirect.searchParams.set("state", state);
    return { status: 302, location: redirect.href };
  }

  /** POST /app-manifests/{code}/conversions */
  convert(code: string, webUrl: string): { status: number; body: unknown } {
    const issued = this.codes.get(code);
    if (!issued || this.now() - issued.issuedAt > CODE_TTL_MS) return { status: 404, body: { message: "Not Found", documentation_url: "https://docs.github.com/rest/apps/apps#create-a-github-app-from-a-manifest" } };
    this.codes.delete(code);
    const { app } = issued;
    app.converted = true;
    const now = new Date(this.now()).toISOString().replace(/\.\d{3}Z$/, "Z");
    return {
      status: 201,
      body: {
        id: app.id,
        slug: app.slug,
        node_id: `A_${app.id}`,
        owner: { login: app.owner, id: 1, type: "User" },
        name: app.manifest.name ?? app.slug,
        description: app.manifest.description ?? null,
        external_url: app.manifest.url,
        html_url: `${webUrl}/apps/${app.slug}`,
        created_at: now,
        updated_at: now,
        permissions: app.manifest.default_permissions ?? {},
        events: app.manifest.default_events ?? [],
        client_id: app.clientId,
        client_secret: app.clientSecret,
        webhook_secret: app.webhookSecret,
        pem: app.pem,
      },
    };
  }
}
