/**
 * A stale snapshot in the Worker, end to end inside workerd: the Worker cannot replay, so
 *  - with a committed driftcheck.expected.json it compares with that;
 *  - without one it compares with the older snapshot and does not fail on the objects the
 *    snapshot-less migration's DDL names (here soundcloud_tracks, which 0002 alters), while any
 *    other finding keeps its severity; SNAPSHOT_STALE says so and names the fixing command;
 *  - a folder with no snapshot at all is "could not check", never a pass against nothing.
 *
 * The folder is examples/soundcloud's with meta/0002_snapshot.json missing, under `stale/`; the
 * Neon branch has all three migrations. Its 0001 snapshot is edited to expect a column
 * (`legacy_plays`, as if 0002 had dropped it) and, in the failing case, a table no migration
 * touches (`playlists`). The tests share the migration files, so from the second on the Worker
 * knows their hashes and skips downloading them — except 0002's, which has no snapshot and whose
 * SQL is the only record of what it changed.
 *
 * Last, a pending data-only custom migration: CUSTOM_MIGRATION says it changes data only, also
 * when the Worker did not download its SQL (hash known) and had to read it to classify it.
 */
/// <reference types="vite/client" />
import { beforeAll, describe, expect, it } from "vitest";
import journal from "../../examples/soundcloud/drizzle/meta/_journal.json" with { type: "json" };
import snapshot0 from "../../examples/soundcloud/drizzle/meta/0000_snapshot.json" with { type: "json" };
import snapshot1 from "../../examples/soundcloud/drizzle/meta/0001_snapshot.json" with { type: "json" };
import snapshot2 from "../../examples/soundcloud/drizzle/meta/0002_snapshot.json" with { type: "json" };
import sql0 from "../../examples/soundcloud/drizzle/0000_create_tracks.sql?raw";
import sql1 from "../../examples/soundcloud/drizzle/0001_add_genre_and_artist_index.sql?raw";
import sql2 from "../../examples/soundcloud/drizzle/0002_add_updated_at.sql?raw";
import { findLatestCheck, listFindings, type StoredCheck } from "../../src/adapters/d1/store.js";
import { snapshotToSchema, upgradeSnapshot } from "../../src/core/drizzle/index.js";
import { db, pushPayload, sendWebhook, waitFor } from "./helpers.js";
import { addBranch, checkRunFor, commit, uniqueRepo } from "./e2e-support.js";

const INSTALLATION = 4242;
const projectId = `proj-stale-${crypto.randomUUID().slice(0, 6)}`;

type Snapshot = { tables: Record<string, { columns: Record<string, unknown> } & Record<string, unknown>> } & Record<string, unknown>;

/** The stale folder under `stale/`; `extraTable` adds a table to the 0001 snapshot that no migration creates. */
function staleFolder(options: { extraTable: boolean }): Record<string, string> {
  const older = structuredClone(snapshot1) as unknown as Snapshot;
  older.tables["public.soundcloud_tracks"]!.columns.legacy_plays = { name: "legacy_plays", type: "integer", primaryKey: false, notNull: true };
  if (options.extraTable) {
    older.tables["public.playlists"] = {
      name: "playlists",
      schema: "",
      columns: { id: { name: "id", type: "integer", primaryKey: true, notNull: true } },
      indexes: {},
      foreignKeys: {},
      compositePrimaryKeys: {},
      uniqueConstraints: {},
      policies: {},
      checkConstraints: {},
      isRLSEnabled: false,
    };
  }
  return {
    "stale/meta/_journal.json": JSON.stringify(journal, null, 2),
    "stale/meta/0000_snapshot.json": JSON.stringify(snapshot0, null, 2),
    "stale/meta/0001_snapshot.json": JSON.stringify(older, null, 2),
    "stale/0000_create_tracks.sql": sql0,
    "stale/0001_add_genre_and_artist_index.sql": sql1,
    "stale/0002_add_updated_at.sql": sql2,
    "driftcheck.json": JSON.stringify({ drizzle: "stale", neon: { projectId } }),
  };
}

async function productionCheck(repo: string, files: Record<string, string>) {
  const { sha } = await commit(repo, files);
  await sendWebhook("push", pushPayload({ repo, sha, ref: "refs/heads/main", installation: INSTALLATION }));
  const run = await checkRunFor(repo, sha);
  const check = await waitFor<StoredCheck>(async () => {
    const found = await findLatestCheck(db(), { repo, sha, environment: "production" });
    return found?.status === "completed" ? found : null;
  }, `the D1 check of ${repo}`, 20_000);
  const findings = await listFindings(db(), check.id);
  return { run, check, findings, triples: findings.map((f) => `${f.code} ${f.severity} ${f.object}`).sort() };
}

beforeAll(async () => {
  await addBranch({ projectId, name: "main", default: true, state: "all" });
});

