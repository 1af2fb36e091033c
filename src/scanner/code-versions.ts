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
import { startOf, type ParsedModule } from "./parse-module.ts";

/** A module-local declaration's hashed text (UTF-8) and the module-local names it uses without declaring. */
interface Code {
  readonly bytes: Uint8Array;
  readonly usedLocals: readonly string[];
}

/**
 * The code version of each function site with a body, by export name: the first 32 hex digits
 * of the SHA-256 of its text, followed for each module-local name it reaches (sorted) by
 * `\0name\0` and that declaration's text.
 * @example codeVersions(module, sites.functions, sites.locals).get("total"); // "3f9a…"
 */
export function codeVersions(module: ParsedModule, sites: readonly FunctionSite[], locals: LocalDeclarations = indexLocalDeclarations(module.sourceFile)): Map<string, string> {
  const versions = new Map<string, string>();
  if (module.language === "declaration") return versions;
  const reader = new CodeReader(module.sourceFile, locals);
  const text = reader.text;
  // Each local read once, however many functions reach it. Keyed by name: a map keyed by syntax
  // nodes gives every node an identity hash, which the profile showed costing as much as reading.
  const localCodes = new Map<string, Code>();
  const localCode = (name: string): Code => {
    let code = localCodes.get(name);
    if (code === undefined) localCodes.set(name, (code = readLocal(reader, locals.get(name)!)));
    return code;
  };
  for (const site of sites) {
    if (site.form === "declared") continue;
    const usedLocals = reader.read(site.node);
    if (usedLocals.length > 0) {
      // Reading the locals reuses the text buffer: keep this function's text, then append theirs.
      const own = text.copy();
      const reached = reachedLocals(usedLocals, localCode);
      text.reset();
      text.appendBytes(own);
      for (const name of reached) {
        text.appendByte(0);
        text.appendString(name);
        text.appendByte(0);
        text.appendBytes(localCode(name).bytes);
      }
    }
    versions.set(site.exportName, text.sha256Hex().slice(0, 32));
  }
  return versions;
}

/** A local's text; an overloaded function's declarations joined by line breaks. */
function readLocal(reader: CodeReader, declaration: LocalDeclaration): Code {
  const nodes = declarationNodes(declaration);
  if (nodes.length === 1) return { usedLocals: reader.read(nodes[0]!), bytes: reader.text.copy() };
  const used = new Set<string>();
  const texts: Uint8Array[] = [];
  for (const node of nodes) {
    for (const name of reader.read(node)) used.add(name);
    texts.push(reader.text.copy());
  }
  const { text } = reader;
  text.reset();
  texts.forEach((bytes, index) => {
    if (index > 0) text.appendByte(Char.LineFeed);
    text.appendBytes(bytes);
  });
  return { usedLocals: [...used], bytes: text.copy() };
}

