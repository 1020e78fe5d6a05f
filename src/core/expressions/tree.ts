/**
 * The expression tree: parses SQL expression text applying the rewrites PostgreSQL applies when
 * it stores an expression, and prints it fully parenthesised (see index.ts for the list).
 */
import { canonicalNumber, type Token } from "./tokenize.js";
import { fallbackCanonical } from "./fallback.js";

// ---------------------------------------------------------------------------------------------
// Expression tree

export type Node =
  | { k: "lit"; s: string }
  | { k: "col"; name: string }
  | { k: "fn"; name: string; args: Node[]; prefix: string }
  | { k: "bin"; op: string; l: Node; r: Node }
  | { k: "un"; op: string; x: Node }
  | { k: "post"; op: string; x: Node }
  | { k: "cast"; x: Node; type: string }
  | { k: "quant"; op: string; q: string; l: Node; r: Node }
  | { k: "arr"; items: Node[] }
  | { k: "row"; items: Node[] }
  | { k: "case"; arg: Node | null; whens: [Node, Node][]; otherwise: Node | null }
  | { k: "sub"; x: Node; index: Node }
  | { k: "collate"; x: Node; collation: string }
  /** A parenthesised sub-SELECT, kept as its strict token form (see `subquery`). */
  | { k: "query"; s: string };

export class Unparsable extends Error {}

const NUMERIC_TYPES = new Set(["smallint", "integer", "bigint", "numeric", "real", "double precision"]);
/** Casts PostgreSQL adds around varchar/text operands; they do not change what the expression means here. */
export const TRANSPARENT_CASTS = new Set(["text", "character varying", "unknown"]);
const TYPE_ALIASES: Record<string, string> = {
  varchar: "character varying",
  int: "integer",
  int4: "integer",
  int8: "bigint",
  int2: "smallint",
  bool: "boolean",
  float8: "double precision",
  float4: "real",
  float: "double precision",
  decimal: "numeric",
  char: "character",
  bpchar: "character",
  timestamptz: "timestamp with time zone",
  timetz: "time with time zone",
  timestamp: "timestamp without time zone",
  time: "time without time zone",
};
const TYPE_CONTINUATIONS = new Set(["varying", "precision", "with", "without", "time", "zone"]);
const DROPPED_SCHEMAS = new Set(["public", "pg_catalog"]);

const COMPARISON = new Set(["=", "<", ">", "<=", ">=", "<>", "!="]);

export class Parser {
  /** Cursor; read by the token-level fallback to skip a parsed type name. */
  pos = 0;
  /**
   * `droppableQualifiers`: when given, a column keeps its table qualifier unless the qualifier is
   * in the set (the token fallback parses conditions inside SELECTs, where `m.org_id` and
   * `docs.org_id` are different columns); by default every qualifier is dropped.
   */
  constructor(
    private readonly tokens: Token[],
    private readonly droppableQualifiers?: ReadonlySet<string>,
  ) {}

  parseAll(): Node {
    const node = this.expr(0);
    if (this.pos !== this.tokens.length) throw new Unparsable("trailing tokens");
    return node;
  }

  private peek(offset = 0): Token | undefined {
    return this.tokens[this.pos + offset];
  }

  private isId(value: string, offset = 0): boolean {
    const token = this.peek(offset);
    return token !== undefined && token.t === "id" && token.v === value;
  }

  private isPunct(value: string, offset = 0): boolean {
    const token = this.peek(offset);
    return token !== undefined && token.t === "punct" && token.v === value;
  }

  private expect(t: Token["t"], value?: string): Token {
    const token = this.peek();
    if (!token || token.t !== t || (value !== undefined && token.v !== value)) throw new Unparsable(`expected ${value ?? t}`);
    this.pos += 1;
    return token;
  }

