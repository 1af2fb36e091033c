/**
 * DOT quoting: any name, type or doc becomes a safe double-quoted ID. In quoted strings
 * Graphviz reads `\"` and treats `\n`, `\l`, `\N` and friends as escapes, so every backslash
 * is doubled and line breaks become `\n`.
 */
export function quote(text: string): string {
  // Most names need no escaping: one scan instead of three replacements.
  if (!NEEDS_ESCAPE.test(text)) return `"${text}"`;
  return `"${text.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\r\n|\r|\n/g, "\\n")}"`;
}

const NEEDS_ESCAPE = /[\\"\r\n]/;

/** `key=value` attribute list with quoted values. */
export function attributes(entries: Readonly<Record<string, string | undefined>>): string {
  const parts = Object.entries(entries)
    .filter((entry): entry is [string, string] => entry[1] !== undefined)
    .map(([key, value]) => `${key}=${quote(value)}`);
  return parts.length > 0 ? ` [${parts.join(", ")}]` : "";
}
