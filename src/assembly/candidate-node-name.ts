/**
 * The node name a candidate defines: the name its config wrapper gives (`configWhen(condition,
 * { name }, fn)`, Hamilton's `@config.when(name=…)`), else Hamilton's variant convention applied to
 * every export, so the rule is one line the compiler can apply too when typing `execute`: the
 * export name cut at its last `__`.
 */
import { FuncflowError } from "../errors/index.ts";
import { describeSource, variantNodeName, type ResolveModifier } from "../graph/index.ts";
import type { Candidate } from "./collect-candidates.ts";

/**
 * @throws FuncflowError `invalid_modifier` for an export name ending in `__`, or for stacked
 *   config wrappers giving the function two different names.
 * @example candidateNodeName(candidate); // "salesTax" for tax__us, or for usTax named "salesTax"
 */
export function candidateNodeName({ entry, source, modifiers }: Candidate): string {
  const name = variantNodeName(entry.exportName);
  if (name !== entry.exportName && name.length === entry.exportName.length - 2) {
    throw new FuncflowError(
      "invalid_modifier",
      `${describeSource(source)}: a config variant's name must not end in "__". Name it "<node>__<variant>", e.g. "${entry.exportName}us".`,
      { node: entry.exportName },
    );
  }
  if (modifiers.length === 0) return name;
  const given = [...new Set(modifiers.flatMap((modifier) => (modifier.phase === "resolve" && (modifier as ResolveModifier).nodeName !== undefined ? [(modifier as ResolveModifier).nodeName!] : [])))];
  if (given.length > 1) {
    throw new FuncflowError(
      "invalid_modifier",
      `${describeSource(source)}: its config wrappers name the node differently (${given.map((each) => JSON.stringify(each)).join(" and ")}). Give options.name on one wrapper only, or the same name on each.`,
      { node: entry.exportName, details: { names: given } },
    );
  }
  return given[0] ?? name;
}
