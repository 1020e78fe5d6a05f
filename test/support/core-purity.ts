/**
 * The pure-core rule (STYLE.md principle 1): files under src/core import only relative paths
 * and use no Node-specific globals, so the same core runs in workerd, Node and the browser.
 */
import ts from "typescript";

/** Globals that exist in Node but not in workerd/the web platform. */
const NODE_GLOBALS = new Set([
  "process",
  "Buffer",
  "require",
  "module",
  "exports",
  "__dirname",
  "__filename",
  "global",
  "setImmediate",
  "clearImmediate",
]);

export interface PurityViolation {
  file: string;
  line: number;
  rule: string;
  text: string;
}

export function findPurityViolations(fileName: string, source: string): PurityViolation[] {
  const { sourceFile, checker } = bindAlone(fileName, source);
  const violations: PurityViolation[] = [];
  const report = (node: ts.Node, rule: string) => {
    const { line } = sourceFile.getLineAndCharacterOfPosition(node.getStart(sourceFile));
    violations.push({ file: fileName, line: line + 1, rule, text: node.getText(sourceFile).slice(0, 120) });
  };
  const isRelative = (specifier: string) => specifier.startsWith("./") || specifier.startsWith("../");
  // A name declared in scope (parameter, variable, function, import) shadows the global, but only
  // where it is in scope: the checker resolves each identifier to its own declaration.
  const declaredHere = (node: ts.Identifier): boolean => {
    // `{ process }` names a property and reads a value: the value's declaration is the one that counts.
    const symbol = ts.isShorthandPropertyAssignment(node.parent) ? checker.getShorthandAssignmentValueSymbol(node.parent) : checker.getSymbolAtLocation(node);
    // `declare const process: …` only describes the global: it does not replace it.
    return (symbol?.declarations ?? []).some((declaration) => (ts.getCombinedModifierFlags(declaration) & ts.ModifierFlags.Ambient) === 0);
  };

  const visit = (node: ts.Node): void => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier) {
      const specifier = (node.moduleSpecifier as ts.StringLiteral).text;
      if (!isRelative(specifier)) report(node, `non-relative import "${specifier}"`);
    } else if (ts.isImportEqualsDeclaration(node)) {
      report(node, "import = require(...)");
    } else if (ts.isCallExpression(node)) {
      if (node.expression.kind === ts.SyntaxKind.ImportKeyword) report(node, "dynamic import()");
      else if (ts.isIdentifier(node.expression) && node.expression.text === "require" && !declaredHere(node.expression)) report(node, "require()");
    } else if (ts.isImportTypeNode(node)) {
      const argument = node.argument;
      if (ts.isLiteralTypeNode(argument) && ts.isStringLiteral(argument.literal) && !isRelative(argument.literal.text)) {
        report(node, `non-relative import type "${argument.literal.text}"`);
      }
    } else if (ts.isIdentifier(node) && isGlobalReference(node) && (NODE_GLOBALS.has(node.text) || GLOBAL_OBJECTS.has(node.text) || CODE_FROM_STRINGS.has(node.text)) && !declaredHere(node)) {
      if (NODE_GLOBALS.has(node.text)) report(node, `Node global "${node.text}"`);
      // In a type (`cb: Function`, `typeof globalThis`) they name a type, not a value.
      if (CODE_FROM_STRINGS.has(node.text) && !isTypePosition(node)) report(node, `code from strings ("${node.text}")`);
      if (GLOBAL_OBJECTS.has(node.text) && !isTypePosition(node)) {
        const rule = globalObjectUse(node);
        if (rule) report(node.parent, rule);
      }
    }
    // `(() => 1).constructor("…")` is the Function constructor by another name.
    if ((ts.isCallExpression(node) || ts.isNewExpression(node)) && ts.isPropertyAccessExpression(node.expression) && node.expression.name.text === "constructor") {
      report(node, 'code from strings (".constructor(…)")');
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return violations;
}

