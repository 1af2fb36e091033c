/// <reference lib="dom" />
/** HTML text with everything from the model escaped. */

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

/** A `<li>` per name, each a link selecting that node. */
export function nodeLinks(names: readonly string[], note: (name: string) => string = () => ""): string {
  return names.map((name) => `<li><a href="#" data-node="${escapeHtml(name)}">${escapeHtml(name)}</a>${note(name)}</li>`).join("");
}
