/**
 * Rebinds some parameters of a node: the shared core of `parameterize`, `inject` and `step`
 * arguments. Each bound parameter reads another node, a literal, a config value or a group of
 * them; the others stay dependencies. The result is a new callable over the new parameter list
 * that calls the original with its arguments in their original positions.
 */
import { suggestNames, didYouMean } from "../errors/index.ts";
import type { NodeParam, NodeSpec, ModifierContext } from "../graph/index.ts";
import { arrayElementType, recordValueType, typeShape } from "./tuple-type.ts";
import { describeDependency, type Dependency, type SingleDependency } from "./dependency.ts";

/** Parameter name → where its value comes from. */
export type Bindings = Readonly<Record<string, Dependency>>;

/** Where one argument of the original function comes from. */
type ArgumentSource =
  | { readonly from: "param"; readonly index: number }
  | { readonly from: "value"; readonly value: unknown }
  | { readonly from: "list"; readonly parts: readonly ArgumentSource[] }
  | { readonly from: "record"; readonly keys: readonly string[]; readonly parts: readonly ArgumentSource[] };

type AnyFunction = (...args: unknown[]) => unknown;

/** Declared types a group (a list or record) can never be. */
const SCALAR_TYPES = new Set(["number", "string", "boolean", "bigint", "symbol", "null", "undefined"]);

/** A node's function and parameters after some parameters were rebound. */
export interface BoundCall {
  readonly fn: NodeSpec["fn"];
  readonly params: readonly NodeParam[];
}

/**
 * Rebinds `bindings` on `node`. A name that is not a parameter of `node` fails, naming the
 * parameters it has; `what` names the modifier in that message.
 * @example const { fn, params } = bindParameters(spec, { factor: value(2) }, context, "inject"); // params no longer list factor
 */
export function bindParameters(node: NodeSpec, bindings: Bindings, context: ModifierContext, what: string): BoundCall {
  const known = node.params.map((param) => param.name);
  for (const name of Object.keys(bindings)) {
    if (!known.includes(name)) {
      context.fail(
        `${what} binds "${name}", which is not a parameter of "${node.name}"${didYouMean(suggestNames(name, known))}; its parameters are ${known.map((p) => `"${p}"`).join(", ") || "none"}. Bind one of them.`,
      );
    }
  }
  const params: NodeParam[] = [];
  const positionOf = new Map<string, number>();
  // A node read twice (two parameters bound to one source) is one dependency, passed twice.
  const use = (name: string, type: string, optional: boolean, boundFrom?: string): ArgumentSource => {
    let index = positionOf.get(name);
    if (index === undefined) {
      index = params.push({ name, type, optional, ...(boundFrom !== undefined && boundFrom !== name && { boundFrom }) }) - 1;
      positionOf.set(name, index);
    } else if (!optional && params[index]!.optional) {
      params[index] = { ...params[index]!, optional: false };
    }
    return { from: "param", index };
  };
  const resolveSingle = (dependency: SingleDependency, type: string, declared?: string): ArgumentSource => {
    if (dependency.kind === "source") return use(dependency.node, type, false, declared);
    if (dependency.kind === "value") return { from: "value", value: dependency.value };
    if (!Object.hasOwn(context.config, dependency.key)) {
      context.fail(`${what} reads config key "${dependency.key}", which the config does not set. Set it with withConfig({ ${dependency.key}: … }).`);
    }
    return { from: "value", value: context.config[dependency.key] };
  };
  const sources = node.params.map((param): ArgumentSource => {
    const dependency = bindings[param.name];
    if (dependency === undefined) return use(param.name, param.type, param.optional);
    if (dependency.kind !== "group") return resolveSingle(dependency, param.type, param.name);
    if (SCALAR_TYPES.has(param.type.trim())) {
      context.fail(`${what} passes a group(…) to "${param.name}", declared as ${param.type}: a group is a list (or a record of named parts). Declare "${param.name}" as an array (e.g. ${param.type}[]) or a record, or bind one source(…) or value(…).`);
    }
    // As Hamilton checks List[…] / Dict[str, …]: a list group never fits a declared record, nor a record group a declared list.
    const given = Array.isArray(dependency.items) ? "list" : "record";
    const declared = typeShape(param.type);
    if (declared !== undefined && declared !== given) {
      context.fail(
        `${what} passes a ${given} group(…) to "${param.name}", declared as ${param.type}. ${given === "list" ? `Declare "${param.name}" as an array, or pass group({ name: … })` : `Declare "${param.name}" as a Record<string, …>, or pass group(a, b)`}.`,
      );
    }
    if (Array.isArray(dependency.items)) {
      const element = arrayElementType(param.type) ?? "unknown";
      return { from: "list", parts: (dependency.items as readonly SingleDependency[]).map((item) => resolveSingle(item, element)) };
    }
    const entries = Object.entries(dependency.items as Readonly<Record<string, SingleDependency>>);
    const element = recordValueType(param.type) ?? "unknown";
    return { from: "record", keys: entries.map(([key]) => key), parts: entries.map(([, item]) => resolveSingle(item, element)) };
  });
  return { fn: callWith(node.fn as AnyFunction, sources) as NodeSpec["fn"], params };
}