/** The file bound on its own (no lib, no imports followed): a global resolves to no declaration. */
function bindAlone(fileName: string, source: string): { sourceFile: ts.SourceFile; checker: ts.TypeChecker } {
  const sourceFile = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const options: ts.CompilerOptions = { noLib: true, noResolve: true, types: [], target: ts.ScriptTarget.Latest };
  const host: ts.CompilerHost = {
    getSourceFile: (name) => (name === fileName ? sourceFile : undefined),
    getDefaultLibFileName: () => "lib.d.ts",
    writeFile: () => undefined,
    getCurrentDirectory: () => "/",
    getCanonicalFileName: (name) => name,
    useCaseSensitiveFileNames: () => true,
    getNewLine: () => "\n",
    fileExists: (name) => name === fileName,
    readFile: () => undefined,
  };
  const program = ts.createProgram({ rootNames: [fileName], options, host });
  return { sourceFile, checker: program.getTypeChecker() };
}

const GLOBAL_OBJECTS = new Set(["globalThis", "global", "self", "window"]);
/** They compile strings into code, which no scanner can see into. */
const CODE_FROM_STRINGS = new Set(["eval", "Function"]);

/**
 * The global object may only be read as `globalThis.name` (or `globalThis["name"]`) for a name
 * that is not a Node global, e.g. `globalThis.crypto`. Anything else — `globalThis.process`, a
 * cast `(globalThis as any).process`, an alias, destructuring, a computed key, passing it to a
 * function — is reported, since the scanner could not tell what is read from it.
 */
function globalObjectUse(identifier: ts.Identifier): string | null {
  let outer: ts.Expression = identifier;
  while (
    ts.isParenthesizedExpression(outer.parent) ||
    ts.isAsExpression(outer.parent) ||
    ts.isNonNullExpression(outer.parent) ||
    ts.isTypeAssertionExpression(outer.parent) ||
    ts.isSatisfiesExpression(outer.parent)
  ) {
    outer = outer.parent;
  }
  const parent = outer.parent;
  let member: string | null = null;
  if (ts.isPropertyAccessExpression(parent) && parent.expression === outer) member = parent.name.text;
  else if (ts.isElementAccessExpression(parent) && parent.expression === outer && ts.isStringLiteralLike(parent.argumentExpression)) member = parent.argumentExpression.text;
  if (member === null) return `the global object "${identifier.text}" used as a value`;
  if (NODE_GLOBALS.has(member)) return `Node global "${member}" through the global object`;
  if (CODE_FROM_STRINGS.has(member)) return `code from strings ("${member}") through the global object`;
  if (GLOBAL_OBJECTS.has(member)) return `the global object "${identifier.text}.${member}" used as a value`;
  return null;
}

function isTypePosition(node: ts.Identifier): boolean {
  return ts.isTypeReferenceNode(node.parent) || ts.isTypeQueryNode(node.parent) || ts.isExpressionWithTypeArguments(node.parent);
}

/** An identifier used as a value reference, not a property name, declaration or member key. */
function isGlobalReference(node: ts.Identifier): boolean {
  const parent = node.parent;
  if (!parent) return false;
  if (ts.isPropertyAccessExpression(parent) && parent.name === node) return false;
  if (ts.isPropertyAssignment(parent) && parent.name === node) return false;
  if (ts.isPropertySignature(parent) || ts.isPropertyDeclaration(parent) || ts.isMethodDeclaration(parent)) return parent.name !== node;
  if (ts.isShorthandPropertyAssignment(parent)) return true;
  if (ts.isVariableDeclaration(parent) || ts.isParameter(parent) || ts.isFunctionDeclaration(parent)) return parent.name !== node;
  if (ts.isImportSpecifier(parent) || ts.isExportSpecifier(parent)) return false;
  if (ts.isQualifiedName(parent) && parent.right === node) return false;
  // `require(...)` is reported once, as a call.
  if (ts.isCallExpression(parent) && parent.expression === node && node.text === "require") return false;
  if (ts.isEnumMember(parent) || ts.isBindingElement(parent)) return false;
  return true;
}
