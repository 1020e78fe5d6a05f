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
  const sourceFile = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const violations: PurityViolation[] = [];
  const report = (node: ts.Node, rule: string) => {
    const { line } = sourceFile.getLineAndCharacterOfPosition(node.getStart(sourceFile));
    violations.push({ file: fileName, line: line + 1, rule, text: node.getText(sourceFile).slice(0, 120) });
  };
  const isRelative = (specifier: string) => specifier.startsWith("./") || specifier.startsWith("../");
  // A name the file declares itself (parameter, variable, function) shadows the global.
  const declared = declaredNames(sourceFile);

  const visit = (node: ts.Node): void => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier) {
      const specifier = (node.moduleSpecifier as ts.StringLiteral).text;
      if (!isRelative(specifier)) report(node, `non-relative import "${specifier}"`);
    } else if (ts.isImportEqualsDeclaration(node)) {
      report(node, "import = require(...)");
    } else if (ts.isCallExpression(node)) {
      if (node.expression.kind === ts.SyntaxKind.ImportKeyword) report(node, "dynamic import()");
      else if (ts.isIdentifier(node.expression) && node.expression.text === "require") report(node, "require()");
    } else if (ts.isImportTypeNode(node)) {
      const argument = node.argument;
      if (ts.isLiteralTypeNode(argument) && ts.isStringLiteral(argument.literal) && !isRelative(argument.literal.text)) {
        report(node, `non-relative import type "${argument.literal.text}"`);
      }
    } else if (ts.isIdentifier(node) && NODE_GLOBALS.has(node.text) && !declared.has(node.text) && isGlobalReference(node)) {
      report(node, `Node global "${node.text}"`);
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return violations;
}

function declaredNames(sourceFile: ts.SourceFile): Set<string> {
  const names = new Set<string>();
  const visit = (node: ts.Node): void => {
    if ((ts.isVariableDeclaration(node) || ts.isParameter(node) || ts.isFunctionDeclaration(node) || ts.isBindingElement(node)) && node.name && ts.isIdentifier(node.name)) {
      names.add(node.name.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return names;
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
