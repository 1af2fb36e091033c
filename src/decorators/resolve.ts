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

/**
 * Applies the modifiers `decorateWith` wraps `fn` in, chosen from the config values of
 * `configKeys` when the graph is built (Hamilton's `@resolve`; no power-user flag is needed).
 * `configKeys` lists the keys, or maps each key to the value used when the config does not set
 * it, so the graph can be built (and drawn) without a config. Both at once, as Hamilton's
 * `decorate_with` mixes required and defaulted parameters: `resolve(["required"], { optional: default }, decorateWith, fn)`.
 * @throws FuncflowError `invalid_modifier` at build when a listed config key without a default is
 *   unset, when `decorateWith` throws or returns something other than `fn` wrapped in modifiers.
 * @example
 * export const scaled = resolve(["factors"], ({ factors }, fn) =>
 *   parameterize(Object.fromEntries((factors as number[]).map((f) => [`times${f}`, { factor: value(f) }])), fn),
 *   (x: number, factor: number) => x * factor);
 * // with a default: builds as [2] when the config has no "factors"
 * export const scaledOrDoubled = resolve({ factors: [2] }, ({ factors }, fn) => …, fn);
 * // "columns" required, "extra" defaulting to []
 * export const parts = resolve(["columns"], { extra: [] }, ({ columns, extra }, fn) => …, fn);
 */
export function resolve<F extends NodeFunction>(configKeys: readonly string[] | Config, decorateWith: (config: Config, fn: F) => F, fn: F): F;
export function resolve<F extends NodeFunction>(required: readonly string[], defaults: Config, decorateWith: (config: Config, fn: F) => F, fn: F): F;
export function resolve<F extends NodeFunction>(configKeys: readonly string[] | Config, ...rest: readonly unknown[]): F {
  const fn = rest[rest.length - 1] as F;
  const decorateWith = rest[rest.length - 2] as (config: Config, fn: F) => F;
  const mixed = rest.length > 2;
  const defaultsGiven = mixed ? rest[0] : isPlainRecord(configKeys) ? configKeys : {};
  const defaults: Config = isPlainRecord(defaultsGiven) ? defaultsGiven : {};
  const required: readonly unknown[] = Array.isArray(configKeys) ? configKeys : [];
  const keys: readonly string[] = [...new Set([...(required as string[]), ...Object.keys(defaults)])];
  const problem = !(Array.isArray(configKeys) || (!mixed && isPlainRecord(configKeys))) || !required.every((key) => typeof key === "string")
    ? "resolve: the first argument must list the config keys decorateWith reads, e.g. [\"factors\"], or map each to its default, e.g. { factors: [2] }"
    : mixed && !isPlainRecord(defaultsGiven)
      ? "resolve: with a list of required keys first, the second argument maps the other keys to their defaults, e.g. resolve([\"columns\"], { extra: [] }, decorateWith, fn)"
      : typeof decorateWith !== "function"
        ? "resolve: the argument before the function must be a function (config, fn) => modifier(…, fn)"
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
      const decorated = decorateWith(chosen, inner as F);
      const metadata = typeof decorated === "function" ? readNodeMetadata(decorated) : undefined;
      if (metadata === undefined || metadata.fn !== inner) {
        throw new FuncflowError("invalid_modifier", `resolve: decorateWith must return the function it was given wrapped in modifiers, e.g. (config, fn) => tag({…}, fn).`);
      }
      return metadata.modifiers;
    },
  };
  return applyModifier(modifier, fn);
}

