import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import {
  createCheckRun,
  claimDelivery,
  getDeliveryStatus,
  markEnqueueFailed,
  deleteRepositoryData,
  findInstallationForRepo,
  getCheck,
  getExpectedSchema,
  getMigrationHashes,
  getPrComment,
  listFindings,
  putExpectedSchema,
  putMigrationHashes,
  markEnqueued,
  saveFindings,
  saveInstallation,
  savePrComment,
  upsertCheck,
  type NewCheck,
} from "../../src/adapters/d1/store.js";
import { checks } from "../../src/adapters/d1/schema.js";
import type { Finding } from "../../src/core/findings.js";
import { db, randomSha, uniqueId } from "./helpers.js";

function newCheck(overrides: Partial<NewCheck> = {}): NewCheck {
  return {
    source: "github",
    repo: `acme/${uniqueId("store")}`,
    sha: randomSha(),
    ref: "main",
    pr: null,
    environment: "production",
    neonBranch: null,
    installationId: null,
    deliveryId: null,
    expectedKey: null,
    ...overrides,
  };
}

function finding(index: number): Finding {
  return {
    code: "COLUMN_MISSING",
    severity: "error",
    kind: "column",
    object: `public.t${index}.updated_at`,
    expected: { type: "timestamp with time zone", notNull: false },
    actual: null,
    message: `column updated_at of t${index} is missing`,
    fixSql: `ALTER TABLE public.t${index} ADD COLUMN updated_at timestamp with time zone;`,
    pendingMigration: index % 2 === 0 ? "0003_add_updated_at" : null,
  };
}