  /** Binding power of the token at the cursor used as an infix operator, or 0. */
  private infixPower(): number {
    const token = this.peek();
    if (!token) return 0;
    if (token.t === "punct") {
      if (token.v === "::") return 14;
      if (token.v === "[") return 13;
      return 0;
    }
    if (token.t === "op") {
      if (COMPARISON.has(token.v)) return 5;
      if (token.v === "+" || token.v === "-") return 8;
      if (token.v === "*" || token.v === "/" || token.v === "%") return 9;
      if (token.v === "^") return 10;
      return 7;
    }
    if (token.t === "id") {
      switch (token.v) {
        case "or":
          return 1;
        case "and":
          return 2;
        case "is":
        case "isnull":
        case "notnull":
          return 4;
        case "like":
        case "ilike":
        case "in":
        case "between":
        case "similar":
          return 6;
        case "not":
          return this.peek(1)?.t === "id" && ["like", "ilike", "in", "between", "similar"].includes(this.peek(1)!.v) ? 6 : 0;
        case "collate":
        case "at":
          return 12;
        default:
          return 0;
      }
    }
    return 0;
  }

  expr(minPower: number): Node {
    let left = this.prefix();
    for (;;) {
      const power = this.infixPower();
      if (power === 0 || power <= minPower) return left;
      left = this.infix(left, power);
    }
  }

  private infix(left: Node, power: number): Node {
    const token = this.tokens[this.pos]!;
    this.pos += 1;
    if (token.t === "punct" && token.v === "::") return cast(left, this.typeName());
    if (token.t === "punct" && token.v === "[") {
      const index = this.expr(0);
      this.expect("punct", "]");
      return { k: "sub", x: left, index };
    }
    if (token.t === "op") {
      const op = token.v === "!=" ? "<>" : token.v;
      if (COMPARISON.has(token.v) && (this.isId("any") || this.isId("all") || this.isId("some")) && this.isPunct("(", 1)) {
        const q = this.peek()!.v === "some" ? "any" : this.peek()!.v;
        this.pos += 2;
        const right = this.expr(0);
        this.expect("punct", ")");
        return { k: "quant", op, q, l: left, r: right };
      }
      return withoutImplicitWidening({ k: "bin", op, l: left, r: this.expr(power) });
    }
    // keyword operators
    let word = token.v;
    let negated = false;
    if (word === "not") {
      negated = true;
      word = this.expect("id").v;
    }
    switch (word) {
      case "or":
      case "and":
        return { k: "bin", op: word, l: left, r: this.expr(power) };
      case "isnull":
        return { k: "post", op: "is null", x: left };
      case "notnull":
        return { k: "post", op: "is not null", x: left };
      case "is": {
        const not = this.isId("not");
        if (not) this.pos += 1;
        if (this.isId("distinct")) {
          this.pos += 1;
          this.expect("id", "from");
          return { k: "bin", op: not ? "is not distinct from" : "is distinct from", l: left, r: this.expr(power) };
        }
        const what = this.expect("id").v;
        if (!["null", "true", "false", "unknown"].includes(what)) throw new Unparsable("is");
        return { k: "post", op: `is ${not ? "not " : ""}${what}`, x: left };
      }
      case "like":
      case "ilike": {
        const right = this.expr(power);
        if (this.isId("escape")) throw new Unparsable("escape");
        const op = (negated ? "!" : "") + (word === "like" ? "~~" : "~~*");
        return { k: "bin", op, l: left, r: right };
      }
      case "in": {
        this.expect("punct", "(");
        // `x IN (SELECT …)` is stored as `= ANY` of the sub-SELECT (printed back as IN)
        if (this.isId("select")) return { k: "quant", op: negated ? "<>" : "=", q: negated ? "all" : "any", l: left, r: this.subquery() };
        return inList(left, this.list(")"), negated);
      }
      case "between": {
        if (this.isId("symmetric")) throw new Unparsable("symmetric");
        const low = this.expr(6);
        this.expect("id", "and");
        const high = this.expr(6);
        return negated
          ? { k: "bin", op: "or", l: { k: "bin", op: "<", l: left, r: low }, r: { k: "bin", op: ">", l: left, r: high } }
          : { k: "bin", op: "and", l: { k: "bin", op: ">=", l: left, r: low }, r: { k: "bin", op: "<=", l: left, r: high } };
      }
      case "collate": {
        const name = this.qualifiedName().join(".");
        return { k: "collate", x: left, collation: name };
      }
      case "at": {
        this.expect("id", "time");
        this.expect("id", "zone");
        return { k: "bin", op: "at time zone", l: left, r: this.expr(power) };
      }
      default:
        throw new Unparsable(word);
    }
  }