describe("a stale snapshot in the Worker (no replay there)", () => {
  it("does not fail on what the snapshot-less migration changed, and says how to check exactly", async () => {
    const { run, check, triples, findings } = await productionCheck(uniqueRepo("stale-ok"), staleFolder({ extraTable: false }));
    expect(triples).toEqual([
      "COLUMN_EXTRA info public.soundcloud_tracks.updated_at",
      "COLUMN_MISSING warning public.soundcloud_tracks.legacy_plays",
      "SNAPSHOT_STALE warning 0002_add_updated_at",
    ]);
    expect(run.conclusion).toBe("success");
    expect(check.outcome).toBe("pass");
    const stale = findings.find((f) => f.code === "SNAPSHOT_STALE")!;
    expect(stale.message).toContain("table public.soundcloud_tracks");
    expect(stale.message).toContain("driftcheck replay --out driftcheck.expected.json");
  });

  it("every other finding keeps its severity: a table no migration touches is still TABLE_MISSING, error", async () => {
    const { run, check, triples } = await productionCheck(uniqueRepo("stale-fail"), staleFolder({ extraTable: true }));
    expect(triples).toContain("TABLE_MISSING error public.playlists");
    expect(triples).toContain("COLUMN_MISSING warning public.soundcloud_tracks.legacy_plays");
    expect(run.conclusion).toBe("failure");
    expect(check.outcome).toBe("fail");
  });

  it("a committed driftcheck.expected.json is the expected schema instead", async () => {
    const schema = snapshotToSchema(upgradeSnapshot(structuredClone(snapshot2), "0002_snapshot.json"), "0002_snapshot.json");
    const files = { ...staleFolder({ extraTable: true }), "driftcheck.expected.json": JSON.stringify({ formatVersion: 1, kind: "driftcheck.expected", schema }) };
    const { run, check, triples } = await productionCheck(uniqueRepo("stale-json"), files);
    expect(triples).toEqual([]);
    expect(run.conclusion).toBe("success");
    expect(check.outcome).toBe("pass");
  });

  it("a folder without any snapshot is \"could not check\", never a pass against nothing", async () => {
    const bare = Object.fromEntries(Object.entries(staleFolder({ extraTable: false })).filter(([path]) => !path.includes("_snapshot.json")));
    const { run, check } = await productionCheck(uniqueRepo("stale-none"), bare);
    expect(run.conclusion).toBe("failure");
    expect(run.output.title).toBe("could not check");
    expect(check.outcome).toBe("error");
    expect(run.output.summary).toContain("none of its 3 migrations has a snapshot");
    expect(run.output.summary).toContain("driftcheck replay --out driftcheck.expected.json");
  });
});

describe("a data-only custom migration in the Worker", () => {
  /** The example folder under `custom/` plus 0003_backfill (`--custom`: the 0002 snapshot copied). */
  function customFolder(extra: Record<string, string> = {}): Record<string, string> {
    const copied = { ...structuredClone(snapshot2), id: "33333333-3333-3333-3333-333333333333", prevId: snapshot2.id };
    const withBackfill = structuredClone(journal) as { entries: { idx: number; when: number; tag: string }[] };
    withBackfill.entries.push({ ...withBackfill.entries[2]!, idx: 3, when: withBackfill.entries[2]!.when + 1000, tag: "0003_backfill" });
    return {
      "custom/meta/_journal.json": JSON.stringify(withBackfill, null, 2),
      "custom/meta/0000_snapshot.json": JSON.stringify(snapshot0, null, 2),
      "custom/meta/0001_snapshot.json": JSON.stringify(snapshot1, null, 2),
      "custom/meta/0002_snapshot.json": JSON.stringify(snapshot2, null, 2),
      "custom/meta/0003_snapshot.json": JSON.stringify(copied, null, 2),
      "custom/0000_create_tracks.sql": sql0,
      "custom/0001_add_genre_and_artist_index.sql": sql1,
      "custom/0002_add_updated_at.sql": sql2,
      "custom/0003_backfill.sql": "UPDATE \"soundcloud_tracks\" SET \"genre\" = 'unknown' WHERE \"genre\" IS NULL;",
      "driftcheck.json": JSON.stringify({ drizzle: "custom", neon: { projectId } }),
      ...extra,
    };
  }

  it("is classified data-only on a fresh read and when its SQL hash is already known", async () => {
    const repo = uniqueRepo("custom-data");
    const first = await productionCheck(repo, customFolder());
    expect(first.triples).toEqual(["CUSTOM_MIGRATION info 0003_backfill", "MIGRATION_PENDING error 0003_backfill"]);
    expect(first.findings.find((f) => f.code === "CUSTOM_MIGRATION")!.message).toContain("changes data only");
    // Another file in the folder: a new tree, read again, with every .sql hash known from D1.
    const second = await productionCheck(repo, customFolder({ "custom/NOTES.md": "The backfill is data only.\n" }));
    expect(second.triples).toEqual(["CUSTOM_MIGRATION info 0003_backfill", "MIGRATION_PENDING error 0003_backfill"]);
    expect(second.findings.find((f) => f.code === "CUSTOM_MIGRATION")!.message).toContain("changes data only");
  });
});
