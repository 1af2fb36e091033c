/**
 * Reads a declaration's JSDoc summary straight from its leading comments. TypeScript's own
 * JSDoc parsing is switched off for speed, and the summary needs only the text before the
 * first block tag, so a small reader is enough.
 */
import { ts } from "ts-morph";

/**
 * The description of the last `/** … *\/` comment before `node` (as TypeScript attaches it),
 * up to the first line that starts a block tag (`@param`, `@returns`, …); trimmed, and
 * undefined when there is none. Inline tags such as `{@link x}` are kept as written.
 */
export function readDocSummary(node: ts.Node, sourceFile: ts.SourceFile): string | undefined {
  return readLeadingDoc(node, sourceFile).doc;
}

/**
 * `node`'s JSDoc summary (as `readDocSummary`) and where its first token starts (as
 * `node.getStart`), from one reading of the comments before it: an export needs both, and
 * each re-scanned the same comment.
 */
export function readLeadingDoc(node: ts.Node, sourceFile: ts.SourceFile): { readonly doc: string | undefined; readonly start: number } {
  const text = sourceFile.text;
  const comments = ts.getLeadingCommentRanges(text, node.pos);
  let doc: string | undefined;
  if (comments !== undefined) {
    for (let index = comments.length - 1; index >= 0; index--) {
      const range = comments[index]!;
      if (text.startsWith("/**", range.pos) && !text.startsWith("/**/", range.pos)) {
        doc = summaryOf(text, range.pos + "/**".length, range.end - "*/".length);
        break;
      }
    }
  }
  // After the last leading comment only whitespace can come before the token; anything else
  // (a same-line comment, a conflict marker, a shebang, Unicode spaces) is left to TypeScript.
  let start = comments === undefined ? node.pos : comments[comments.length - 1]!.end;
  for (;;) {
    const char = text.charCodeAt(start);
    if (char === 32 || char === 9 || char === 10 || char === CARRIAGE_RETURN) start++;
    else if (char === 47 || char === 35 || char > 127 || (char >= 60 && char <= 62) || char === 124 || char === 11 || char === 12) return { doc, start: node.getStart(sourceFile) };
    else return { doc, start };
  }
}

/**
 * The description in `text` from `from` to `to` (a comment's body): its lines up to the first
 * that starts a block tag, each without its margin, star and one space. Hand-tuned (one call
 * per documented export): split and a regular expression per line were a tenth of the doc
 * reading's cost in a cold scan's profile; outside ASCII the regular expression decides.
 */
function summaryOf(text: string, from: number, to: number): string | undefined {
  let summary = "";
  let lineStart = from;
  while (lineStart <= to) {
    const newline = text.indexOf("\n", lineStart);
    const lineEnd = newline === -1 || newline >= to ? to : newline;
    // Lines are split at `\r?\n`: a `\r` before the `\n` is not the line's.
    const contentEnd = lineEnd > lineStart && lineEnd < to && text.charCodeAt(lineEnd - 1) === CARRIAGE_RETURN ? lineEnd - 1 : lineEnd;
    const line = withoutMargin(text, lineStart, contentEnd);
    if (line.trimStart().startsWith("@")) break;
    summary += (lineStart === from ? "" : "\n") + line.trimEnd();
    lineStart = lineEnd + 1;
  }
  const trimmed = summary.trim();
  return trimmed === "" ? undefined : trimmed;
}

const CARRIAGE_RETURN = 13;
const ASTERISK = 42;
const MARGIN = /^\s*\*?\s?/;

/** `text` from `from` to `to` without what `MARGIN` matches: leading whitespace, one `*`, one whitespace. */
function withoutMargin(text: string, from: number, to: number): string {
  let index = from;
  while (index < to && isAsciiSpace(text.charCodeAt(index))) index++;
  if (index < to && text.charCodeAt(index) > 127) return text.slice(from, to).replace(MARGIN, "");
  if (index < to && text.charCodeAt(index) === ASTERISK) index++;
  if (index < to) {
    const next = text.charCodeAt(index);
    if (next > 127) return text.slice(from, to).replace(MARGIN, "");
    if (isAsciiSpace(next)) index++;
  }
  return text.slice(index, to);
}

/** What `\s` matches below 128: tab, line feed, vertical tab, form feed, carriage return, space. */
function isAsciiSpace(char: number): boolean {
  return char === 32 || (char >= 9 && char <= 13);
}
