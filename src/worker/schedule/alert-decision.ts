/**
 * Whether a scheduled production check alerts (issue 5), as a pure function of what the monitor
 * last announced and what the check found:
 *  - drift (outcome `fail`): alerted when the monitor was not already in drift, or when error
 *    findings appear that the last drift alert did not name. The same drift never alerts twice;
 *    drift that only shrank (some of it fixed) does not alert either, but is remembered, so a
 *    finding that comes back later is new again;
 *  - could not check (outcome `error`): alerted once when the monitor enters that state;
 *  - pass: one "recovered" alert when the monitor had announced drift or an error.
 *
 * The fingerprint of drift is its sorted error `CODE object` pairs, joined with newlines (so a
 * later check can tell which findings are new). Past FINGERPRINT_MAX_CHARS each pair is stored as
 * a short hash instead (HASHED_HEADER, then sorted KEY_HASH_HEX_CHARS hex hashes, one a line):
 * still a set, so large drift that shrinks does not alert and a single new finding alerts alone.
 */
import type { CheckOutcome, MonitorState } from "../../adapters/d1/schema.js";

/** What the monitor last announced (`ok` before any alert and after a recovery). */
export interface AlertedState {
  state: MonitorState;
  /** Error findings of the drift announced last; null unless `state` is `drift`. */
  fingerprint: string | null;
}

export interface ScheduledObservation {
  outcome: CheckOutcome;
  /** Sorted, distinct `CODE object` keys of the check's error findings (errorFindingKeys). */
  errorKeys: readonly string[];
}

export type AlertKind = "drift" | "error" | "recovered";

export interface AlertDecision {
  /** The message to send, or null. `newKeys`: error findings the monitor has not announced yet. */
  alert: { kind: AlertKind; newKeys: string[] } | null;
  /** What the monitor has announced once this alert (if any) is delivered. */
  next: AlertedState;
}

export const INITIAL_ALERTED_STATE: AlertedState = { state: "ok", fingerprint: null };

/** Joined keys longer than this are stored as per-key hashes (D1 rows stay small). */
export const FINGERPRINT_MAX_CHARS = 16_000;
/** First line of a hashed fingerprint (a `CODE object` key never starts with `#`). */
const HASHED_HEADER = "#hashed";
/**
 * 32 bits per key: ~9 characters a finding (16,000 characters hold ~1,700 findings hashed, against
 * ~250 plain; D1's 2 MB row limit is far). A new finding is mistaken for an announced one with
 * odds of about n / 2^32 for n announced findings: change detection, not security.
 */
const KEY_HASH_HEX_CHARS = 8;

export function errorFindingKeys(findings: readonly { code: string; object: string; severity: string }[]): string[] {
  return [...new Set(findings.filter((finding) => finding.severity === "error").map((finding) => `${finding.code} ${finding.object}`))].sort();
}

export function driftFingerprint(errorKeys: readonly string[]): string {
  const keys = [...new Set(errorKeys)].sort();
  const joined = keys.join("\n");
  if (joined.length <= FINGERPRINT_MAX_CHARS) return joined;
  return [HASHED_HEADER, ...[...new Set(keys.map(keyHash))].sort()].join("\n");
}

export function decideAlert(previous: AlertedState | null, observed: ScheduledObservation): AlertDecision {
  const before = previous ?? INITIAL_ALERTED_STATE;
  switch (observed.outcome) {
    case "pass":
      return { alert: before.state === "ok" ? null : { kind: "recovered", newKeys: [] }, next: INITIAL_ALERTED_STATE };
    case "error":
      return { alert: before.state === "error" ? null : { kind: "error", newKeys: [] }, next: { state: "error", fingerprint: null } };
    case "fail": {
      const keys = [...new Set(observed.errorKeys)].sort();
      const next: AlertedState = { state: "drift", fingerprint: driftFingerprint(keys) };
      if (before.state !== "drift") return { alert: { kind: "drift", newKeys: keys }, next };
      if (next.fingerprint === before.fingerprint) return { alert: null, next };
      const announced = wasAnnounced(before.fingerprint);
      const newKeys = keys.filter((key) => !announced(key));
      return { alert: newKeys.length > 0 ? { kind: "drift", newKeys } : null, next };
    }
  }
}

/** Whether a key is in the set a fingerprint names (plain keys, or their hashes). */
function wasAnnounced(fingerprint: string | null): (key: string) => boolean {
  if (fingerprint === null || fingerprint === "") return () => false;
  const lines = fingerprint.split("\n");
  if (lines[0] === HASHED_HEADER) {
    const hashes = new Set(lines.slice(1));
    return (key) => hashes.has(keyHash(key));
  }
  const keys = new Set(lines);
  return (key) => keys.has(key);
}

function keyHash(key: string): string {
  return (cyrb53(key) % 2 ** 32).toString(16).padStart(KEY_HASH_HEX_CHARS, "0");
}

/** A fast 53-bit string hash (cyrb53, public domain): change detection only, not security. */
function cyrb53(text: string): number {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    h1 = Math.imul(h1 ^ code, 2654435761);
    h2 = Math.imul(h2 ^ code, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}
