/**
 * The source text of the export that defines a node, cut from its module file at the line
 * the scanner recorded: from that line to where its brackets balance.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { walkCode } from "../manifest/index.ts";

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

/**
 * The last line of the declaration: the first line ending where every bracket opened since `at`
 * is closed again. Strings, template literals, comments and regular expression literals are
 * skipped by the type-text reader (a `"}"` or a `/[(]/` in a body ends nothing, opens nothing),
 * with `<` read as a comparison.
 */
function declarationEnd(lines: readonly string[], at: number): number {
  const text = lines.slice(at, at + MAX_LINES).join("\n");
  let opened = false;
  let balancedAt = -1; // the last code character after which no bracket was open
  const stop = walkCode(
    text,
    0,
    (index, depth) => {
      // A later line has begun with every bracket closed: the declaration ended on the line before.
      if (balancedAt >= 0 && text.lastIndexOf("\n", index) > balancedAt) return true;
      const char = text[index]!;
      if (char === "{" || char === "(" || char === "[") {
        opened = true;
        balancedAt = -1;
      } else if (opened && depth === 0 && (char === "}" || char === ")" || char === "]")) balancedAt = index;
      return false;
    },
    { angleBrackets: false, regularExpressions: true },
  );
  return at + countLines(text, stop >= 0 || balancedAt >= 0 ? balancedAt : text.length - 1);
}

/** How many line breaks come before `index`. */
function countLines(text: string, index: number): number {
  let count = 0;
  for (let at = text.indexOf("\n"); at >= 0 && at < index; at = text.indexOf("\n", at + 1)) count++;
  return count;
}
