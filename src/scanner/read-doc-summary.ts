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
  const text = sourceFile.text;
  const comments = ts.getLeadingCommentRanges(text, node.pos) ?? [];
  const docComments = comments.filter(
    (range) => text.startsWith("/**", range.pos) && !text.startsWith("/**/", range.pos),
  );
  const last = docComments.at(-1);
  if (last === undefined) return undefined;
  return summaryOf(text.slice(last.pos + "/**".length, last.end - "*/".length));
}

function summaryOf(commentBody: string): string | undefined {
  const description: string[] = [];
  for (const rawLine of commentBody.split(/\r?\n/)) {
    // Each continuation line reads `   * text`: drop the margin, the star and one space.
    const line = rawLine.replace(/^\s*\*?\s?/, "");
    if (line.trimStart().startsWith("@")) break;
    description.push(line.trimEnd());
  }
  const summary = description.join("\n").trim();
  return summary === "" ? undefined : summary;
}