function callWith(original: AnyFunction, sources: readonly ArgumentSource[]): AnyFunction {
  const argumentCount = sources.length;
  return function bound(...args: unknown[]): unknown {
    const full = new Array<unknown>(argumentCount);
    for (let i = 0; i < argumentCount; i++) full[i] = read(sources[i]!, args);
    return original(...full);
  };
}

function read(source: ArgumentSource, args: readonly unknown[]): unknown {
  switch (source.from) {
    case "param":
      return args[source.index];
    case "value":
      return source.value;
    case "list":
      return source.parts.map((part) => read(part, args));
    case "record": {
      const record: Record<string, unknown> = {};
      source.keys.forEach((key, index) => (record[key] = read(source.parts[index]!, args)));
      return record;
    }
  }
}

/**
 * Fills a documentation template: `{outputName}` becomes the node's name, `{param}` what the
 * parameter is bound to (a node name or a literal), and, as Hamilton's templating does, `{p}` of
 * a parameter in `unbound` (one nothing binds, so the node reads it by name) becomes `p`. Any
 * other placeholder is left as written, so docs may contain braces.
 * @example templateDoc("{x} as {outputName}", "usSales", { x: source("raw") }); // "raw as usSales"
 * @example templateDoc("{x} plus {y}", "out", { x: value(1) }, ["y"]); // "1 plus y"
 */
export function templateDoc(doc: string | undefined, outputName: string, bindings: Bindings, unbound: readonly string[] = []): string | undefined {
  if (doc === undefined) return undefined;
  return doc.replace(/\{(\w+)\}/g, (whole, key: string) => {
    if (key === "outputName") return outputName;
    const dependency = Object.hasOwn(bindings, key) ? bindings[key] : undefined;
    if (dependency !== undefined) return describeDependency(dependency);
    return unbound.includes(key) ? key : whole;
  });
}

/**
 * The parameters of `node` that `bindings` leaves unbound and no earlier `inject` bound: the
 * names the node reads them by.
 * @example unboundParameters(node, { x: value(1) }); // ["y"] for (x, y) => …
 */
export function unboundParameters(node: NodeSpec, bindings: Bindings): string[] {
  return node.params.filter((param) => param.boundFrom === undefined && !Object.hasOwn(bindings, param.name)).map((param) => param.name);
}

/**
 * Hamilton reserves `output_name` in parameterized functions, whose docs name the output with it;
 * funcflow's placeholder is `{outputName}`, so a parameter of that name is refused the same way.
 * @example rejectReservedParameter(node, context, "parameterize"); // fails for (outputName: string) => …
 */
export function rejectReservedParameter(node: NodeSpec, context: ModifierContext, kind: string): void {
  if (node.params.some((param) => param.name === "outputName" && param.boundFrom === undefined)) {
    context.fail(`${kind}: the parameter "outputName" is reserved: {outputName} in the doc names each output node. Rename the parameter.`);
  }
}
