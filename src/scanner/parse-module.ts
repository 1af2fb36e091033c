/**
 * Parses one module's text, syntax only: no Program, no type checker and no lib files, so
 * scanning a fully annotated module costs one parse. JSDoc is not parsed by TypeScript here
 * (a measured ~25% of parse time); `read-doc-summary.ts` reads the one comment it needs.
 */
import { basename } from "node:path";
import { ts } from "ts-morph";
import { FuncflowError } from "../errors/index.ts";

/** How a file's text is read: TypeScript source, plain JavaScript (no types), or tsc's `.d.ts` output. */
export type ModuleLanguage = "typescript" | "javascript" | "declaration";

/** A parsed module and what the scanner needs to know about its file. */
export interface ParsedModule {
  /** The file's base name, as recorded in the manifest. */
  readonly file: string;
  readonly language: ModuleLanguage;
  readonly sourceFile: ts.SourceFile;
}

/** Declaration suffixes come first: `x.d.ts` also ends in `.ts`. */
const FILE_KINDS: readonly (readonly [suffix: string, language: ModuleLanguage, scriptKind: ts.ScriptKind])[] = [
  [".d.ts", "declaration", ts.ScriptKind.TS],
  [".d.mts", "declaration", ts.ScriptKind.TS],
  [".d.cts", "declaration", ts.ScriptKind.TS],
  [".ts", "typescript", ts.ScriptKind.TS],
  [".mts", "typescript", ts.ScriptKind.TS],
  [".cts", "typescript", ts.ScriptKind.TS],
  [".tsx", "typescript", ts.ScriptKind.TSX],
  [".js", "javascript", ts.ScriptKind.JS],
  [".mjs", "javascript", ts.ScriptKind.JS],
  [".cjs", "javascript", ts.ScriptKind.JS],
  [".jsx", "javascript", ts.ScriptKind.JSX],
];

/**
 * Parses `sourceText` as the kind of module its file name says.
 * @throws FuncflowError `scan_failed` when the extension is not a script funcflow can scan.
 */
export function parseModule(sourceText: string, fileName: string): ParsedModule {
  const file = basename(fileName);
  const kind = FILE_KINDS.find(([suffix]) => file.endsWith(suffix));
  if (kind === undefined) {
    throw new FuncflowError(
      "scan_failed",
      `${fileName}: funcflow cannot scan this kind of file. Pass a module ending in .ts, .mts, .tsx, .js, .mjs or .d.ts.`,
      { details: { file: fileName } },
    );
  }
  const [, language, scriptKind] = kind;
  const sourceFile = ts.createSourceFile(
    file,
    sourceText,
    { languageVersion: ts.ScriptTarget.Latest, jsDocParsingMode: ts.JSDocParsingMode.ParseNone },
    false,
    scriptKind,
  );
  return { file, language, sourceFile };
}

/**
 * The 1-based line where `node` starts (after its leading comments). Hand-tuned (one call per
 * export): TypeScript's own lookup computes the line starts with a loop over every character
 * and searches them through key-selector callbacks, a tenth of a cold scan's work beyond the
 * parse in the profile. The line starts of the last file asked about are kept.
 */
export function lineOf(node: ts.Node, sourceFile: ts.SourceFile): number {
  return lineAt(node.getStart(sourceFile), sourceFile);
}

/** The 1-based line of `position` in `sourceFile`. */
export function lineAt(position: number, sourceFile: ts.SourceFile): number {
  const starts = lineStartsOf(sourceFile);
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >>> 1;
    if (starts[middle]! <= position) low = middle;
    else high = middle - 1;
  }
  return low + 1;
}

let lineStartsFile: ts.SourceFile | undefined;
let lineStarts: readonly number[] = [];

/**
 * Where each line of `sourceFile` starts, as TypeScript counts lines (`\n`, `\r\n`, `\r`,
 * U+2028, U+2029): found with `indexOf` when the text breaks lines with `\n` alone.
 */
function lineStartsOf(sourceFile: ts.SourceFile): readonly number[] {
  if (lineStartsFile === sourceFile) return lineStarts;
  const text = sourceFile.text;
  let starts: readonly number[];
  if (/[\r\u2028\u2029]/.test(text)) {
    starts = sourceFile.getLineStarts();
  } else {
    const found = [0];
    for (let index = text.indexOf("\n"); index !== -1; index = text.indexOf("\n", index + 1)) found.push(index + 1);
    starts = found;
  }
  lineStartsFile = sourceFile;
  lineStarts = starts;
  return starts;
}

