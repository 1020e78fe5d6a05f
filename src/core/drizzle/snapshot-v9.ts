/**
 * drizzle-kit 1.x snapshot version 9 (1.0.0-rc.5): the first migration's `snapshot.json` is a
 * `base` (the full entity list, as in v8); every later one is a `diff` whose `deltas` turn its
 * parent's schema into its own. A schema is rebuilt the way drizzle-kit rebuilds it
 * (`reconstruct` in drizzle-kit's postgres dialect): follow `prevIds[0]` back to the base, then
 * replay the diffs forward in order. A diff with several parents (two branches merged) also
 * replays the other parents' diffs that the first parent's history lacks, in folder order.
 *
 * Delta operations:
 *   { op: "create", row }        add a row (an identical existing row is fine)
 *   { op: "drop", key }          remove exactly that row (dependents have their own drops)
 *   { op: "alter", key, set }    overwrite fields
 *   { op: "rename", key, set }   overwrite identifying fields, and move every row that refers
 *                                to the renamed one (a column rename renames it in its indexes,
 *                                primary/unique/foreign keys; a table rename moves its columns…)
 * Keys are `<entityType>\0<JSON array of the identifying fields>` (see ENTITY_KEY_FIELDS).
 */
import { userError } from "../errors.js";
import { entityKey, type DdlRow } from "./ddl-1x.js";
import { checkDialect, ddlRow, malformed, prevIds } from "./snapshot-v8.js";

export const ROOT_SNAPSHOT_ID = "00000000-0000-0000-0000-000000000000";

export type Delta =
  | { op: "create"; row: DdlRow }
  | { op: "drop"; key: string }
  | { op: "alter" | "rename"; key: string; set: Record<string, unknown> };

export type SnapshotV9 =
  | { version: "9"; type: "base"; id: string; prevIds: string[]; ddl: DdlRow[] }
  | { version: "9"; type: "diff"; id: string; prevIds: string[]; deltas: Delta[] };

export function parseSnapshotV9(raw: Record<string, unknown>, path: string): SnapshotV9 {
  checkDialect(raw, path);
  const id = typeof raw.id === "string" ? raw.id : "";
  if (!id) throw malformed(path, 'no "id"');
  if (raw.type === "base") {
    if (!Array.isArray(raw.ddl)) throw malformed(path, 'a base snapshot without a "ddl" list');
    return { version: "9", type: "base", id, prevIds: prevIds(raw), ddl: raw.ddl.map((row, index) => ddlRow(row, `${path}: ddl[${index}]`)) };
  }
  if (raw.type === "diff") {
    if (!Array.isArray(raw.deltas)) throw malformed(path, 'a diff snapshot without a "deltas" list');
    return { version: "9", type: "diff", id, prevIds: prevIds(raw), deltas: raw.deltas.map((delta, index) => parseDelta(delta, `${path}: deltas[${index}]`)) };
  }
  throw malformed(path, `"type" is ${JSON.stringify(raw.type ?? null)}, expected "base" or "diff"`);
}

function parseDelta(value: unknown, where: string): Delta {
  const delta = value as Record<string, unknown> | null;
  if (typeof delta !== "object" || delta === null) throw malformed(where, "a delta is not an object");
  if (delta.op === "create") return { op: "create", row: ddlRow(delta.row, where) };
  if (typeof delta.key !== "string" || !delta.key.includes("\0")) throw malformed(where, "a delta has no entity key");
  if (delta.op === "drop") return { op: "drop", key: delta.key };
  if ((delta.op === "alter" || delta.op === "rename") && typeof delta.set === "object" && delta.set !== null) {
    return { op: delta.op, key: delta.key, set: delta.set as Record<string, unknown> };
  }
  throw malformed(where, `unknown delta ${JSON.stringify(delta.op ?? null)}`);
}

/**
 * How a row refers to another (drizzle-kit's DDL `edges`): `fields` pairs the target's field
 * with the referring row's field; `list` names an array field holding target names (optionally
 * objects whose `pick` field is the name, skipped when `skipWhen` is set).
 */
interface Edge {
  to: string;
  fields: [target: string, source: string][];
  list?: { target: string; field: string; pick?: string; skipWhen?: string };
  when?: (row: DdlRow) => boolean;
}

