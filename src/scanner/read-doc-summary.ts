/**
 * Reads a declaration's JSDoc summary straight from its leading comments. TypeScript's own
 * JSDoc parsing is switched off for speed, and the summary needs only the text before the
 * first block tag, so a small reader is enough.
 */
import { ts } from "ts-morph";
import { lineCommentEnd, mayStartTrivia } from "./parse-module.ts";

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
 * each re-scanned the same comment. Hand-tuned (one call per export): the comments are read as
 * TypeScript's `getLeadingCommentRanges` reads them (a comment on the line the previous
 * statement ends on is that statement's, not this one's), jumping to each comment's end with
 * `indexOf`; TypeScript's reading was a quarter of a cold scan's export stage in the profile.
 * Anything unusual before the token (Unicode spaces, a conflict marker, a shebang, an
 * unterminated comment) goes to TypeScript's reading.
 */
export function readLeadingDoc(node: ts.Node, sourceFile: ts.SourceFile): LeadingDoc {
  const text = sourceFile.text;
  let position = node.pos;
  // At the text's start every comment leads, after a possible shebang.
  if (position === 0) return readLeadingDocWithTypeScript(node, sourceFile);
  let collecting = false;
  let docFrom = -1;
  let docTo = -1;
  for (;;) {
    const char = text.charCodeAt(position);
    if (char === 10 || char === CARRIAGE_RETURN) {
      position++;
      collecting = true;
    } else if (char === 32 || char === 9 || char === 11 || char === 12) {
      position++;
    } else if (char === SLASH && text.charCodeAt(position + 1) === SLASH) {
      position = lineCommentEnd(text, position + 2);
    } else if (char === SLASH && text.charCodeAt(position + 1) === ASTERISK) {
      const close = text.indexOf("*/", position + 2);
      if (close === -1) return readLeadingDocWithTypeScript(node, sourceFile);
      // `/**/` is an empty block comment, not a doc comment.
      if (collecting && text.charCodeAt(position + 2) === ASTERISK && close !== position + 2) {
        docFrom = position + "/**".length;
        docTo = close;
      }
      position = close + 2;
    } else if (char > 127 || mayStartTrivia(char)) {
      return readLeadingDocWithTypeScript(node, sourceFile);
    } else {
      return { doc: docFrom === -1 ? undefined : summaryOf(text, docFrom, docTo), start: position };
    }
  }
}

/** A declaration's JSDoc summary and where its first token starts. */
export interface LeadingDoc {
  readonly doc: string | undefined;
  readonly start: number;
}

/** `readLeadingDoc` through TypeScript's comment reading, for what the hand-tuned path leaves to it. */
export function readLeadingDocWithTypeScript(node: ts.Node, sourceFile: ts.SourceFile): LeadingDoc {
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
  return { doc, start: node.getStart(sourceFile) };
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
const SLASH = 47;
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