  private list(close: string): Node[] {
    const items: Node[] = [];
    if (this.isPunct(close)) {
      this.pos += 1;
      return items;
    }
    for (;;) {
      items.push(this.expr(0));
      if (this.isPunct(",")) {
        this.pos += 1;
        continue;
      }
      this.expect("punct", close);
      return items;
    }
  }

  private qualifiedName(): string[] {
    const parts: string[] = [];
    for (;;) {
      const token = this.peek();
      if (!token || (token.t !== "id" && token.t !== "qid")) throw new Unparsable("name");
      parts.push(token.v);
      this.pos += 1;
      if (this.isPunct(".") && (this.peek(1)?.t === "id" || this.peek(1)?.t === "qid")) {
        this.pos += 1;
        continue;
      }
      return parts;
    }
  }

  /** A type name after `::` or in CAST(… AS type), canonicalised (`varchar` → `character varying`). */
  typeName(): string {
    const first = this.peek();
    if (!first || (first.t !== "id" && first.t !== "qid")) throw new Unparsable("type");
    let parts = this.qualifiedName();
    while (first.t === "id" && parts.length === 1 && this.peek()?.t === "id" && TYPE_CONTINUATIONS.has(this.peek()!.v)) {
      parts = [`${parts[0]} ${this.peek()!.v}`];
      this.pos += 1;
    }
    if (parts.length > 1 && DROPPED_SCHEMAS.has(parts[0]!)) parts = parts.slice(1);
    let base = parts.length === 1 && first.t === "id" ? (TYPE_ALIASES[parts[0]!] ?? parts[0]!) : parts.join(".");
    let modifier = "";
    if (this.isPunct("(")) {
      this.pos += 1;
      const args: string[] = [];
      while (!this.isPunct(")")) {
        const token = this.peek();
        if (!token) throw new Unparsable("typmod");
        if (!(token.t === "punct" && token.v === ",")) args.push(token.v);
        this.pos += 1;
      }
      this.pos += 1;
      modifier = `(${args.join(",")})`;
    }
    let zone = "";
    while (this.peek()?.t === "id" && TYPE_CONTINUATIONS.has(this.peek()!.v)) {
      zone += ` ${this.peek()!.v}`;
      this.pos += 1;
    }
    if (zone) base = base.replace(/ with(out)? time zone$/, "") + zone;
    else if (modifier && (base === "timestamp without time zone" || base === "time without time zone")) {
      base = base.replace(/ without time zone$/, "");
      zone = " without time zone";
    }
    let arrays = "";
    while (this.isPunct("[")) {
      this.pos += 1;
      if (this.peek()?.t === "num") this.pos += 1;
      this.expect("punct", "]");
      arrays += "[]";
    }
    if (zone && modifier) return `${base.replace(zone, "")}${modifier}${zone}${arrays}`;
    return `${base}${modifier}${arrays}`;
  }

