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
import * as crypto from "node:crypto";
import { ts } from "ts-morph";
import type { FunctionSite } from "./collect-exports.ts";
import { indexLocalDeclarations, type LocalDeclaration, type LocalDeclarations } from "./local-declarations.ts";
import { textOf, type ParsedModule } from "./parse-module.ts";

/** One declaration's hashed text and the module-local names it uses without declaring. */
interface Code {
  readonly text: string;
  readonly usedLocals: readonly string[];
}

/**
 * The code version of each function site with a body, by export name.
 * @example codeVersions(module, sites.functions, sites.locals).get("total"); // "3f9a…"
 */
export function codeVersions(module: ParsedModule, sites: readonly FunctionSite[], locals: LocalDeclarations = indexLocalDeclarations(module.sourceFile)): Map<string, string> {
  const versions = new Map<string, string>();
  if (module.language === "declaration") return versions;
  const reader = new CodeReader(module.sourceFile, locals);
  // Each local read once, however many functions reach it. Keyed by name: a map keyed by syntax
  // nodes gives every node an identity hash, which the profile showed costing as much as reading.
  const localCodes = new Map<string, Code>();
  const localCode = (name: string): Code => {
    let code = localCodes.get(name);
    if (code === undefined) localCodes.set(name, (code = joinCodes(declarationNodes(locals.get(name)!).map((node) => reader.read(node)))));
    return code;
  };
  for (const site of sites) {
    if (site.form === "declared") continue;
    const own = reader.read(site.node);
    // One string hashed at once is what hashing its pieces in turn gives, in one call.
    let hashed = own.text;
    for (const name of reachedLocals(own, localCode)) hashed += `\u0000${name}\u0000${localCode(name).text}`;
    versions.set(site.exportName, sha256Hex(hashed).slice(0, 32));
  }
  return versions;
}

/** Node ≥ 20.12 hashes a string in one call; older versions build a Hash object per function. */
const sha256Hex: (text: string) => string =
  typeof crypto.hash === "function" ? (text) => crypto.hash("sha256", text, "hex") : (text) => crypto.createHash("sha256").update(text).digest("hex");

/** An overloaded function's declarations, hashed as one text. */
function joinCodes(codes: readonly Code[]): Code {
  if (codes.length === 1) return codes[0]!;
  return { text: codes.map((code) => code.text).join("\n"), usedLocals: [...new Set(codes.flatMap((code) => code.usedLocals))] };
}

/** Local names the function uses, directly or through the locals it uses, sorted. */
function reachedLocals(start: Code, localCode: (name: string) => Code): string[] {
  if (start.usedLocals.length === 0) return [];
  const reached = new Set<string>();
  const pending: Code[] = [start];
  while (pending.length > 0) {
    for (const name of pending.pop()!.usedLocals) {
      if (reached.has(name)) continue;
      reached.add(name);
      pending.push(localCode(name));
    }
  }
  return [...reached].sort();
}

/** Whitespace and comments between tokens, for the text outside ASCII (see `CodeReader.gap`). */
const TRIVIA = /\/\/[^\n\r]*|\/\*[\s\S]*?\*\/|\s+/g;

// The bundled TypeScript exports each name through a getter: read them once, not per node.
const { forEachChild, SyntaxKind } = ts;
const LAST_TOKEN = SyntaxKind.LastToken;
const IDENTIFIER = SyntaxKind.Identifier;
const PROPERTY_ACCESS = SyntaxKind.PropertyAccessExpression;
/** Kinds whose `name` child declares the name. */
const DECLARING_KINDS: ReadonlySet<ts.SyntaxKind> = new Set([
  SyntaxKind.Parameter,
  SyntaxKind.VariableDeclaration,
  SyntaxKind.BindingElement,
  SyntaxKind.FunctionDeclaration,
  SyntaxKind.ClassDeclaration,
  SyntaxKind.FunctionExpression,
]);

const NO_NAMES: readonly string[] = [];

const enum Char {
  Tab = 9,
  LineFeed = 10,
  VerticalTab = 11,
  FormFeed = 12,
  CarriageReturn = 13,
  Space = 32,
  Asterisk = 42,
  Slash = 47,
  LastAscii = 127,
}

/**
 * Reads declarations into `Code`, each node once however many functions reach it. One walk per
 * declaration (an explicit stack, not recursion: a body `f0 + f1 + … + f19999` nests 20,000
 * levels deep) yields
 * - its text for hashing: each leaf token as written (string, template and regular-expression
 *   literals keep their whitespace), the tokens between children (keywords, punctuation) with
 *   whitespace and comments taken out, a node's trailing `;` dropped, and brackets marking each
 *   node's extent, so the tree's shape is in the text and no two trees share one;
 * - the module-local names it uses without declaring. Parameters matter most: a node's
 *   parameters are named after other nodes (`taxed(base)`), which must not count as using the
 *   function `base`. Property names after a dot are not uses either (`x.scale`). Scopes are not
 *   tracked: a name declared anywhere inside counts as declared throughout.
 * Hand-tuned: this walk visits every node of every function, and a profile of a cold
 * 5,000-function scan had it at a third of the scanner's work beyond the parse when it built a
 * child array and a frame per node and ran a regular expression over every gap. Now the stack,
 * the child buffer and the parts are reused, and gaps are scanned by hand.
 */
