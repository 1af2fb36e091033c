/**
 * The files a scan reads to follow a type imported from a relative module: TypeScript's
 * resolution of a relative specifier, each file parsed alone (syntax only, never a Program), and
 * a record of every file read or looked for, which the manifest keeps so that a cached manifest
 * is trusted only while those files are unchanged. Nothing is read until a type needs it.
 */
import { readFileSync } from "node:fs";
import { dirname, relative, resolve, sep } from "node:path";
import { ts } from "ts-morph";
import { contentHash, type ManifestTypeSource } from "../manifest/index.ts";

/**
 * Reads the text of the file at an absolute path, or returns undefined when there is none;
 * throws when a file is there but cannot be read.
 */
export type ReadTypeFile = (path: string) => string | undefined;

/** An opened file, or why a specifier gave none (what was tried, then how to fix it). */
export type OpenedFile = { readonly kind: "file"; readonly path: string; readonly sourceFile: ts.SourceFile } | { readonly kind: "problem"; readonly problem: string };

/** The candidates TypeScript tries for a relative specifier, by its extension, in its order. */
function candidatesFor(specifier: string): readonly string[] {
  if (/\.d\.[mc]?ts$|\.[mc]?tsx?$/.test(specifier)) return [specifier];
  const script = /\.(m|c)?js(x?)$/.exec(specifier);
  if (script !== null) {
    const base = specifier.slice(0, script.index);
    const flavour = script[1] ?? "";
    return script[2] === "x" ? [`${base}.tsx`, `${base}.d.ts`] : flavour === "" ? [`${base}.ts`, `${base}.tsx`, `${base}.d.ts`] : [`${base}.${flavour}ts`, `${base}.d.${flavour}ts`];
  }
  // `.`, `..` and `./dir/` name a folder only: "..ts" is no candidate.
  const folderOnly = specifier === "." || specifier === ".." || specifier.endsWith("/");
  const folder = specifier.endsWith("/") ? specifier : `${specifier}/`;
  const index = [`${folder}index.ts`, `${folder}index.tsx`, `${folder}index.d.ts`];
  return folderOnly ? index : [`${specifier}.ts`, `${specifier}.tsx`, `${specifier}.d.ts`, ...index];
}

/** `./x`, `../x`, `.` and `..`: the specifiers a scan follows (a package's resolution needs its package.json and exports map). */
export function isRelativeSpecifier(specifier: string): boolean {
  return specifier === "." || specifier === ".." || specifier.startsWith("./") || specifier.startsWith("../");
}

function readFromDisk(path: string): string | undefined {
  try {
    return readFileSync(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "ENOTDIR" || code === "EISDIR") return undefined;
    throw error;
  }
}

const TSX = /\.tsx$/;

/** One scan's type files: opened at most once each, and recorded for the manifest. */
export class TypeFiles {
  readonly #modulePath: string;
  readonly #read: ReadTypeFile;
  readonly #opened = new Map<string, ts.SourceFile | { readonly failure: string }>();
  /** Absolute path → content hash, or null when no file was there. */
  readonly #consulted = new Map<string, string | null>();

  /** `modulePath` locates relative imports; `read` defaults to the file system. */
  constructor(modulePath: string, read: ReadTypeFile = readFromDisk) {
    this.#modulePath = resolve(modulePath);
    this.#read = read;
  }

  /** The module's own absolute path: relative imports of the module resolve from its folder. */
  get modulePath(): string {
    return this.#modulePath;
  }

  /** The file `specifier` (relative) means when imported from the file at `fromPath`, parsed. */
  open(specifier: string, fromPath: string): OpenedFile {
    const tried: string[] = [];
    for (const candidate of candidatesFor(specifier)) {
      const path = resolve(dirname(fromPath), candidate);
      tried.push(path);
      const opened = this.#openPath(path);
      if (opened === undefined) continue;
      if ("failure" in opened) return { kind: "problem", problem: `${this.shown(path)} ${opened.failure}` };
      return { kind: "file", path, sourceFile: opened };
    }
    return {
      kind: "problem",
      problem: `"${specifier}" resolves to no file (tried ${tried.map((path) => this.shown(path)).join(", ")}). Fix the import's path`,
    };
  }

  /** Every file consulted, relative to the module's folder, in path order; empty when none. */
  sources(): ManifestTypeSource[] {
    const folder = dirname(this.#modulePath);
    return [...this.#consulted]
      .map(([path, hash]) => ({ path: relative(folder, path).split(sep).join("/"), contentHash: hash }))
      .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  }

  /** A path as messages show it: relative to the module's folder. */
  shown(path: string): string {
    const shown = relative(dirname(this.#modulePath), path).split(sep).join("/");
    return shown.startsWith("../") ? shown : `./${shown}`;
  }

  #openPath(path: string): ts.SourceFile | { readonly failure: string } | undefined {
    if (this.#opened.has(path)) return this.#opened.get(path);
    if (this.#consulted.get(path) === null) return undefined;
    let text: string | undefined;
    try {
      text = this.#read(path);
    } catch (error) {
      const failure = { failure: `cannot be read: ${error instanceof Error ? error.message : String(error)}. Make it readable` };
      // Recorded as missing: a cached manifest is then trusted only once the file reads as absent.
      this.#consulted.set(path, null);
      this.#opened.set(path, failure);
      return failure;
    }
    this.#consulted.set(path, text === undefined ? null : contentHash(text));
    if (text === undefined) return undefined;
    const sourceFile = ts.createSourceFile(path, text, { languageVersion: ts.ScriptTarget.Latest, jsDocParsingMode: ts.JSDocParsingMode.ParseNone }, false, TSX.test(path) ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
    const [error] = parseDiagnosticsOf(sourceFile);
    const opened = error === undefined ? sourceFile : { failure: `cannot be parsed: ${ts.flattenDiagnosticMessageText(error.messageText, " ")} (line ${sourceFile.getLineAndCharacterOfPosition(error.start ?? 0).line + 1}). Fix its syntax` };
    this.#opened.set(path, opened);
    return opened;
  }
}

/** Syntax errors TypeScript found while parsing (not public API, but stable across its versions). */
function parseDiagnosticsOf(sourceFile: ts.SourceFile): readonly ts.Diagnostic[] {
  return (sourceFile as unknown as { readonly parseDiagnostics?: readonly ts.Diagnostic[] }).parseDiagnostics ?? [];
}