  private prefix(): Node {
    const token = this.peek();
    if (!token) throw new Unparsable("end of input");
    this.pos += 1;
    switch (token.t) {
      case "str":
        return { k: "lit", s: quoteString(token.v) };
      case "num":
        return { k: "lit", s: token.v };
      case "op": {
        if (token.v === "-" || token.v === "+") {
          const operand = this.expr(11);
          if (operand.k === "lit" && /^-?\d/.test(operand.s)) {
            return token.v === "+" ? operand : { k: "lit", s: canonicalNumber(operand.s.startsWith("-") ? operand.s.slice(1) : `-${operand.s}`) };
          }
          return { k: "un", op: token.v, x: operand };
        }
        throw new Unparsable(token.v);
      }
      case "punct": {
        if (token.v !== "(") throw new Unparsable(token.v);
        if (this.isId("select")) return this.subquery();
        const items = this.list(")");
        if (items.length === 1) return items[0]!;
        return { k: "row", items };
      }
      case "qid":
        this.pos -= 1;
        return this.nameOrCall();
      case "id": {
        switch (token.v) {
          case "true":
          case "false":
          case "null":
            return { k: "lit", s: token.v };
          case "not":
            return { k: "un", op: "not", x: this.expr(3) };
          case "exists":
            if (this.isPunct("(") && this.isId("select", 1)) {
              this.pos += 1;
              return { k: "fn", name: "exists", args: [this.subquery()], prefix: "" };
            }
            throw new Unparsable(token.v);
          case "select":
            throw new Unparsable(token.v);
          case "row":
            if (this.isPunct("(")) {
              this.pos += 1;
              return { k: "row", items: this.list(")") };
            }
            break;
          case "array":
            if (this.isPunct("[")) {
              this.pos += 1;
              return { k: "arr", items: this.list("]") };
            }
            break;
          case "cast":
            if (this.isPunct("(")) {
              this.pos += 1;
              const value = this.expr(0);
              this.expect("id", "as");
              const type = this.typeName();
              this.expect("punct", ")");
              return cast(value, type);
            }
            break;
          case "case":
            return this.caseExpr();
        }
        // typed literal: interval '1 day', date '2020-01-01'
        if (this.peek()?.t === "str") {
          const literal = this.expect("str");
          return cast({ k: "lit", s: quoteString(literal.v) }, TYPE_ALIASES[token.v] ?? token.v);
        }
        this.pos -= 1;
        return this.nameOrCall();
      }
    }
  }

  /**
   * `( select … )` whose `(` has been read: the SELECT as one leaf, compared by the token-level
   * strict form (fallback.ts), so the expression around it is still compared as a tree.
   */
  private subquery(): Node {
    let depth = 0;
    for (let end = this.pos; end < this.tokens.length; end += 1) {
      const token = this.tokens[end]!;
      if (token.t !== "punct") continue;
      if (token.v === "(") depth += 1;
      else if (token.v === ")" && depth-- === 0) {
        const inner = this.tokens.slice(this.pos, end);
        this.pos = end + 1;
        return { k: "query", s: fallbackCanonical(inner, "strict") };
      }
    }
    throw new Unparsable("unclosed subquery");
  }

  private caseExpr(): Node {
    const arg = this.isId("when") ? null : this.expr(0);
    const whens: [Node, Node][] = [];
    while (this.isId("when")) {
      this.pos += 1;
      const condition = this.expr(0);
      this.expect("id", "then");
      whens.push([condition, this.expr(0)]);
    }
    let otherwise: Node | null = null;
    if (this.isId("else")) {
      this.pos += 1;
      otherwise = this.expr(0);
    }
    this.expect("id", "end");
    return { k: "case", arg, whens, otherwise };
  }

  /** `name(` has been read; see SPECIAL_SYNTAX. */
  private specialSyntaxCall(name: string): Node | null {
    const read = SPECIAL_SYNTAX[name];
    if (!read) return null;
    const start = this.pos;
    const reader: SpecialSyntaxReader = {
      expr: (minPower) => this.expr(minPower),
      keyword: (word) => {
        if (!this.isId(word)) return false;
        this.pos += 1;
        return true;
      },
      punct: (value) => {
        if (!this.isPunct(value)) return false;
        this.pos += 1;
        return true;
      },
      fieldName: () => {
        const token = this.peek();
        if (!token || (token.t !== "id" && token.t !== "qid" && token.t !== "str")) return null;
        this.pos += 1;
        return token.v.toLowerCase();
      },
      close: (call) => {
        this.expect("punct", ")");
        return call;
      },
    };
    let node: Node | null;
    try {
      node = read(reader);
    } catch (error) {
      // `substring(x, 1)` may fail the special reading (e.g. at a comma): read it as a plain call.
      if (!(error instanceof Unparsable)) throw error;
      node = null;
    }
    if (node === null) this.pos = start;
    return node;
  }

