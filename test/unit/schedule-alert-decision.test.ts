/** The production monitor's pure alert decision (src/worker/schedule/alert-decision.ts). */
import { describe, expect, it } from "vitest";
import { decideAlert, driftFingerprint, errorFindingKeys, FINGERPRINT_MAX_CHARS, INITIAL_ALERTED_STATE, type AlertedState, type ScheduledObservation } from "../../src/worker/schedule/alert-decision.js";

const COLUMN = "COLUMN_MISSING public.soundcloud_tracks.updated_at";
const TABLE = "TABLE_MISSING public.plays";
const MIGRATION = "MIGRATION_PENDING 0002_add_updated_at";

const pass: ScheduledObservation = { outcome: "pass", errorKeys: [] };
const error: ScheduledObservation = { outcome: "error", errorKeys: [] };
const fail = (...keys: string[]): ScheduledObservation => ({ outcome: "fail", errorKeys: keys });
const drift = (...keys: string[]): AlertedState => ({ state: "drift", fingerprint: driftFingerprint(keys) });

/** Feeds observations through the decision as the monitor does (every alert delivered); returns the alert kinds. */
function run(observations: ScheduledObservation[], start: AlertedState | null = null): (string | null)[] {
  let state = start;
  return observations.map((observed) => {
    const decision = decideAlert(state, observed);
    state = decision.next;
    return decision.alert?.kind ?? null;
  });
}

describe("decideAlert", () => {
  it("a first clean check says nothing; a first drifted one alerts with every error finding new", () => {
    expect(decideAlert(null, pass)).toEqual({ alert: null, next: INITIAL_ALERTED_STATE });
    expect(decideAlert(null, fail(TABLE, COLUMN))).toEqual({ alert: { kind: "drift", newKeys: [COLUMN, TABLE] }, next: drift(COLUMN, TABLE) });
  });

  it("the same drift never alerts twice, in whatever order its findings come", () => {
    expect(run([fail(COLUMN, TABLE), fail(TABLE, COLUMN), fail(COLUMN, TABLE, COLUMN)])).toEqual(["drift", null, null]);
  });

  it("new error findings alert, naming only the new ones", () => {
    const decision = decideAlert(drift(COLUMN), fail(COLUMN, TABLE));
    expect(decision.alert).toEqual({ kind: "drift", newKeys: [TABLE] });
    expect(decision.next).toEqual(drift(COLUMN, TABLE));
  });

  it("drift that only shrank does not alert, but a finding that comes back afterwards is new again", () => {
    expect(run([fail(COLUMN, TABLE), fail(COLUMN), fail(COLUMN, TABLE)])).toEqual(["drift", null, "drift"]);
  });

  it("recovery alerts once, from drift or from an error", () => {
    expect(run([fail(COLUMN), pass, pass])).toEqual(["drift", "recovered", null]);
    expect(run([error, pass, pass])).toEqual(["error", "recovered", null]);
  });

  it("could not check alerts once when entering that state, whatever came before", () => {
    expect(run([error, error])).toEqual(["error", null]);
    expect(run([fail(COLUMN), error, error, fail(COLUMN)])).toEqual(["drift", "error", null, "drift"]);
  });

  it("a failure without error findings (failOn: warning) is drift too, alerted once", () => {
    expect(run([fail(), fail()])).toEqual(["drift", null]);
    expect(decideAlert(drift(), fail(COLUMN)).alert).toEqual({ kind: "drift", newKeys: [COLUMN] });
  });
});

describe("fingerprints", () => {
  it("are the sorted, distinct error (code, object) pairs", () => {
    const findings = [
      { code: "TABLE_MISSING", object: "public.plays", severity: "error" },
      { code: "INDEX_EXTRA", object: "public.plays_idx", severity: "info" },
      { code: "COLUMN_MISSING", object: "public.soundcloud_tracks.updated_at", severity: "error" },
      { code: "TABLE_MISSING", object: "public.plays", severity: "error" },
      { code: "MIGRATION_PENDING", object: "0002_add_updated_at", severity: "warning" },
    ];
    expect(errorFindingKeys(findings)).toEqual([COLUMN, TABLE]);
    expect(driftFingerprint([TABLE, COLUMN, TABLE])).toBe(`${COLUMN}\n${TABLE}`);
  });

  it("past the size limit are short per-finding hashes: equal sets match, and only really new findings alert", () => {
    const many = Array.from({ length: 600 }, (_, index) => `COLUMN_MISSING public.some_rather_long_table_name.column_${String(index).padStart(4, "0")}`);
    expect(many.join("\n").length).toBeGreaterThan(FINGERPRINT_MAX_CHARS);
    const hashed = driftFingerprint(many);
    expect(hashed.length).toBeLessThanOrEqual(FINGERPRINT_MAX_CHARS);
    expect(hashed.split("\n").slice(1)).toHaveLength(600);
    expect(driftFingerprint([...many].reverse())).toBe(hashed);
    const announced: AlertedState = { state: "drift", fingerprint: hashed };
    expect(decideAlert(announced, fail(...many)).alert).toBeNull();
    // Drift that only shrank does not alert, however large…
    const shrunk = decideAlert(announced, fail(...many.slice(1)));
    expect(shrunk.alert).toBeNull();
    // …nor below the limit again (the plain keys are compared with the stored hashes)…
    expect(decideAlert(announced, fail(...many.slice(0, 10))).alert).toBeNull();
    // …and one finding more names just that one.
    expect(decideAlert(announced, fail(...many, TABLE)).alert).toEqual({ kind: "drift", newKeys: [TABLE] });
    // A finding that went away comes back as new.
    expect(run([fail(...many), fail(...many.slice(1)), fail(...many)])).toEqual(["drift", null, "drift"]);
    expect(decideAlert(shrunk.next, fail(...many)).alert?.newKeys).toEqual([many[0]]);
    expect(decideAlert(drift(MIGRATION), fail(MIGRATION)).alert).toBeNull();
  });
});