const inTable: Edge = { to: "tables", fields: [["schema", "schema"], ["name", "table"]] };
const inSchema: Edge = { to: "schemas", fields: [["name", "schema"]] };
const onColumns = (field: string, pick?: string, skipWhen?: string): Edge => ({
  to: "columns",
  fields: [["schema", "schema"], ["table", "table"]],
  list: { target: "name", field, ...(pick ? { pick } : {}), ...(skipWhen ? { skipWhen } : {}) },
});

const EDGES: Record<string, Edge[]> = {
  tables: [inSchema],
  enums: [inSchema],
  sequences: [inSchema],
  views: [inSchema],
  checks: [inTable],
  policies: [inTable, { to: "roles", fields: [], list: { target: "name", field: "roles" } }],
  privileges: [inTable, { to: "roles", fields: [["name", "grantee"]] }, { to: "roles", fields: [["name", "grantor"]] }],
  columns: [
    inTable,
    { to: "enums", fields: [["schema", "typeSchema"], ["name", "type"]], when: (row) => typeof row.typeSchema === "string" && row.typeSchema !== "pg_catalog" },
  ],
  indexes: [inTable, onColumns("columns", "value", "isExpression")],
  pks: [inTable, onColumns("columns")],
  uniques: [inTable, onColumns("columns")],
  fks: [
    inTable,
    onColumns("columns"),
    { to: "tables", fields: [["schema", "schemaTo"], ["name", "tableTo"]] },
    { to: "columns", fields: [["schema", "schemaTo"], ["table", "tableTo"]], list: { target: "name", field: "columnsTo" } },
  ],
};

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** The patch that moves `row` from the renamed `from` to `to`, or null when it does not refer to it. */
function relocate(edge: Edge, row: DdlRow, from: DdlRow, to: DdlRow): Record<string, unknown> | null {
  if (edge.when && !edge.when(row)) return null;
  if (!edge.fields.every(([target, source]) => same(row[source], from[target]))) return null;
  const patch: Record<string, unknown> = {};
  for (const [target, source] of edge.fields) patch[source] = to[target];
  if (!edge.list) return patch;
  const { target, field, pick, skipWhen } = edge.list;
  const elements = row[field];
  if (!Array.isArray(elements)) return null;
  let changed = false;
  patch[field] = elements.map((element: unknown) => {
    const record = element as Record<string, unknown>;
    if (skipWhen && record?.[skipWhen]) return element;
    const name = pick ? record?.[pick] : element;
    if (!same(name, from[target])) return element;
    changed = true;
    return pick ? { ...record, [pick]: to[target] } : to[target];
  });
  return changed ? patch : null;
}

/** The entity rows of one schema state, keyed as drizzle-kit keys them. */
export class DdlState {
  private readonly rows = new Map<string, DdlRow>();

  static of(rows: DdlRow[], path: string): DdlState {
    const state = new DdlState();
    for (const row of rows) {
      const key = DdlState.keyOf(row);
      if (state.rows.has(key)) throw malformed(path, `it lists ${row.entityType} ${entityKey(row)} twice`);
      state.rows.set(key, { ...row });
    }
    return state;
  }

  static keyOf(row: DdlRow): string {
    return `${row.entityType}\0${entityKey(row)}`;
  }

  list(): DdlRow[] {
    return [...this.rows.values()];
  }

  apply(deltas: Delta[], path: string): void {
    for (const delta of deltas) {
      if (delta.op === "create") {
        const key = DdlState.keyOf(delta.row);
        const existing = this.rows.get(key);
        if (existing && !same(sortedFields(existing), sortedFields(delta.row))) {
          throw collision(path, `the create delta adds ${key.replace("\0", " ")}, which another row already has`);
        }
        this.rows.set(key, { ...delta.row });
      } else if (delta.op === "drop") {
        this.rows.delete(delta.key);
      } else {
        this.update(delta.key, delta.set, path);
      }
    }
  }

