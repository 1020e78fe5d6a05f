/** A check's findings, replaced as a whole: a retried job leaves exactly one set. */
import { asc, eq } from "drizzle-orm";
import type { Finding } from "../../core/findings.js";
import { chunkRows, type Db } from "./db.js";
import { findings } from "./schema.js";

const FINDING_COLUMNS = 11;

export async function saveFindings(db: Db, checkId: string, list: readonly Finding[]): Promise<void> {
  const rows = list.map((finding) => ({
    checkId,
    code: finding.code,
    severity: finding.severity,
    kind: finding.kind,
    object: finding.object,
    expected: finding.expected ?? null,
    actual: finding.actual ?? null,
    message: finding.message,
    fixSql: finding.fixSql,
    pendingMigration: finding.pendingMigration,
  }));
  const remove = db.delete(findings).where(eq(findings.checkId, checkId));
  const inserts = chunkRows(rows, FINDING_COLUMNS).map((chunk) => db.insert(findings).values(chunk));
  // One batch: D1 runs it as a single transaction, so readers never see half a set.
  await db.batch([remove, ...inserts]);
}

export async function listFindings(db: Db, checkId: string): Promise<Finding[]> {
  const rows = await db.select().from(findings).where(eq(findings.checkId, checkId)).orderBy(asc(findings.id)).all();
  return rows.map((row) => ({
    code: row.code as Finding["code"],
    severity: row.severity,
    kind: row.kind as Finding["kind"],
    object: row.object,
    expected: row.expected ?? null,
    actual: row.actual ?? null,
    message: row.message,
    fixSql: row.fixSql,
    pendingMigration: row.pendingMigration,
  }));
}
