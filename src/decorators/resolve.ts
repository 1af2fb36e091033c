/**
 * `resolve`: picks modifiers from config when the graph is built, e.g. how many outputs a
 * `parameterize` makes. The graph builder replaces it by the modifiers it returns before any
 * other modifier applies, so they take part in the lifecycle as if written in the source.
 */
import { FuncflowError, isPlainRecord, listNames } from "../errors/index.ts";
import { applyModifier, readNodeMetadata, type NodeFunction, type Config, type Modifier, type ResolveModifier } from "../graph/index.ts";

/** The modifier `resolve` attaches; the graph builder calls `choose`. */
export interface DynamicModifier extends ResolveModifier {
  readonly kind: "resolve";
  /** The modifiers to apply under `config` to `fn` (the unwrapped function). */
  choose(config: Config, fn: NodeFunction): readonly Modifier[];
}

/**
 * True for the modifier `resolve` attaches.
 * @example readNodeMetadata(fn).modifiers.some(isDynamicModifier);
 */
export function isDynamicModifier(modifier: Modifier): modifier is DynamicModifier {
  return modifier.kind === "resolve" && "choose" in modifier;
}

/** Config keys `resolve` reads: names it requires, and records mapping optional keys to defaults. */
export type ResolveConfigKeys = readonly (string | Config)[] | Config;

/**
 * Applies the modifiers `decorateWith` wraps `fn` in, chosen from the config values of
 * `configKeys` when the graph is built (Hamilton's `@resolve`; no power-user flag is needed).
 * `configKeys` lists the keys, or maps each key to the value used when the config does not set
 * it, so the graph can be built (and drawn) without a config; a list may mix both, as Hamilton's
 * `decorate_with(required, optional=default)` does: `["model", { depth: 3 }]`. `decorateWith`
 * sees those keys only (a default replaced by the config's value when it sets the key).
 * @throws FuncflowError `invalid_modifier` at build when a listed config key without a default is
 *   unset, when `decorateWith` throws or returns something other than `fn` wrapped in modifiers.
 * @example
 * export const scaled = resolve(["factors"], ({ factors }, fn) =>
 *   parameterize(Object.fromEntries((factors as number[]).map((f) => [`times${f}`, { factor: value(f) }])), fn),
 *   (x: number, factor: number) => x * factor);
 * // with a default: builds as [2] when the config has no "factors"
 * export const scaledOrDoubled = resolve({ factors: [2] }, ({ factors }, fn) => …, fn);
 * // "owner" required, "factors" optional
 * export const ownedScaled = resolve(["owner", { factors: [2] }], ({ owner, factors }, fn) => …, fn);
 */
export function resolve<F extends NodeFunction>(configKeys: ResolveConfigKeys, decorateWith: (config: Config, fn: F) => F, fn: F): F {
  const entries: readonly unknown[] = Array.isArray(configKeys) ? configKeys : [configKeys];
  const defaults: Config = Object.assign({}, ...entries.filter(isPlainRecord)) as Config;
  const keys: readonly string[] = entries.flatMap((entry) => (isPlainRecord(entry) ? Object.keys(entry) : [entry as string]));
  const problem = !(Array.isArray(configKeys) || isPlainRecord(configKeys)) || !entries.every((entry) => typeof entry === "string" || isPlainRecord(entry))
    ? "resolve: the first argument must list the config keys decorateWith reads, e.g. [\"factors\"], map each to its default, e.g. { factors: [2] }, or mix both, e.g. [\"model\", { factors: [2] }]"
    : new Set(keys).size !== keys.length
      ? `resolve: config key ${listNames(keys.filter((key, index) => keys.indexOf(key) !== index))} is listed twice; list each key once`
      : typeof decorateWith !== "function"
        ? "resolve: the second argument must be a function (config, fn) => modifier(…, fn)"
        : undefined;
  const modifier: DynamicModifier = {
    kind: "resolve",
    phase: "resolve",
    repeatable: true,
    configKeys: keys,
    ...(problem && { problem }),
    condition: "",
    isFallback: false,
    isActive: () => true,
    choose(config, inner) {
      const missing = keys.filter((key) => !Object.hasOwn(config, key) && !Object.hasOwn(defaults, key));
      if (missing.length > 0) {
        throw new FuncflowError("invalid_modifier", `resolve needs config ${listNames(missing)}, which the config does not set. Set ${missing.length > 1 ? "them" : "it"} with withConfig({ … }) (or --config on the command line), or give resolve a default: resolve({ ${missing[0]}: … }, …).`, {
          configKey: missing[0],
        });
      }
      const chosen = Object.fromEntries(keys.map((key) => [key, Object.hasOwn(config, key) ? config[key] : defaults[key]]));
      let decorated: F;
      try {
        decorated = decorateWith(chosen, inner as F);
      } catch (error) {
        if (error instanceof FuncflowError) throw error;
        throw new FuncflowError(
          "invalid_modifier",
          `resolve: decorateWith threw under config ${JSON.stringify(chosen)}: ${error instanceof Error ? error.message : String(error)}. Make it return the function wrapped in modifiers for every config it can get.`,
          { cause: error },
        );
      }
      const metadata = typeof decorated === "function" ? readNodeMetadata(decorated) : undefined;
      if (metadata === undefined || metadata.fn !== inner) {
        throw new FuncflowError("invalid_modifier", `resolve: decorateWith must return the function it was given wrapped in modifiers, e.g. (config, fn) => tag({…}, fn).`);
      }
      return metadata.modifiers;
    },
  };
  return applyModifier(modifier, fn);
}