  private nameOrCall(): Node {
    const quoted = this.peek()?.t === "qid";
    const parts = this.qualifiedName();
    if (this.isPunct("(")) {
      this.pos += 1;
      if (!quoted && parts.length === 1) {
        const special = this.specialSyntaxCall(parts[0]!);
        if (special) return special;
      }
      let prefix = "";
      if (this.isPunct(")")) {
        this.pos += 1;
        return { k: "fn", name: functionName(parts), args: [], prefix };
      }
      if (this.peek()?.t === "op" && this.peek()!.v === "*" && this.isPunct(")", 1)) {
        this.pos += 2;
        return { k: "fn", name: functionName(parts), args: [], prefix: "*" };
      }
      if (this.isId("distinct")) {
        this.pos += 1;
        prefix = "distinct ";
      }
      const args: Node[] = [];
      for (;;) {
        args.push(this.expr(0));
        if (this.isPunct(",")) {
          this.pos += 1;
          continue;
        }
        this.expect("punct", ")");
        break;
      }
      return { k: "fn", name: functionName(parts), args, prefix };
    }
    if (this.isPunct(".")) throw new Unparsable("qualified star");
    // A column reference: the own table's qualifier does not change which column it is.
    const qualifier = parts[parts.length - 2];
    if (this.droppableQualifiers !== undefined && qualifier !== undefined && !this.droppableQualifiers.has(qualifier)) {
      return { k: "col", name: `${qualifier}\u0001${parts[parts.length - 1]!}` };
    }
    return { k: "col", name: parts[parts.length - 1]! };
  }
}

/**
 * The SQL-standard function syntaxes, as the plain calls PostgreSQL's grammar turns them into
 * (gram.y), so `position('@' in email)` and PostgreSQL 15's `POSITION(('@'::text) IN (email))`
 * and PostgreSQL 14's `"position"(email, '@'::text)` are one tree:
 *   POSITION(a IN b)                 → position(b, a)
 *   SUBSTRING(x FROM a FOR b)        → substring(x, a, b); FROM a → (x, a); FOR b → (x, 1, b)
 *   TRIM([BOTH|LEADING|TRAILING] [c] FROM x) → btrim|ltrim|rtrim(x[, c]); TRIM(x, c) → btrim(x, c)
 *   EXTRACT(field FROM x)            → extract('field', x)
 *   OVERLAY(x PLACING y FROM a [FOR b]) → overlay(x, y, a[, b])
 * Each returns null when the call turns out to be an ordinary one (`substring(x, 1, 2)`), with
 * the cursor back just after the opening parenthesis.
 */
const SPECIAL_SYNTAX: Record<string, (parser: SpecialSyntaxReader) => Node | null> = {
  position(p) {
    const needle = p.expr(6); // b_expr in the grammar: stops before IN
    if (!p.keyword("in")) return null;
    const haystack = p.expr(0);
    return p.close({ k: "fn", name: "position", args: [haystack, needle], prefix: "" });
  },
  substring(p) {
    const source = p.expr(0);
    if (p.keyword("from")) {
      const start = p.expr(0);
      const args = p.keyword("for") ? [source, start, p.expr(0)] : [source, start];
      return p.close({ k: "fn", name: "substring", args, prefix: "" });
    }
    if (p.keyword("for")) return p.close({ k: "fn", name: "substring", args: [source, { k: "lit", s: "1" }, p.expr(0)], prefix: "" });
    if (p.keyword("similar")) throw new Unparsable("substring similar");
    return null;
  },
  trim(p) {
    const side = p.keyword("both") ? "btrim" : p.keyword("leading") ? "ltrim" : p.keyword("trailing") ? "rtrim" : null;
    if (p.keyword("from")) return p.close({ k: "fn", name: side ?? "btrim", args: [p.expr(0)], prefix: "" });
    const first = p.expr(0);
    if (p.keyword("from")) return p.close({ k: "fn", name: side ?? "btrim", args: [p.expr(0), first], prefix: "" });
    // TRIM(x[, c]): `trim` is a keyword, so this is btrim too (only `"trim"(…)` calls a function trim).
    const args = [first];
    while (p.punct(",")) args.push(p.expr(0));
    return p.close({ k: "fn", name: side ?? "btrim", args, prefix: "" });
  },
  extract(p) {
    const field = p.fieldName();
    if (field === null || !p.keyword("from")) return null;
    return p.close({ k: "fn", name: "extract", args: [{ k: "lit", s: quoteString(field) }, p.expr(0)], prefix: "" });
  },
  overlay(p) {
    const target = p.expr(0);
    if (!p.keyword("placing")) return null;
    const replacement = p.expr(0);
    if (!p.keyword("from")) throw new Unparsable("overlay");
    const start = p.expr(0);
    const args = p.keyword("for") ? [target, replacement, start, p.expr(0)] : [target, replacement, start];
    return p.close({ k: "fn", name: "overlay", args, prefix: "" });
  },
};