/** Local names the function uses, directly or through the locals it uses, sorted. */
function reachedLocals(usedLocals: readonly string[], localCode: (name: string) => Code): string[] {
  const reached = new Set<string>();
  const pending: (readonly string[])[] = [usedLocals];
  while (pending.length > 0) {
    for (const name of pending.pop()!) {
      if (reached.has(name)) continue;
      reached.add(name);
      pending.push(localCode(name).usedLocals);
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
  PartSeparator = 1,
  OpenParen = 40,
  CloseParen = 41,
  Semicolon = 59,
  LastAscii = 127,
}

/**
 * Reads declarations, each node once however many functions reach it. One walk per
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
 * child array and a frame per node and ran a regular expression over every gap. Now the stack
 * and the child buffer are reused, gaps are scanned by hand, and the text is written as UTF-8
 * into one reused buffer and hashed there (the parts joined into a string per function, the
 * helpers' texts appended to it and the string encoded again by the hash: young-generation
 * collections after a cold parse copy the whole syntax tree, and these strings triggered them).
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
  /** The text being read, as UTF-8: reused from read to read (the profile had a cold scan's
   * young-generation collections copying the syntax tree once per-function strings were built). */
  readonly text = new Utf8Text();
  /** How many parts the text has: parts are separated by U+0001. */
  #partCount = 0;
  readonly #used: string[] = [];
  readonly #declared: string[] = [];

  constructor(sourceFile: ts.SourceFile, locals: LocalDeclarations) {
    this.#sourceFile = sourceFile;
    this.#source = sourceFile.text;
    this.#locals = locals;
  }

  /** Reads `root` into `text` (replacing what it held); returns the module-local names it uses. */
  read(root: ts.Node): readonly string[] {
    const stack = this.#stack;
    const exits = this.#exits;
    const children = this.#children;
    const text = this.text;
    const source = this.#source;
    text.reset();
    this.#partCount = 0;
    if (this.#used.length > 0) this.#used.length = 0;
    if (this.#declared.length > 0) this.#declared.length = 0;
    let at = root.pos;
    stack.push(root);
    exits.push(false);
    while (stack.length > 0) {
      const node = stack.pop()!;
      if (exits.pop()!) {
        this.#gap(at, node.end, true);
        this.#startPart();
        text.appendByte(Char.CloseParen);
        at = node.end;
        continue;
      }
      if (node.pos > at) this.#gap(at, node.pos, false);
      this.#childCount = 0;
      if (node.kind > LAST_TOKEN) forEachChild(node, this.#collectChild, this.#collectChildren);
      const childCount = this.#childCount;
      if (childCount === 0) {
        // A leaf's text as written (what `textOf` gives), straight from the source.
        this.#startPart();
        text.appendSource(source, startOf(node, this.#sourceFile), node.end);
        at = node.end;
        continue;
      }
      this.#startPart();
      text.appendByte(Char.OpenParen);
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
    return this.#usedLocals();
  }

  /** Separates a new part from the previous one, as joining the parts with U+0001 would. */
  #startPart(): void {
    if (this.#partCount++ > 0) this.text.appendByte(Char.PartSeparator);
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
   * `TRIVIA` leaves), dropping a final `;` when `last`; a part of the text unless empty.
   */
  #gap(from: number, to: number, last: boolean): void {
    if (to <= from) return;
    const source = this.#source;
    const text = this.text;
    const before = text.length;
    const partsBefore = this.#partCount;
    this.#startPart();
    const start = text.length;
    let index = from;
    while (index < to) {
      const char = source.charCodeAt(index);
      if (char === Char.Space || char === Char.LineFeed || char === Char.CarriageReturn || char === Char.Tab || char === Char.VerticalTab || char === Char.FormFeed) {
        index++;
      } else if (char === Char.Slash && index + 1 < to && source.charCodeAt(index + 1) === Char.Slash) {
        index += 2;
        while (index < to && source.charCodeAt(index) !== Char.LineFeed && source.charCodeAt(index) !== Char.CarriageReturn) index++;
      } else if (char === Char.Slash && index + 1 < to && source.charCodeAt(index + 1) === Char.Asterisk && this.#commentEnd(index, to) !== -1) {
        index = this.#commentEnd(index, to);
      } else if (char > Char.LastAscii) {
        text.truncate(before);
        this.#partCount = partsBefore;
        return this.#gapWithUnicode(from, to, last);
      } else {
        text.appendByte(char);
        index++;
      }
    }
    if (last && text.length > start && text.lastByte() === Char.Semicolon) text.truncate(text.length - 1);
    if (text.length === start) {
      text.truncate(before);
      this.#partCount = partsBefore;
    }
  }

  /** Where the block comment starting at `from` ends, or -1 when it does not end before `to`. */
  #commentEnd(from: number, to: number): number {
    const close = this.#source.indexOf("*/", from + 2);
    return close !== -1 && close + 2 <= to ? close + 2 : -1;
  }

  /** Outside ASCII, `\s` also matches Unicode spaces: the regular expression decides. */
  #gapWithUnicode(from: number, to: number, last: boolean): void {
    const text = this.#source.slice(from, to).replace(TRIVIA, "");
    const kept = last && text.endsWith(";") ? text.slice(0, -1) : text;
    if (kept === "") return;
    this.#startPart();
    this.text.appendString(kept);
  }
}

/**
 * UTF-8 text in one growing buffer, appended to piece by piece and hashed in place: the bytes
 * `Buffer.from(string)` would give for the string of all the pieces, without the string.
 */
class Utf8Text {
  #bytes = Buffer.allocUnsafe(1 << 16);
  length = 0;

  reset(): void {
    this.length = 0;
  }

  truncate(length: number): void {
    this.length = length;
  }

  lastByte(): number {
    return this.#bytes[this.length - 1]!;
  }

  appendByte(byte: number): void {
    if (this.length === this.#bytes.length) this.#grow(1);
    this.#bytes[this.length++] = byte;
  }

  appendBytes(bytes: Uint8Array): void {
    this.#reserve(bytes.length);
    this.#bytes.set(bytes, this.length);
    this.length += bytes.length;
  }

  /** `source` from `from` to `to`; ASCII copied a character at a time, the rest encoded by Node. */
  appendSource(source: string, from: number, to: number): void {
    this.#reserve(to - from);
    const bytes = this.#bytes;
    let length = this.length;
    for (let index = from; index < to; index++) {
      const char = source.charCodeAt(index);
      if (char > Char.LastAscii) {
        this.length = length;
        return this.appendString(source.slice(index, to));
      }
      bytes[length++] = char;
    }
    this.length = length;
  }

  appendString(text: string): void {
    // UTF-8 takes at most three bytes per UTF-16 code unit.
    this.#reserve(text.length * 3);
    this.length += this.#bytes.write(text, this.length, "utf8");
  }

  /** A copy of the text's bytes. */
  copy(): Uint8Array {
    return Uint8Array.prototype.slice.call(this.#bytes, 0, this.length);
  }

  sha256Hex(): string {
    return sha256Hex(this.#bytes.subarray(0, this.length));
  }

  #reserve(extra: number): void {
    if (this.length + extra > this.#bytes.length) this.#grow(extra);
  }

  #grow(extra: number): void {
    const bigger = Buffer.allocUnsafe(Math.max(this.#bytes.length * 2, this.length + extra));
    this.#bytes.copy(bigger, 0, 0, this.length);
    this.#bytes = bigger;
  }
}

/** Node ≥ 20.12 hashes bytes in one call; older versions build a Hash object per function. */
const sha256Hex: (bytes: Uint8Array) => string =
  typeof crypto.hash === "function" ? (bytes) => crypto.hash("sha256", bytes, "hex") : (bytes) => crypto.createHash("sha256").update(bytes).digest("hex");

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
