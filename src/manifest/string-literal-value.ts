/**
 * The value a string literal type stands for, read from its text as JavaScript reads the
 * literal: `"C:\\"` is `C:\`, `'it\'s'` is `it's`, `` `plain` `` is `plain`.
 */

/**
 * The string a literal type's text stands for; undefined for any other text, a template
 * literal with a substitution (`` `id-${number}` `` is many strings) included.
 * @example stringLiteralValue("'it\\'s'"); // "it's"
 */
export function stringLiteralValue(text: string): string | undefined {
  const quote = text[0];
  if (text.length < 2 || (quote !== '"' && quote !== "'" && quote !== "`") || text[text.length - 1] !== quote) return undefined;
  const body = text.slice(1, -1);
  if (quote === "`" && /(^|[^\\])(\\\\)*\$\{/.test(body)) return undefined;
  // Any quote becomes a double-quoted JSON string: an escaped character stays escaped (an escaped
  // quote needs none), a bare `"` gets one.
  const json = `"${body.replace(/\\(.)|"/gs, (match, escaped?: string) => (escaped === undefined ? '\\"' : escaped === "'" || escaped === "`" || escaped === "$" ? escaped : match))}"`;
  try {
    return JSON.parse(json) as string;
  } catch {
    // An escape JSON lacks (`\x41`, `\u{41}`, `\0`): the literal as written is the best reading.
    return body;
  }
}