class CodeReader {
  readonly #sourceFile: ts.SourceFile;
  readonly #source: string;
  readonly #locals: LocalDeclarations;
  /** The walk's pending nodes; `#exits[i]` is true when `#stack[i]` is a node to close. */
  readonly #stack: ts.Node[] = [];
  readonly #exits: boolean[] = [];
  /** The children of the node being entered: the first `#childCount` entries (emptying an array each time costs more). */
  readonly #children: ts.Node[] = [];
  #childCount = 0;
  readonly #collectChild = (child: ts.Node): undefined => {
    this.#children[this.#childCount++] = child;
    return undefined;
  };
  /** A list of children (parameters, statements, arguments) in one call rather than one per child. */
  readonly #collectChildren = (nodes: ts.NodeArray<ts.Node>): undefined => {
    const children = this.#children;
    let count = this.#childCount;
    for (let index = 0; index < nodes.length; index++) children[count++] = nodes[index]!;
    this.#childCount = count;
    return undefined;
  };
  readonly #parts: string[] = [];
  readonly #used: string[] = [];
  readonly #declared: string[] = [];

  constructor(sourceFile: ts.SourceFile, locals: LocalDeclarations) {
    this.#sourceFile = sourceFile;
    this.#source = sourceFile.text;
    this.#locals = locals;
  }

  read(root: ts.Node): Code {
    const stack = this.#stack;
    const exits = this.#exits;
    const children = this.#children;
    // Reused from read to read: a fresh array per function grew and copied itself ~6 times.
    const parts = this.#parts;
    if (parts.length > 0) parts.length = 0;
    if (this.#used.length > 0) this.#used.length = 0;
    if (this.#declared.length > 0) this.#declared.length = 0;
    let at = root.pos;
    stack.push(root);
    exits.push(false);
    while (stack.length > 0) {
      const node = stack.pop()!;
      if (exits.pop()!) {
        this.#gap(at, node.end, true);
        parts.push(")");
        at = node.end;
        continue;
      }
      if (node.pos > at) this.#gap(at, node.pos, false);
      this.#childCount = 0;
      if (node.kind > LAST_TOKEN) forEachChild(node, this.#collectChild, this.#collectChildren);
      const childCount = this.#childCount;
      if (childCount === 0) {
        parts.push(textOf(node, this.#sourceFile));
        at = node.end;
        continue;
      }
      parts.push("(");
      at = node.pos;
      stack.push(node);
      exits.push(true);
      for (let index = childCount - 1; index >= 0; index--) {
        const child = children[index]!;
        if (child.kind === IDENTIFIER) this.#noteIdentifier(child as ts.Identifier, node);
        stack.push(child);
        exits.push(false);
      }
    }
    return { text: parts.join("\u0001"), usedLocals: this.#usedLocals() };
  }

  /** The local names the walk saw used and not declared, each once. */
  #usedLocals(): readonly string[] {
    const used = this.#used;
    if (used.length === 0) return NO_NAMES;
    const declared = this.#declared;
    return [...new Set(declared.length === 0 ? used : used.filter((name) => !declared.includes(name)))];
  }

  /** Records `identifier` (a child of `parent`) when it names a module-local declaration. */
  #noteIdentifier(identifier: ts.Identifier, parent: ts.Node): void {
    if (parent.kind === PROPERTY_ACCESS && (parent as ts.PropertyAccessExpression).name === identifier) return;
    const name = identifier.text;
    const local = this.#locals.get(name);
    if (local === undefined || local.kind === "imported") return;
    (isDeclarationName(parent, identifier) ? this.#declared : this.#used).push(name);
  }

  /**
   * The text from `from` to `to` without whitespace and comments (exactly what removing
   * `TRIVIA` leaves), dropping a final `;` when `last`; added to the parts unless empty.
   */
  #gap(from: number, to: number, last: boolean): void {
    if (to <= from) return;
    const source = this.#source;
    let text = "";
    let runStart = from;
    let index = from;
    while (index < to) {
      const char = source.charCodeAt(index);
      let skipTo = -1;
      if (char === Char.Space || char === Char.LineFeed || char === Char.CarriageReturn || char === Char.Tab || char === Char.VerticalTab || char === Char.FormFeed) {
        skipTo = index + 1;
      } else if (char === Char.Slash && index + 1 < to) {
        const next = source.charCodeAt(index + 1);
        if (next === Char.Slash) {
          skipTo = index + 2;
          while (skipTo < to && source.charCodeAt(skipTo) !== Char.LineFeed && source.charCodeAt(skipTo) !== Char.CarriageReturn) skipTo++;
        } else if (next === Char.Asterisk) {
          const close = source.indexOf("*/", index + 2);
          if (close !== -1 && close + 2 <= to) skipTo = close + 2;
        }
      } else if (char > Char.LastAscii) {
        return this.#gapWithUnicode(from, to, last);
      }
      if (skipTo === -1) {
        index++;
        continue;
      }
      if (runStart < index) text += source.slice(runStart, index);
      index = runStart = skipTo;
    }
    if (runStart < to) text += source.slice(runStart, to);
    this.#addGapText(text, last);
  }

  /** Outside ASCII, `\s` also matches Unicode spaces: the regular expression decides. */
  #gapWithUnicode(from: number, to: number, last: boolean): void {
    this.#addGapText(this.#source.slice(from, to).replace(TRIVIA, ""), last);
  }

  #addGapText(text: string, last: boolean): void {
    const kept = last && text.endsWith(";") ? text.slice(0, -1) : text;
    if (kept !== "") this.#parts.push(kept);
  }
}

function isDeclarationName(parent: ts.Node, identifier: ts.Identifier): boolean {
  return DECLARING_KINDS.has(parent.kind) && (parent as ts.NamedDeclaration).name === identifier;
}

function declarationNodes(declaration: LocalDeclaration): readonly ts.Node[] {
  switch (declaration.kind) {
    case "function":
      return declaration.declarations;
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
