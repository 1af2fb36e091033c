/**
 * Hamilton's config-variant convention: an export defines the node its name names, cut at the
 * last `__` (`salesTax__us` → `salesTax`); a name with no `__` after its first character is its
 * own node. One rule for the graph, the static check, the CLI and the explorer. (A name ending
 * in `__` is refused where variants are resolved.)
 * @example variantNodeName("salesTax__us"); // "salesTax"
 */
export function variantNodeName(exportName: string): string {
  const cut = exportName.lastIndexOf("__");
  return cut <= 0 ? exportName : exportName.slice(0, cut);
}