interface SpecialSyntaxReader {
  expr(minPower: number): Node;
  /** Consume the keyword if it is next. */
  keyword(word: string): boolean;
  /** Consume the punctuation if it is next. */
  punct(value: string): boolean;
  /** EXTRACT's field: `year`, `"year"` or `'year'`, lower-cased; null if none. */
  fieldName(): string | null;
  /** Expect the closing parenthesis and return the call. */
  close(call: Node): Node;
}

/**
 * Casts PostgreSQL adds to make the operands of an operator the same type: an integer column
 * multiplied by a numeric one is stored as `(price * (quantity)::numeric)`. The cast of a column
 * reference to a wider numeric type is dropped when it is one operand of an arithmetic or
 * comparison operator and the other operand could have forced it — so not when the other operand
 * is an integer literal (PostgreSQL would have used the integer operator) nor when both operands
 * carry such a cast (an implicit cast goes to the other operand's type; two casts mean at least
 * one was written). The price: `a::numeric * b` written against a database holding `a * b` for
 * integer columns goes unnoticed; both compute the same value unless integer overflow happens.
 */
const WIDENING_TARGETS = new Set(["integer", "bigint", "numeric", "real", "double precision"]);
const WIDENING_OPERATORS = new Set(["+", "-", "*", "/", "%", "^", "=", "<", ">", "<=", ">=", "<>"]);

function isWideningCast(node: Node): node is { k: "cast"; x: Node; type: string } {
  return node.k === "cast" && node.x.k === "col" && WIDENING_TARGETS.has(node.type);
}

function isIntegerLiteral(node: Node): boolean {
  return node.k === "lit" && /^-?\d+$/.test(node.s);
}

function withoutImplicitWidening(node: Node & { k: "bin" }): Node {
  if (!WIDENING_OPERATORS.has(node.op)) return node;
  const left = isWideningCast(node.l);
  const right = isWideningCast(node.r);
  if (left === right) return node;
  if (left && !isIntegerLiteral(node.r)) return { ...node, l: (node.l as { x: Node }).x };
  if (right && !isIntegerLiteral(node.l)) return { ...node, r: (node.r as { x: Node }).x };
  return node;
}

/**
 * `x [NOT] IN (…)` as PostgreSQL stores it (parse_expr.c, transformAExprIn): the elements that
 * reference no column ("non-Vars": constants, calls on constants) become one
 * `x = ANY (ARRAY[…])` (`<> ALL` for NOT IN) when there are at least two of them — the parser
 * finds them a common type; without type information this assumes it does, as it does for every
 * list a column can be compared with. Every other element (a column reference, or the single
 * non-Var when there is only one) becomes its own `x = e` (`x <> e`), in list order after the
 * array, joined by OR (AND for NOT IN), nested left to right as makeBoolExpr builds them.
 * So `x IN ('a')` is `(x = 'a'::text)` and `x IN ('a', y)` is `((x = 'a') OR (x = y))`.
 * Row comparisons (`(a, b) IN (…)`) go another way in PostgreSQL; they keep the ANY form here.
 */
function inList(left: Node, items: Node[], negated: boolean): Node {
  const op = negated ? "<>" : "=";
  const join = negated ? "and" : "or";
  if (left.k === "row" || items.length === 0 || items.some((item) => item.k === "row")) {
    return { k: "quant", op, q: negated ? "all" : "any", l: left, r: { k: "arr", items } };
  }
  const constants = items.filter((item) => !referencesColumn(item));
  let result: Node | null = null;
  let rest = items;
  if (constants.length > 1) {
    result = { k: "quant", op, q: negated ? "all" : "any", l: left, r: { k: "arr", items: constants } };
    rest = items.filter((item) => referencesColumn(item));
  }
  for (const item of rest) {
    const comparison = withoutImplicitWidening({ k: "bin", op, l: left, r: item });
    result = result === null ? comparison : { k: "bin", op: join, l: result, r: comparison };
  }
  return result!;
}

