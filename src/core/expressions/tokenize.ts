/** SQL tokens for expression comparison: literals unquoted, identifiers lower-cased unless quoted. */

export type Token =
  | { t: "str"; v: string }
  | { t: "num"; v: string }
  | { t: "id"; v: string }
  | { t: "qid"; v: string }
  | { t: "op"; v: string }
  | { t: "punct"; v: string };

/**
 * One sticky pattern per token class, tried in order (E'…' before identifiers, `::` before `:`).
 * Unterminated quotes run to the end of the text rather than failing: the parser decides.
 */
const TOKEN_PATTERN = new RegExp(
  [
    String.raw`(\s+|--[^\n]*|\/\*[\s\S]*?(?:\*\/|$))`, // 1 whitespace and comments
    String.raw`[Ee]'((?:[^'\\]|\\[\s\S]|'')*)'?`, // 2 E'…'
    String.raw`'((?:[^']|'')*)'?`, // 3 '…'
    String.raw`\$([A-Za-z_][A-Za-z0-9_]*)?\$([\s\S]*?)(?:\$\4\$|$)`, // 4 tag, 5 body
    String.raw`"((?:[^"]|"")*)"?`, // 6 "…"
    String.raw`([A-Za-z_\u0080-\uffff][A-Za-z0-9_$\u0080-\uffff]*)`, // 7 identifier
    String.raw`((?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)`, // 8 number
    String.raw`(::|[()\[\],;.:])`, // 9 punctuation
    String.raw`([+\-*/<>=~!@#%^&|\x60?]+)`, // 10 operator characters
    String.raw`([\s\S])`, // 11 anything else
  ].join("|"),
  "y",
);

/** `lines`, when given, receives the 0-based line of `text` each token starts on (for messages naming a line). */
export function tokenize(text: string, lines?: number[]): Token[] {
  const tokens: Token[] = [];
  TOKEN_PATTERN.lastIndex = 0;
  let match: RegExpExecArray | null;
  let line = 0;
  let counted = 0;
  while (TOKEN_PATTERN.lastIndex < text.length && (match = TOKEN_PATTERN.exec(text)) !== null) {
    if (lines) {
      for (; counted < match.index; counted += 1) if (text.charCodeAt(counted) === 10) line += 1;
      if (match[1] === undefined) lines.push(line);
    }
    if (match[1] !== undefined) continue;
    if (match[2] !== undefined) tokens.push({ t: "str", v: match[2].replace(/''/g, "'").replace(/\\([\s\S])/g, "$1") });
    else if (match[3] !== undefined) tokens.push({ t: "str", v: match[3].replace(/''/g, "'") });
    else if (match[5] !== undefined) tokens.push({ t: "str", v: match[5] });
    else if (match[6] !== undefined) tokens.push({ t: "qid", v: match[6].replace(/""/g, '"') });
    else if (match[7] !== undefined) tokens.push({ t: "id", v: match[7].toLowerCase() });
    else if (match[8] !== undefined) tokens.push({ t: "num", v: canonicalNumber(match[8]) });
    else if (match[9] !== undefined) tokens.push({ t: "punct", v: match[9] });
    else if (match[10] !== undefined) {
      let op = match[10];
      // A comment may start inside a run of operator characters.
      const comment = op.search(/--|\/\*/);
      if (comment > 0) op = op.slice(0, comment);
      // PostgreSQL: a multi-character operator cannot end in + or - unless it contains ~!@#%^&|`?
      while (op.length > 1 && /[+-]$/.test(op) && !/[~!@#%^&|`?]/.test(op)) op = op.slice(0, -1);
      TOKEN_PATTERN.lastIndex = match.index + op.length;
      tokens.push({ t: "op", v: op });
    } else tokens.push({ t: "punct", v: match[11] ?? "" });
  }
  return tokens;
}

/** `007.50` → `7.5`, `1.0` → `1`, `.5` → `0.5`; exponent forms are kept lower-cased. */
export function canonicalNumber(text: string): string {
  const match = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(text.trim());
  if (!match) return text;
  const sign = match[1] === "-" ? "-" : "";
  const whole = (match[2] ?? "").replace(/^0+(?=\d)/, "") || "0";
  const fraction = (match[3] ?? "").replace(/0+$/, "");
  const exponent = match[4] === undefined ? "" : `e${Number(match[4])}`;
  const body = fraction ? `${whole}.${fraction}` : whole;
  return sign && (body !== "0" || exponent) ? `-${body}${exponent}` : `${body}${exponent}`;
}
