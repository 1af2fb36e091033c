/**
 * Reading a declared tuple type from its source text (`[Table, { path: string }]`), for the
 * modifiers that split a tuple into nodes. Commas inside generics, objects, nested tuples and
 * function types do not separate members, so `[Map<string, number>, Meta]` has two.
 */

/**
 * The member types of a tuple type as written, without `readonly` or member names; undefined
 * when the type is not a tuple literal.
 * @example tupleMembers("readonly [low: number, Map<string, number>]") // ["number", "Map<string, number>"]
 */
export function tupleMembers(type: string): string[] | undefined {
  const trimmed = type.trim().replace(/^readonly\s+/, "");
  if (!trimmed.startsWith("[") || !trimmed.endsWith("]") || !closesAtEnd(trimmed)) return undefined;
  const inner = trimmed.slice(1, -1);
  if (inner.trim() === "") return [];
  const members: string[] = [];
  let depth = 0;
  let current = "";
  for (let at = 0; at < inner.length; at++) {
    const char = inner[at]!;
    if ("<([{".includes(char)) depth++;
    // The `>` of an arrow (`=>`) closes nothing.
    else if (">)]}".includes(char) && !(char === ">" && inner[at - 1] === "=")) depth--;
    if (char === "," && depth === 0) {
      members.push(current.trim());
      current = "";
    } else current += char;
  }
  if (current.trim() !== "") members.push(current.trim());
  return members.map((member) => member.replace(/^\w+\??:\s*/, ""));
}

/** Whether the `[` at the start is closed by the `]` at the end (not `[A] | [B]`, `A[][]`). */
function closesAtEnd(text: string): boolean {
  let depth = 0;
  for (let at = 0; at < text.length; at++) {
    const char = text[at]!;
    if ("<([{".includes(char)) depth++;
    else if (">)]}".includes(char) && !(char === ">" && text[at - 1] === "=")) depth--;
    if (depth === 0 && at < text.length - 1) return false;
  }
  return depth === 0;
}
