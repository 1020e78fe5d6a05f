/**
 * The runtime import graph of the CLI's sources: which files and packages `node dist/cli/main.js`
 * loads at start (static imports) and which only when a feature runs (dynamic `import()`, and
 * `createRequire(…)("pkg")`). Type-only imports are left out: they vanish from the build.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import ts from "typescript";

export interface ImportGraph {
  /** Packages (names, not subpaths) reached through static imports only. */
  staticPackages: Set<string>;
  /** Every package the sources may load, lazily or not. */
  allPackages: Set<string>;
  files: Set<string>;
}

interface FileImports {
  static: string[];
  lazy: string[];
}

function importsOf(file: string): FileImports {
  const source = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true);
  const found: FileImports = { static: [], lazy: [] };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const typeOnly = node.importClause?.isTypeOnly === true ||
        (node.importClause !== undefined && node.importClause.name === undefined && node.importClause.namedBindings !== undefined &&
          ts.isNamedImports(node.importClause.namedBindings) && node.importClause.namedBindings.elements.every((element) => element.isTypeOnly));
      if (!typeOnly) found.static.push(node.moduleSpecifier.text);
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier) && !node.isTypeOnly) {
      found.static.push(node.moduleSpecifier.text);
    } else if (ts.isCallExpression(node)) {
      const [first] = node.arguments;
      const dynamicImport = node.expression.kind === ts.SyntaxKind.ImportKeyword;
      const requireCall = ts.isCallExpression(node.expression) && node.expression.expression.getText(source) === "createRequire";
      if ((dynamicImport || requireCall) && first && ts.isStringLiteral(first)) found.lazy.push(first.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** `@scope/name/sub` → `@scope/name`; `pkg/sub` → `pkg`; null for relative and `node:` specifiers. */
export function packageName(specifier: string): string | null {
  if (specifier.startsWith(".") || specifier.startsWith("node:")) return null;
  const parts = specifier.split("/");
  return specifier.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0]!;
}

function resolveRelative(from: string, specifier: string): string {
  const target = resolve(dirname(from), specifier);
  const ts = target.replace(/\.js$/, ".ts");
  if (existsSync(ts)) return ts;
  throw new Error(`${from}: cannot resolve ${specifier}`);
}

export function importGraph(entries: string[]): ImportGraph {
  const graph: ImportGraph = { staticPackages: new Set(), allPackages: new Set(), files: new Set() };
  // Two passes: files reached statically from the entries, then everything reachable at all.
  const walk = (followLazy: boolean, onPackage: (name: string) => void): Set<string> => {
    const seen = new Set<string>();
    const queue = [...entries];
    while (queue.length > 0) {
      const file = queue.pop()!;
      if (seen.has(file)) continue;
      seen.add(file);
      const imports = importsOf(file);
      for (const specifier of followLazy ? [...imports.static, ...imports.lazy] : imports.static) {
        const name = packageName(specifier);
        if (name !== null) onPackage(name);
        else if (specifier.startsWith(".")) queue.push(resolveRelative(file, specifier));
      }
    }
    return seen;
  };
  walk(false, (name) => graph.staticPackages.add(name));
  graph.files = walk(true, (name) => graph.allPackages.add(name));
  return graph;
}
