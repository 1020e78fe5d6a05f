/**
 * jsonb_out: what PostgreSQL prints for a jsonb value. Keys are de-duplicated (last wins) and
 * sorted shorter-first then bytewise; separators are `": "` and `", "`; numbers go through
 * numeric_out (`1e2` → `100`, `2.50` stays); strings are re-escaped like `escape_json`.
 * Returns null when the text is not valid JSON (PostgreSQL would have rejected it too).
 */
import { numericOut } from "./normalise-values.js";

type JsonNode =
  | { kind: "object"; entries: [string, JsonNode][] }
  | { kind: "array"; items: JsonNode[] }
  | { kind: "string"; value: string }
  | { kind: "number"; text: string }
  | { kind: "literal"; text: "true" | "false" | "null" };

export function jsonbOut(text: string): string | null {
  let position = 0;
  const source = text;

  function fail(): never {
    throw new SyntaxError("invalid json");
  }
  function skip(): void {
    while (position < source.length && " \t\n\r".includes(source[position]!)) position++;
  }
  function parseValue(): JsonNode {
    skip();
    const char = source[position];
    if (char === "{") {
      position++;
      const entries = new Map<string, JsonNode>();
      skip();
      if (source[position] === "}") {
        position++;
        return { kind: "object", entries: [] };
      }
      for (;;) {
        skip();
        if (source[position] !== '"') fail();
        const key = parseString();
        skip();
        if (source[position] !== ":") fail();
        position++;
        const value = parseValue();
        entries.delete(key);
        entries.set(key, value);
        skip();
        if (source[position] === ",") {
          position++;
          continue;
        }
        if (source[position] === "}") {
          position++;
          return { kind: "object", entries: [...entries.entries()] };
        }
        fail();
      }
    }
    if (char === "[") {
      position++;
      const items: JsonNode[] = [];
      skip();
      if (source[position] === "]") {
        position++;
        return { kind: "array", items };
      }
      for (;;) {
        items.push(parseValue());
        skip();
        if (source[position] === ",") {
          position++;
          continue;
        }
        if (source[position] === "]") {
          position++;
          return { kind: "array", items };
        }
        fail();
      }
    }
    if (char === '"') return { kind: "string", value: parseString() };
    for (const literal of ["true", "false", "null"] as const) {
      if (source.startsWith(literal, position)) {
        position += literal.length;
        return { kind: "literal", text: literal };
      }
    }
    const number = source.slice(position).match(/^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/);
    if (!number) fail();
    position += number[0].length;
    return { kind: "number", text: number[0] };
  }
  function parseString(): string {
    const match = source.slice(position).match(/^"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/);
    if (!match) fail();
    position += match[0].length;
    return JSON.parse(match[0]) as string;
  }

  try {
    const root = parseValue();
    skip();
    if (position !== source.length) return null;
    return print(root);
  } catch {
    return null;
  }
}

const encoder = new TextEncoder();

function compareKeys(a: string, b: string): number {
  const left = encoder.encode(a);
  const right = encoder.encode(b);
  if (left.length !== right.length) return left.length - right.length;
  for (let i = 0; i < left.length; i++) {
    if (left[i] !== right[i]) return left[i]! - right[i]!;
  }
  return 0;
}

function print(node: JsonNode): string {
  switch (node.kind) {
    case "object": {
      const entries = [...node.entries].sort(([a], [b]) => compareKeys(a, b));
      return `{${entries.map(([key, value]) => `${escapeJson(key)}: ${print(value)}`).join(", ")}}`;
    }
    case "array":
      return `[${node.items.map(print).join(", ")}]`;
    case "string":
      return escapeJson(node.value);
    case "number":
      return numericOut(node.text) ?? node.text;
    case "literal":
      return node.text;
  }
}

/** escape_json(): quotes, backslash and control characters escaped; everything else verbatim. */
export function escapeJson(value: string): string {
  let out = '"';
  for (const char of value) {
    switch (char) {
      case '"':
        out += '\\"';
        break;
      case "\\":
        out += "\\\\";
        break;
      case "\b":
        out += "\\b";
        break;
      case "\f":
        out += "\\f";
        break;
      case "\n":
        out += "\\n";
        break;
      case "\r":
        out += "\\r";
        break;
      case "\t":
        out += "\\t";
        break;
      default:
        out += char < " " ? `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}` : char;
    }
  }
  return `${out}"`;
}