// The bundled TypeScript exports each name through a getter: read them once, not per token.
const { canHaveModifiers, tokenToString } = ts;
const IDENTIFIER = ts.SyntaxKind.Identifier;
const JSDOC_FLAG = ts.NodeFlags.JSDoc;

/**
 * `node.getStart(sourceFile)`: where its first token starts, past leading whitespace and
 * comments. Hand-tuned (called for every token the code versions hash and every type the
 * signatures copy): plain spaces, line breaks and comments are skipped here; what else could be
 * trivia (a conflict marker at a line's start, a shebang, Unicode spaces) is left to TypeScript.
 * A profile of a cold scan had TypeScript's `skipTrivia` at 7% of the work beyond the parse
 * when every `=`, `<` and `>` token (`=>`, `===`) and every commented node went to it.
 */
export function startOf(node: ts.Node, sourceFile: ts.SourceFile): number {
  const text = sourceFile.text;
  const { end } = node;
  let start = node.pos;
  while (start < end) {
    const char = text.charCodeAt(start);
    if (char === 32 || char === 10 || char === 13 || char === 9) {
      start++;
    } else if (char === SLASH) {
      const next = text.charCodeAt(start + 1);
      if (next === SLASH) {
        start = lineCommentEnd(text, start + 2);
      } else if (next === ASTERISK) {
        const close = text.indexOf("*/", start + 2);
        if (close === -1) return node.getStart(sourceFile);
        start = close + 2;
      } else {
        break; // a division or a regular expression
      }
    } else if (char > 127 || char === 11 || char === 12 || (mayStartTrivia(char) && (start === 0 || isLineBreakBefore(text, start)))) {
      return node.getStart(sourceFile);
    } else {
      break;
    }
  }
  // Inside a JSDoc comment a line's leading `*` is trivia too (never here: JSDoc is not parsed).
  return (node.flags & JSDOC_FLAG) === 0 ? start : node.getStart(sourceFile);
}

const SLASH = 47;
const ASTERISK = 42;

/** Where the line comment whose text starts at `from` ends: at the line break, which is not the comment's. */
export function lineCommentEnd(text: string, from: number): number {
  let index = from;
  for (;;) {
    const char = text.charCodeAt(index);
    // NaN past the end of the text compares unequal to everything: stop there too.
    if (char === 10 || char === 13 || char === 0x2028 || char === 0x2029 || Number.isNaN(char)) return index;
    index++;
  }
}

/**
 * `<`, `=`, `>`, `|` (merge conflict markers such as `<<<<<<<`, which TypeScript skips as trivia
 * at a line's start) and `#` (a shebang, at the text's start): elsewhere they begin a token.
 */
export function mayStartTrivia(char: number): boolean {
  return (char >= 60 && char <= 62) || char === 124 || char === 35;
}

function isLineBreakBefore(text: string, position: number): boolean {
  const before = text.charCodeAt(position - 1);
  return before === 10 || before === 13 || before === 0x2028 || before === 0x2029;
}

/**
 * `node.getText(sourceFile)`. A keyword or punctuator (a `number` type, `this`) is its
 * spelling whenever the source is as long, and an identifier its name: strings that exist
 * already, where a slice of the source would make a new one.
 */
export function textOf(node: ts.Node, sourceFile: ts.SourceFile): string {
  const start = startOf(node, sourceFile);
  const known = node.kind === IDENTIFIER ? (node as ts.Identifier).text : tokenToString(node.kind);
  return known !== undefined && known.length === node.end - start ? known : sourceFile.text.slice(start, node.end);
}

/** True when `node` carries the modifier keyword `kind` (`export`, `default`, `declare`, `async`). */
export function hasModifier(node: ts.Node, kind: ts.ModifierSyntaxKind): boolean {
  // `modifiers` also holds decorators, which never have a modifier's kind.
  const modifiers = canHaveModifiers(node) ? node.modifiers : undefined;
  if (modifiers === undefined) return false;
  for (const modifier of modifiers) if (modifier.kind === kind) return true;
  return false;
}
