/**
 * CUSTOM_MIGRATION is worth a finding only when the hand-written SQL changes schema objects, or
 * while it is pending. test/fixtures/custom-backfill is drizzle-kit 0.31 output whose `--custom`
 * migrations only insert, update and delete rows (partly in a DO block), do so through a helper
 * function and a temporary table that are gone again, or hold only the `--custom` header; test/fixtures/
 * partitioned's creates tables (DESIGN's CUSTOM_MIGRATION case, detection.test.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkFixture, loadFixture, migrateFixture } from "../support/fixtures.js";
import { startServer, type PostgresServer } from "../support/postgres-servers.js";

const backfill = loadFixture("custom-backfill");
const partitioned = loadFixture("partitioned");
let server: PostgresServer;

beforeAll(async () => {
  server = await startServer("pg15");
});
afterAll(async () => {
  await server?.stop();
});

const triples = (findings: { code: string; severity: string; object: string }[]) => findings.map((f) => `${f.code} ${f.severity} ${f.object}`).sort();

describe("CUSTOM_MIGRATION and data-only SQL (PostgreSQL 15)", () => {
  it("an applied data-only custom migration is no finding", async () => {
    const db = await server.createDatabase("custom_backfill_all");
    try {
      await migrateFixture(db, backfill);
      expect(await db.queryColumn(`select plan from accounts`)).toEqual([]);
      const result = await checkFixture(db, backfill);
      expect(result.error).toBeUndefined();
      expect(result.findings).toEqual([]);
    } finally {
      await db.drop();
    }
  });

  it("a pending data-only custom migration is CUSTOM_MIGRATION (info), next to MIGRATION_PENDING", async () => {
    const db = await server.createDatabase("custom_backfill_pending");
    try {
      await migrateFixture(db, backfill, 1);
      const result = await checkFixture(db, backfill);
      const tags = ["0001_backfill", "0002_helper", "0003_blank"];
      expect(triples(result.findings)).toEqual([...tags.map((tag) => `CUSTOM_MIGRATION info ${tag}`), ...tags.map((tag) => `MIGRATION_PENDING error ${tag}`)]);
      for (const finding of result.findings.filter((f) => f.code === "CUSTOM_MIGRATION")) expect(finding.message).toContain("changes data only");
    } finally {
      await db.drop();
    }
  });

  it("a custom migration that creates tables stays CUSTOM_MIGRATION when applied", async () => {
    const db = await server.createDatabase("custom_partitioned_all");
    try {
      await migrateFixture(db, partitioned);
      const result = await checkFixture(db, partitioned);
      expect(triples(result.findings)).toContain("CUSTOM_MIGRATION info 0001_partitions");
    } finally {
      await db.drop();
    }
  });
});