  private update(key: string, set: Record<string, unknown>, path: string): void {
    const row = this.rows.get(key);
    if (!row) return; // drizzle-kit's update of a missing row changes nothing either
    const next: DdlRow = { ...row, ...set, entityType: row.entityType };
    if (DdlState.keyOf(next) === key) {
      this.rows.set(key, next);
      return;
    }
    // A key change (rename): move every row that refers to the old identity, transitively.
    const all = new Map(this.rows);
    all.set(key, next);
    const queue: { from: DdlRow; to: DdlRow }[] = [{ from: row, to: next }];
    for (let at = 0; at < queue.length; at++) {
      const { from, to } = queue[at]!;
      for (const [depKey, dep] of all) {
        for (const edge of EDGES[dep.entityType] ?? []) {
          if (edge.to !== from.entityType) continue;
          const current = all.get(depKey)!;
          const patch = relocate(edge, current, from, to);
          if (!patch) continue;
          const moved = { ...current, ...patch };
          all.set(depKey, moved);
          if (DdlState.keyOf(moved) !== DdlState.keyOf(current)) queue.push({ from: current, to: moved });
        }
      }
    }
    this.rows.clear();
    for (const moved of all.values()) {
      const movedKey = DdlState.keyOf(moved);
      if (this.rows.has(movedKey)) throw collision(path, `a rename moves a row onto ${movedKey.replace("\0", " ")}, which another row already has`);
      this.rows.set(movedKey, moved);
    }
  }
}

function sortedFields(row: DdlRow): Record<string, unknown> {
  return Object.fromEntries(Object.keys(row).sort().filter((field) => row[field] !== null && row[field] !== undefined).map((field) => [field, row[field]]));
}

function collision(path: string, what: string): Error {
  return userError(
    `${path}: ${what}. Two migrations gave one name to two different entities.`,
    "Regenerate the clashing migration with `npx drizzle-kit generate` (drizzle-kit's `check` command reports the same).",
  );
}

/** Snapshots of one folder by id, in folder order, with the path each was read from. */
export type SnapshotsById = Map<string, { snapshot: SnapshotV9; path: string }>;

/** The schema state after snapshot `id`. */
export function reconstruct(snapshots: SnapshotsById, id: string): DdlState {
  const diffs: { snapshot: Extract<SnapshotV9, { type: "diff" }>; path: string }[] = [];
  let entry = lookup(snapshots, id, id);
  while (entry.snapshot.type === "diff") {
    diffs.push({ snapshot: entry.snapshot, path: entry.path });
    const parent = entry.snapshot.prevIds[0];
    if (parent === undefined || parent === ROOT_SNAPSHOT_ID) {
      throw userError(
        `${entry.path} is a diff snapshot whose history does not reach a base snapshot.`,
        "Restore the first migration folder from git, or regenerate the folder with `npx drizzle-kit generate`.",
      );
    }
    entry = lookup(snapshots, parent, entry.path);
  }
  const state = DdlState.of(entry.snapshot.ddl, entry.path);
  for (const { snapshot, path } of diffs.reverse()) {
    if (snapshot.prevIds.length > 1) applyOtherParents(state, snapshots, snapshot.prevIds);
    state.apply(snapshot.deltas, path);
  }
  return state;
}

function applyOtherParents(state: DdlState, snapshots: SnapshotsById, parents: string[]): void {
  const [first, ...others] = parents;
  const rest = history(snapshots, others, history(snapshots, first === undefined ? [] : [first]));
  for (const [id, { snapshot, path }] of snapshots) {
    if (rest.has(id) && snapshot.type === "diff") state.apply(snapshot.deltas, path);
  }
}

/** Ids reachable through prevIds from `ids`, excluding `known`. */
function history(snapshots: SnapshotsById, ids: string[], known = new Set<string>()): Set<string> {
  const found = new Set<string>();
  const stack = [...ids];
  while (stack.length > 0) {
    const id = stack.pop()!;
    if (id === ROOT_SNAPSHOT_ID || found.has(id) || known.has(id)) continue;
    found.add(id);
    stack.push(...lookup(snapshots, id, id).snapshot.prevIds);
  }
  return found;
}

function lookup(snapshots: SnapshotsById, id: string, from: string) {
  const entry = snapshots.get(id);
  if (entry) return entry;
  throw userError(
    `Cannot rebuild the schema of ${from}: snapshot ${id} is not in the migrations folder.`,
    "Restore the missing migration folder from git, or regenerate the later migrations with `npx drizzle-kit generate`.",
  );
}
