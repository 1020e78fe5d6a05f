/**
 * Structural equality of JSON values: object keys in any order, keys whose value is undefined
 * count as absent (as JSON.stringify drops them), undefined inside an array equals null (as
 * JSON.stringify writes it). Stops at the first difference, so comparing two large snapshots
 * costs no serialisation.
 */
export function jsonEqual(a: unknown, b: unknown, ignoreKeys: readonly string[] = []): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) {
    return (a === undefined && b === null) || (a === null && b === undefined);
  }
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const other = b as unknown[];
    if (a.length !== other.length) return false;
    for (let i = 0; i < a.length; i++) if (!jsonEqual(a[i], other[i])) return false;
    return true;
  }
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  const leftKeys = definedKeys(left, ignoreKeys);
  if (leftKeys.length !== definedKeys(right, ignoreKeys).length) return false;
  for (const key of leftKeys) {
    if (right[key] === undefined || !Object.prototype.hasOwnProperty.call(right, key)) return false;
    if (!jsonEqual(left[key], right[key])) return false;
  }
  return true;
}

function definedKeys(record: Record<string, unknown>, ignoreKeys: readonly string[]): string[] {
  const keys: string[] = [];
  for (const key of Object.keys(record)) if (record[key] !== undefined && !ignoreKeys.includes(key)) keys.push(key);
  return keys;
}
