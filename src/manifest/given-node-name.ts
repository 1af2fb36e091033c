/**
 * What a manifest says about config wrappers' options, read from their argument text: the
 * wrappers take `(condition, fn)` or `(condition, options, fn)`, and `{ name: "x" }` names the
 * node (`configWhen`'s options.name, Hamilton's `@config.when(name=…)`).
 */
import type { ManifestFunction, ManifestModifier } from "./manifest.ts";

const CONFIG_WRAPPERS = new Set(["configWhen", "configWhenNot", "configWhenIn", "configWhenNotIn"]);
const NAME_OPTION = /^\{\s*name\s*:\s*(["'`])([^"'`]+)\1\s*,?\s*\}$/;

/**
 * The node name a config wrapper's literal `{ name: "x" }` gives the function, or undefined.
 * @example givenNodeName(entry); // "salesTax" for configWhen({ region: "US" }, { name: "salesTax" }, fn)
 */
export function givenNodeName(entry: ManifestFunction): string | undefined {
  for (const modifier of entry.modifiers) {
    const options = CONFIG_WRAPPERS.has(modifier.name) && modifier.args.length === 2 ? modifier.args[1]! : undefined;
    const name = options === undefined ? undefined : NAME_OPTION.exec(options.trim())?.[2];
    if (name !== undefined && name.trim() !== "") return name;
  }
  return undefined;
}

/** A modifier's arguments other than a config wrapper's options: the ones that can name config keys. */
export function conditionArguments(modifier: ManifestModifier): readonly string[] {
  return CONFIG_WRAPPERS.has(modifier.name) && modifier.args.length === 2 ? modifier.args.slice(0, 1) : modifier.args;
}