/** Whether the tree mentions a column (PostgreSQL's contain_vars_of_level(…, 0)). */
function referencesColumn(node: Node): boolean {
  switch (node.k) {
    case "col":
      return true;
    case "lit":
      return false;
    case "fn":
    case "arr":
    case "row":
      return (node.k === "fn" ? node.args : node.items).some(referencesColumn);
    case "bin":
    case "quant":
      return referencesColumn(node.l) || referencesColumn(node.r);
    case "un":
    case "post":
    case "cast":
    case "collate":
      return referencesColumn(node.x);
    case "sub":
      return referencesColumn(node.x) || referencesColumn(node.index);
    case "case":
      return (
        (node.arg !== null && referencesColumn(node.arg)) ||
        node.whens.some(([when, then]) => referencesColumn(when) || referencesColumn(then)) ||
        (node.otherwise !== null && referencesColumn(node.otherwise))
      );
    case "query":
      // A sub-SELECT kept as text: whether it is correlated is not known here, so it is not
      // counted among the constants folded into one `= ANY (ARRAY[...])` (rare in an IN list).
      return true;
  }
}

function functionName(parts: string[]): string {
  const kept = parts.length > 1 && DROPPED_SCHEMAS.has(parts[0]!) ? parts.slice(1) : parts;
  return kept.join(".");
}

export function quoteString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/** Build a cast node, dropping the casts PostgreSQL adds to literals and varchar operands. */
function cast(value: Node, type: string): Node {
  if (value.k === "lit") {
    if (value.s === "null") return value;
    const isString = value.s.startsWith("'");
    if (NUMERIC_TYPES.has(type.replace(/\(.*\)$/, ""))) {
      const inner = isString ? value.s.slice(1, -1).replace(/''/g, "'") : value.s;
      if (/^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$/.test(inner)) return { k: "lit", s: canonicalNumber(inner) };
    }
    // `'public.users_id_seq'::regclass` names the same sequence as `'users_id_seq'` (search_path).
    if (isString && type === "regclass") return { k: "lit", s: value.s.replace(/^'(?:public|"public")\./, "'") };
    if (isString) return value;
  }
  if (value.k === "arr" && value.items.length > 0 && type.endsWith("[]")) return value;
  if (TRANSPARENT_CASTS.has(type)) return value;
  return { k: "cast", x: value, type };
}

export function print(node: Node): string {
  switch (node.k) {
    case "lit": {
      // `'0.00'` on a numeric column is what PostgreSQL prints as `0.00`: a quoted number is that number.
      const quotedNumber = /^'\s*([+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)\s*'$/.exec(node.s);
      return quotedNumber ? canonicalNumber(quotedNumber[1]!) : node.s;
    }
    case "col":
      return node.name
        .split("\u0001")
        .map((part) => `"${part.replace(/"/g, '""')}"`)
        .join(".");
    case "fn":
      return `${node.name}(${node.prefix}${node.args.map(print).join(", ")})`;
    case "bin":
      return `(${print(node.l)} ${node.op} ${print(node.r)})`;
    case "un":
      return `(${node.op} ${print(node.x)})`;
    case "post":
      return `(${print(node.x)} ${node.op})`;
    case "cast":
      return `(${print(node.x)})::${node.type}`;
    case "quant":
      return `(${print(node.l)} ${node.op} ${node.q} (${print(node.r)}))`;
    case "arr":
      return `array[${node.items.map(print).join(", ")}]`;
    case "row":
      return `row(${node.items.map(print).join(", ")})`;
    case "case":
      return `case${node.arg ? ` ${print(node.arg)}` : ""}${node.whens.map(([w, t]) => ` when ${print(w)} then ${print(t)}`).join("")}${
        node.otherwise ? ` else ${print(node.otherwise)}` : ""
      } end`;
    case "sub":
      return `(${print(node.x)})[${print(node.index)}]`;
    case "collate":
      return `(${print(node.x)} collate ${node.collation})`;
    case "query":
      return `(${node.s})`;
  }
}
