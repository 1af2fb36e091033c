/**
 * Code versions for the cache: per exported function, a hash of its source and of every
 * module-local declaration it reaches (helper functions, constants, classes, and what those use
 * in turn). Hamilton hashes only the function itself, so editing a helper returns stale results;
 * here editing a helper changes the version of every node that calls it. Comments and
 * formatting are ignored (the source is printed without them), so re-indenting or documenting
 * a helper invalidates nothing. Imported names are not followed: a change in another module is
 * not seen here.
 */
import { createHash } from "node:crypto";
import { ts } from "ts-morph";
import type { FunctionSite } from "./collect-exports.ts";
import { indexLocalDeclarations, type LocalDeclaration } from "./local-declarations.ts";
import type { ParsedModule } from "./parse-module.ts";

const printer = ts.createPrinter({ removeComments: true });

/**
 * The code version of each function site with a body, by export name.
 * @example codeVersions(module, sites.functions).get("total"); // "3f9a…"
 */
export function codeVersions(module: ParsedModule, sites: readonly FunctionSite[]): Map<string, string> {
  const locals = indexLocalDeclarations(module.sourceFile);
  const printed = new Map<string, string>();
  const printLocal = (name: string, declaration: LocalDeclaration): string => {
    let text = printed.get(name);
    if (text === undefined) {
      text = declarationNodes(declaration).map((node) => print(node, module.sourceFile)).join("\n");
      printed.set(name, text);
    }
    return text;
  };
  const versions = new Map<string, string>();
  for (const site of sites) {
    if (module.language === "declaration" || site.form === "declared") continue;
    const hash = createHash("sha256").update(print(site.node, module.sourceFile));
    for (const name of reachedLocals(site.node, locals)) hash.update(`\u0000${name}\u0000`).update(printLocal(name, locals.get(name)!));
    versions.set(site.exportName, hash.digest("hex").slice(0, 32));
  }
  return versions;
}

/** Local names the function uses, directly or through the locals it uses, sorted. */
function reachedLocals(start: ts.Node, locals: ReadonlyMap<string, LocalDeclaration>): string[] {
  const reached = new Set<string>();
  const pending: ts.Node[] = [start];
  while (pending.length > 0) {
    for (const name of identifiersIn(pending.pop()!)) {
      const declaration = locals.get(name);
      if (declaration === undefined || declaration.kind === "imported" || reached.has(name)) continue;
      reached.add(name);
      pending.push(...declarationNodes(declaration));
    }
  }
  return [...reached].sort();
}

/**
 * The identifiers `node` uses that it does not declare itself. Parameters matter most: a node's
 * parameters are named after other nodes (`taxed(base)`), which must not count as using the
 * function `base`. Property names after a dot are not uses either (`x.scale`). Scopes are not
 * tracked: a name declared anywhere inside counts as declared throughout.
 */
function identifiersIn(node: ts.Node): Set<string> {
  const used = new Set<string>();
  const declared = new Set<string>();
  // Parents are kept beside each node: the scanner parses without setting `node.parent`. An
  // explicit stack, not recursion: a body `f0 + f1 + … + f19999` nests 20,000 levels deep.
  const nodes: ts.Node[] = [node];
  const parents: (ts.Node | undefined)[] = [undefined];
  while (nodes.length > 0) {
    const child = nodes.pop()!;
    const parent = parents.pop();
    if (ts.isIdentifier(child)) {
      if (parent !== undefined && ts.isPropertyAccessExpression(parent) && parent.name === child) continue;
      if (parent !== undefined && isDeclarationName(parent, child)) declared.add(child.text);
      else used.add(child.text);
      continue;
    }
    ts.forEachChild(child, (grandchild) => {
      nodes.push(grandchild);
      parents.push(child);
    });
  }
  for (const name of declared) used.delete(name);
  return used;
}

function isDeclarationName(parent: ts.Node, identifier: ts.Identifier): boolean {
  return (
    (ts.isParameter(parent) || ts.isVariableDeclaration(parent) || ts.isBindingElement(parent) || ts.isFunctionDeclaration(parent) || ts.isClassDeclaration(parent) || ts.isFunctionExpression(parent)) &&
    parent.name === identifier
  );
}

function declarationNodes(declaration: LocalDeclaration): ts.Node[] {
  switch (declaration.kind) {
    case "function":
      return [...declaration.declarations];
    case "variable":
      return [declaration.statement];
    case "class":
    case "enum":
    case "opaque":
      return [declaration.node];
    case "imported":
      return [];
  }
}

function print(node: ts.Node, sourceFile: ts.SourceFile): string {
  return printer.printNode(ts.EmitHint.Unspecified, node, sourceFile);
}
