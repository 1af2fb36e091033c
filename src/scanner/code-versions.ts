/**
 * Code versions for the cache: per exported function, a hash of its source and of every
 * module-local declaration it reaches (helper functions, constants, classes, and what those use
 * in turn). Hamilton hashes only the function itself, so editing a helper returns stale results;
 * here editing a helper changes the version of every node that calls it. Comments and
 * formatting are ignored (the hashed text is the syntax tree's tokens without whitespace,
 * comments or statement-ending semicolons), so re-indenting or documenting a helper
 * invalidates nothing. Imported names are not followed: a change in another module is not seen
 * here.
 */
import { createHash } from "node:crypto";
import { ts } from "ts-morph";
import type { FunctionSite } from "./collect-exports.ts";
import { indexLocalDeclarations, type LocalDeclaration, type LocalDeclarations } from "./local-declarations.ts";
import type { ParsedModule } from "./parse-module.ts";

/** One declaration's hashed text and the names it uses without declaring. */
interface Code {
  readonly text: string;
  readonly used: ReadonlySet<string>;
}

/**
 * The code version of each function site with a body, by export name.
 * @example codeVersions(module, sites.functions, sites.locals).get("total"); // "3f9a…"
 */
export function codeVersions(module: ParsedModule, sites: readonly FunctionSite[], locals: LocalDeclarations = indexLocalDeclarations(module.sourceFile)): Map<string, string> {
  const versions = new Map<string, string>();
  if (module.language === "declaration") return versions;
  // Each node read once, however many functions reach it.
  const codes = new Map<ts.Node, Code>();
  const codeOf = (node: ts.Node): Code => {
    let code = codes.get(node);
    if (code === undefined) codes.set(node, (code = readCode(node, module.sourceFile)));
    return code;
  };
  const localText = (declaration: LocalDeclaration) => declarationNodes(declaration).map((node) => codeOf(node).text).join("\n");
  for (const site of sites) {
    if (site.form === "declared") continue;
    const hash = createHash("sha256").update(codeOf(site.node).text);
    for (const name of reachedLocals(site.node, locals, codeOf)) hash.update(`\u0000${name}\u0000`).update(localText(locals.get(name)!));
    versions.set(site.exportName, hash.digest("hex").slice(0, 32));
  }
  return versions;
}

/** Local names the function uses, directly or through the locals it uses, sorted. */
function reachedLocals(start: ts.Node, locals: ReadonlyMap<string, LocalDeclaration>, codeOf: (node: ts.Node) => Code): string[] {
  const reached = new Set<string>();
  const pending: ts.Node[] = [start];
  while (pending.length > 0) {
    for (const name of codeOf(pending.pop()!).used) {
      const declaration = locals.get(name);
      if (declaration === undefined || declaration.kind === "imported" || reached.has(name)) continue;
      reached.add(name);
      pending.push(...declarationNodes(declaration));
    }
  }
  return [...reached].sort();
}

/** Whitespace and comments between tokens. */
const TRIVIA = /\/\/[^\n\r]*|\/\*[\s\S]*?\*\/|\s+/g;

interface Frame {
  readonly node: ts.Node;
  readonly children: ts.Node[];
  next: number;
  /** Where the text not yet hashed starts. */
  at: number;
}

/**
 * One walk over `node` (an explicit stack, not recursion: a body `f0 + f1 + … + f19999` nests
 * 20,000 levels deep) that yields
 * - its text for hashing: each leaf token as written (string, template and regular-expression
 *   literals keep their whitespace), the tokens between children (keywords, punctuation) with
 *   whitespace and comments taken out, a node's trailing `;` dropped, and brackets marking each
 *   node's extent, so the tree's shape is in the text and no two trees share one;
 * - the identifiers it uses without declaring. Parameters matter most: a node's parameters are
 *   named after other nodes (`taxed(base)`), which must not count as using the function
 *   `base`. Property names after a dot are not uses either (`x.scale`). Scopes are not tracked:
 *   a name declared anywhere inside counts as declared throughout.
 * This costs a third of what printing the node without comments did (the profile of a
 * 5,000-function scan had the printer at a third of all scan work).
 */
function readCode(root: ts.Node, sourceFile: ts.SourceFile): Code {
  const source = sourceFile.text;
  const parts: string[] = [];
  const used = new Set<string>();
  const declared = new Set<string>();
  const between = (from: number, to: number, last: boolean) => {
    if (to <= from) return;
    let text = source.slice(from, to).replace(TRIVIA, "");
    if (last && text.endsWith(";")) text = text.slice(0, -1);
    if (text !== "") parts.push(text);
  };
  const enter = (node: ts.Node, parent: ts.Node | undefined): Frame | undefined => {
    const children: ts.Node[] = [];
    ts.forEachChild(node, (child) => {
      children.push(child);
    });
    if (children.length > 0) {
      parts.push("(");
      return { node, children, next: 0, at: node.pos };
    }
    parts.push(source.slice(node.getStart(sourceFile), node.end));
    if (ts.isIdentifier(node)) {
      if (parent !== undefined && ts.isPropertyAccessExpression(parent) && parent.name === node) return undefined;
      if (parent !== undefined && isDeclarationName(parent, node)) declared.add(node.text);
      else used.add(node.text);
    }
    return undefined;
  };
  const stack: Frame[] = [];
  const first = enter(root, undefined);
  if (first !== undefined) stack.push(first);
  while (stack.length > 0) {
    const frame = stack[stack.length - 1]!;
    if (frame.next === frame.children.length) {
      between(frame.at, frame.node.end, true);
      parts.push(")");
      stack.pop();
      continue;
    }
    const child = frame.children[frame.next++]!;
    between(frame.at, child.pos, false);
    frame.at = child.end;
    const entered = enter(child, frame.node);
    if (entered !== undefined) stack.push(entered);
  }
  for (const name of declared) used.delete(name);
  return { text: parts.join("\u0001"), used };
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