describe("D1 store", () => {
  it("claims a delivery once: a second claim fails while the first is live or enqueued; a failed or expired claim is taken again", async () => {
    const id = crypto.randomUUID();
    const at = (receivedAt: number) => claimDelivery(db(), { id, source: "github", event: "push", receivedAt }, 1000);
    expect(await at(10_000)).toBe(true);
    expect(await getDeliveryStatus(db(), id)).toBe("received");
    // Another request while the first is enqueueing: no claim.
    expect(await at(10_500)).toBe(false);
    // The first crashed between claim and enqueue: its claim expires.
    expect(await at(11_000)).toBe(true);
    await markEnqueued(db(), id);
    expect(await getDeliveryStatus(db(), id)).toBe("enqueued");
    // Enqueued is a duplicate for good, however late the redelivery.
    expect(await at(1_000_000)).toBe(false);

    const failed = crypto.randomUUID();
    expect(await claimDelivery(db(), { id: failed, source: "vercel", event: "deployment.succeeded", receivedAt: 5 })).toBe(true);
    await markEnqueueFailed(db(), failed);
    expect(await getDeliveryStatus(db(), failed)).toBe("failed");
    expect(await claimDelivery(db(), { id: failed, source: "vercel", event: "deployment.succeeded", receivedAt: 6 })).toBe(true);
    expect(await claimDelivery(db(), { id: failed, source: "vercel", event: "deployment.succeeded", receivedAt: 7 })).toBe(false);
  });

  it("gives exactly one of 50 concurrent claims of the same delivery", async () => {
    const id = crypto.randomUUID();
    const claims = await Promise.all(Array.from({ length: 50 }, () => claimDelivery(db(), { id, source: "github", event: "push", receivedAt: Date.now() })));
    expect(claims.filter(Boolean)).toHaveLength(1);
  });

  it("upserts one check per (repo, sha, environment) and numbers re-runs", async () => {
    const input = newCheck();
    const first = await upsertCheck(db(), input, 1000);
    expect(await upsertCheck(db(), input, 2000)).toEqual(first);
    expect((await upsertCheck(db(), { ...input, environment: "preview" }, 1000)).id).not.toBe(first.id);
    const delivery = crypto.randomUUID();
    const rerun = await createCheckRun(db(), { ...input, deliveryId: delivery }, 3000);
    expect(rerun.run).toBe(2);
    expect((await createCheckRun(db(), { ...input, deliveryId: delivery }, 4000)).id).toBe(rerun.id);
    expect((await upsertCheck(db(), input, 5000)).id).toBe(rerun.id);
  });

  it("creates one run per delivery even when the delivery's jobs race (a duplicated cron, a queue retry)", async () => {
    const input = newCheck({ deliveryId: crypto.randomUUID() });
    const runs = await Promise.all([1, 2, 3, 4].map((n) => createCheckRun(db(), input, n)));
    expect(new Set(runs.map((run) => run.id)).size).toBe(1);
    expect(runs[0]!.run).toBe(1);
    const rows = await db().select().from(checks).where(eq(checks.deliveryId, input.deliveryId!)).all();
    expect(rows.map((row) => row.id)).toEqual([runs[0]!.id]);
  });

  it("replaces a check's findings as a whole, past D1's 100-parameter limit", async () => {
    const check = await upsertCheck(db(), newCheck(), 1);
    await saveFindings(db(), check.id, Array.from({ length: 25 }, (_, index) => finding(index)));
    expect(await listFindings(db(), check.id)).toHaveLength(25);
    await saveFindings(db(), check.id, [finding(99)]);
    expect(await listFindings(db(), check.id)).toEqual([finding(99)]);
  });

  it("caches expected schemas by tree sha and migration hashes by blob sha", async () => {
    const tree = randomSha();
    expect(await getExpectedSchema(db(), tree)).toBeNull();
    await putExpectedSchema(db(), tree, { formatVersion: 1, tables: {} }, 1);
    expect(await getExpectedSchema(db(), tree)).toEqual({ formatVersion: 1, tables: {} });
    const blobs = Array.from({ length: 120 }, () => randomSha());
    await putMigrationHashes(db(), new Map(blobs.map((blob) => [blob, `h-${blob}`])));
    const found = await getMigrationHashes(db(), [...blobs, randomSha()]);
    expect(found.size).toBe(120);
    expect(found.get(blobs[7]!)).toBe(`h-${blobs[7]}`);
  });

  it("finds an installation by repository and deletes a repository's data", async () => {
    const repo = `acme/${uniqueId("inst")}`;
    const id = Math.floor(Math.random() * 1e9);
    await saveInstallation(db(), { id, account: "acme", repos: [repo] }, 1);
    expect(await findInstallationForRepo(db(), repo)).toBe(id);
    const check = await upsertCheck(db(), newCheck({ repo }), 1);
    await saveFindings(db(), check.id, [finding(1)]);
    await savePrComment(db(), { repo, pr: 3, commentId: 77, bodyDigest: "d1" }, 1);
    await savePrComment(db(), { repo, pr: 3, commentId: 77, bodyDigest: "d2" }, 2);
    expect(await getPrComment(db(), repo, 3)).toMatchObject({ commentId: 77, bodyDigest: "d2" });
    await deleteRepositoryData(db(), [repo]);
    expect(await getCheck(db(), check.id)).toBeNull();
    expect(await listFindings(db(), check.id)).toEqual([]);
    expect(await getPrComment(db(), repo, 3)).toBeNull();
  });

  it("deletes the data of more repositories than D1 binds parameters in one statement", async () => {
    // An installation removed from an organisation with 250 repositories: D1 allows 100 bound parameters.
    const repos = Array.from({ length: 250 }, () => `acme/${uniqueId("many")}`);
    const first = await upsertCheck(db(), newCheck({ repo: repos[0]! }), 1);
    const last = await upsertCheck(db(), newCheck({ repo: repos[249]! }), 1);
    const kept = await upsertCheck(db(), newCheck(), 1);
    await deleteRepositoryData(db(), repos);
    expect(await getCheck(db(), first.id)).toBeNull();
    expect(await getCheck(db(), last.id)).toBeNull();
    expect(await getCheck(db(), kept.id)).not.toBeNull();
  });
});
