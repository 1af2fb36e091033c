/**
 * The source text of the export that defines a node, cut from its module file at the line
 * the scanner recorded: from that line to where its brackets balance.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";

const MAX_LINES = 200;

/** Reads module files once each and cuts export texts from them. */
export class NodeCodeReader {
  readonly #files = new Map<string, readonly string[] | undefined>();
  readonly #cwd: string;

  constructor(cwd = process.cwd()) {
    this.#cwd = cwd;
  }

  /**
   * The text of the declaration starting at `line` (1-based) of `module`, or undefined when the
   * module is not a readable file.
   * @example new NodeCodeReader().codeAt("src/transforms.ts", 12);
   */
  codeAt(module: string, line: number): string | undefined {
    const lines = this.#lines(module);
    if (lines === undefined || line < 1 || line > lines.length) return undefined;
    const start = withLeadingComment(lines, line - 1);
    const end = declarationEnd(lines, line - 1);
    return lines.slice(start, end + 1).join("\n");
  }

  #lines(module: string): readonly string[] | undefined {
    if (!this.#files.has(module)) {
      let text: string | undefined;
      try {
        text = readFileSync(resolve(this.#cwd, module), "utf8");
      } catch {
        text = undefined;
      }
      this.#files.set(module, text?.split(/\r?\n/));
    }
    return this.#files.get(module);
  }
}

/** The JSDoc block right above the declaration belongs with it. */
function withLeadingComment(lines: readonly string[], at: number): number {
  if (at === 0 || !lines[at - 1]!.trim().endsWith("*/")) return at;
  for (let index = at - 1; index >= 0 && at - index < MAX_LINES; index--) {
    if (lines[index]!.trim().startsWith("/**")) return index;
  }
  return at;
}

/** The last line of the declaration: where brackets opened since `at` are all closed again. */
function declarationEnd(lines: readonly string[], at: number): number {
  let depth = 0;
  let opened = false;
  for (let index = at; index < lines.length && index - at < MAX_LINES; index++) {
    // Strings and comments are rare enough in signatures that counting raw brackets suffices here.
    for (const char of lines[index]!.replace(/\/\/.*$/, "")) {
      if (char === "{" || char === "(" || char === "[") {
        depth++;
        opened = true;
      } else if (char === "}" || char === ")" || char === "]") depth--;
    }
    if (opened && depth <= 0) return index;
  }
  return Math.min(lines.length - 1, at + MAX_LINES - 1);
}
