/**
 * Random modules of small typed functions under random stacks of modifiers, for fast-check:
 * each function has a shape (a number from `seed`, fields, or table columns) and a set of
 * modifiers in random written order, chosen so the module type-checks. The graph builds them,
 * except for one class it refuses on purpose: pipe steps (`pipeInput`, `pipeOutput`, `mutate`)
 * whose names collide within their function (a step named like the pipe's `.raw` node, like
 * the value it pipes, like an earlier step, like another output of the function; one mutate
 * applied twice; a mutate named like an input pipe's step), which the static check must then
 * refuse to name too. Other stacks the graph refuses (parameterize after a pipeInput, a name
 * taken by another function) are not generated.
 */
import fc from "fast-check";

/** The modifiers a scalar function may carry; at most one of the binding ones. */
const SCALAR_WRAPPERS = ["tag", "configWhen", "checkOutput", "pipeOutput", "pipeOutputText", "pipeOutputNamed", "pipeOutputFlat", "pipeOutputRepeat", "cacheBehavior", "acceptErrorSentinels"] as const;
const BINDING_WRAPPERS = ["parameterize", "parameterizeTaken", "pipeInput", "inject"] as const;
/** Output pipes whose step names collide within the function, whatever else it carries. */
const CLASHING_PIPES = ["pipeOutputTakesRaw", "pipeOutputNamedAfter"] as const;
/** An input pipe whose step is named like the value it pipes. */
const CLASHING_BINDING = "pipeInputTakesInput";
const FIELD_WRAPPERS = ["tag", "configWhen", "checkOutput"] as const;
const COLUMN_WRAPPERS = ["tag", "checkOutput"] as const;

type Wrapper = (typeof SCALAR_WRAPPERS)[number] | (typeof BINDING_WRAPPERS)[number] | (typeof CLASHING_PIPES)[number] | typeof CLASHING_BINDING;

/**
 * One `mutate` of a function: `plain` (`with_<transform>`), `named` (`applyTo(f).named(…)`),
 * `likeStep` (named `with_double`, as an unnamed `step(double)` of the function is: refused
 * after an input pipe's, and after an output pipe's, whose steps a mutation follows as in
 * Hamilton), `twice` (`mutate([f, f], …)`, refused).
 */
type Mutation = "plain" | "named" | "likeStep" | "twice";

/** One generated function. */
export type StackSpec =
  | { readonly shape: "scalar"; readonly wrappers: readonly Wrapper[]; readonly mutations: readonly Mutation[] }
  | { readonly shape: "fields"; readonly wrappers: readonly Wrapper[] }
  | { readonly shape: "columns"; readonly wrappers: readonly Wrapper[] };

const shuffled = <T>(items: readonly T[]) => fc.shuffledSubarray([...items]).chain((subset) => fc.shuffledSubarray(subset, { minLength: subset.length, maxLength: subset.length }));

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 12, arbitrary: fc.constantFrom<Mutation>("plain", "named") },
  { weight: 2, arbitrary: fc.constant<Mutation>("likeStep") },
  { weight: 1, arbitrary: fc.constant<Mutation>("twice") },
);

/** Usually nothing; now and then a pipe whose step names collide. */
const clash: fc.Arbitrary<Wrapper | undefined> = fc.oneof(
  { weight: 14, arbitrary: fc.constant<Wrapper | undefined>(undefined) },
  { weight: 1, arbitrary: fc.constantFrom<Wrapper | undefined>(...CLASHING_PIPES, CLASHING_BINDING) },
);

const scalar = fc.record({
  shape: fc.constant("scalar" as const),
  wrappers: fc.tuple(shuffled(SCALAR_WRAPPERS), fc.option(fc.constantFrom(...BINDING_WRAPPERS), { nil: undefined }), fc.nat(), clash).map(([chosen, binding, at, clashing]) => {
    // One output pipe (number → number, number → text, named steps under a namespace, …).
    const pipe = clashing !== undefined && clashing !== CLASHING_BINDING ? clashing : chosen.find((name) => name.startsWith("pipeOutput"));
    const list: Wrapper[] = chosen.filter((name) => !name.startsWith("pipeOutput") || name === pipe);
    if (pipe !== undefined && !list.includes(pipe)) list.push(pipe);
    const bound = clashing === CLASHING_BINDING ? clashing : binding;
    if (bound !== undefined) list.splice(at % (list.length + 1), 0, bound);
    // Named steps on each parameterize output, or a step named `with_double` after an input
    // pipe's `step(double)`, collide: kept only with a clash, so most modules build and get the
    // full comparison.
    const collides = (name: Wrapper) =>
      ((name === "pipeOutputNamed" || name === "pipeOutputRepeat") && bound?.startsWith("parameterize") === true) || (name === "pipeOutputRepeat" && bound === "pipeInput");
    return clashing === undefined ? list.filter((name) => !collides(name)) : list;
  }),
  mutations: fc.array(mutation, { maxLength: 2 }),
}).map((spec) => {
  // Mutations are an output pipe; a check between it and pipeOutput would end it twice, which the graph refuses.
  const piped = spec.wrappers.some((name) => name.startsWith("pipeOutput"));
  return spec.mutations.length > 0 && piped ? { ...spec, wrappers: spec.wrappers.filter((name) => name !== "checkOutput") } : spec;
});

/** A function spec of any shape. */
export const stackSpec: fc.Arbitrary<StackSpec> = fc.oneof(
  { weight: 3, arbitrary: scalar },
  { weight: 1, arbitrary: fc.record({ shape: fc.constant("fields" as const), wrappers: shuffled(FIELD_WRAPPERS) }) },
  { weight: 1, arbitrary: fc.record({ shape: fc.constant("columns" as const), wrappers: shuffled(COLUMN_WRAPPERS) }) },
);

/** The config every generated module is built under (configWhen's condition holds). */
export const STACK_CONFIG = ["mode=on"];

/** The text of a module with one export per spec (and its mutations), importing funcflow from `funcflowPath`. */
export function renderStacks(specs: readonly StackSpec[], funcflowPath: string): string {
  const lines = [
    `import type { Float64, Table, Utf8 } from "apache-arrow";`,
    `import { acceptErrorSentinels, applyTo, cacheBehavior, checkOutput, configWhen, extractColumns, extractFields, inject, mutate, parameterize, pipeInput, pipeOutput, source, step, tag, value } from ${JSON.stringify(funcflowPath)};`,
    "",
    "const double = (x: number): number => x * 2;",
    "const toText = (x: number): string => String(x);",
    "const offset = (x: number, by: number): number => x + by;",
    "void [acceptErrorSentinels, applyTo, cacheBehavior, checkOutput, configWhen, extractColumns, extractFields, inject, mutate, parameterize, pipeInput, pipeOutput, source, step, tag, value, double, toText, offset];",
    "",
    "/** A number every function reads. */",
    "export const seed = (): number => 3;",
  ];
  specs.forEach((spec, index) => lines.push("", ...renderSpec(spec, `f${index}`)));
  return `${lines.join("\n")}\n`;
}

function renderSpec(spec: StackSpec, name: string): string[] {
  let expression: string;
  if (spec.shape === "fields") expression = `extractFields((seed: number): { ${name}Count: number; ${name}Label: string } => ({ ${name}Count: seed, ${name}Label: String(seed) }))`;
  else if (spec.shape === "columns") expression = `extractColumns(["${name}Age", "${name}Name"], (seed: number): Table<{ ${name}Age: Float64; ${name}Name: Utf8 }> => { void seed; return undefined as never; })`;
  else expression = "(seed: number, step: number = 1): number => seed + step";
  // Written innermost first: the first wrapper in the list is nearest the function.
  for (const wrapper of spec.wrappers) expression = wrap(wrapper, expression, name);
  // Mutations extend the output pipe, after its own steps: after toText they take text.
  const mutated = spec.shape === "scalar" && spec.wrappers.includes("pipeOutputText") ? "string" : "number";
  const mutations = spec.shape === "scalar" ? spec.mutations.flatMap((kind, i) => [``, `/** Mutation ${i} of ${name} (${kind}). */`, `export const ${name}Mut${i} = ${mutate(kind, name, i, mutated)};`]) : [];
  // A step function of this export alone: a step of it without a prefix names no other export's node.
  const own = [`const ${name}Twice = (x: number): number => x * 2;`, `void ${name}Twice;`];
  return [...own, `/** Function ${name}. */`, `export const ${name} = ${expression};`, ...mutations];
}

function mutate(kind: Mutation, name: string, index: number, type: "number" | "string"): string {
  const transform = `(value: ${type}): ${type} => value + ${index + 1}`;
  switch (kind) {
    case "plain":
      return `mutate(${name}, ${transform})`;
    case "named":
      return `mutate([applyTo(${name}).named("bumped${index}")], ${transform})`;
    case "likeStep":
      return `mutate([applyTo(${name}).named("with_double")], ${transform})`;
    case "twice":
      return `mutate([${name}, ${name}], ${transform})`;
  }
}

function wrap(wrapper: Wrapper, inner: string, name: string): string {
  switch (wrapper) {
    case "tag":
      return `tag({ owner: "${name}" }, ${inner})`;
    case "configWhen":
      return `configWhen({ mode: "on" }, ${inner})`;
    case "checkOutput":
      return `checkOutput({ allowNull: false }, ${inner})`;
    case "cacheBehavior":
      return `cacheBehavior("recompute", ${inner})`;
    case "acceptErrorSentinels":
      return `acceptErrorSentinels(${inner})`;
    case "pipeOutput":
      return `pipeOutput(step(double), step(offset, 2), ${inner})`;
    case "pipeOutputText":
      return `pipeOutput(step(double), step(toText), ${inner})`;
    case "pipeOutputNamed":
      return `pipeOutput({ namespace: "${name}Steps" }, step(double).named("twice"), step(double), step(offset, source("seed")).named("${name}Moved", null), ${inner})`;
    case "pipeOutputFlat":
      return `pipeOutput({ namespace: null }, step(${name}Twice), ${inner})`;
    case "pipeOutputRepeat":
      return `pipeOutput(step(double).named("with_double"), step(double), step(double).named("again", "${name}Ns"), ${inner})`;
    case "pipeOutputTakesRaw":
      return `pipeOutput(step(double).named("raw"), ${inner})`;
    case "pipeOutputNamedAfter":
      return `pipeOutput(step(double), step(double).named("with_double"), ${inner})`;
    case "parameterize":
      return `parameterize({ ${name}A: { seed: source("seed") }, ${name}B: { seed: value(5), step: value(2) } }, ${inner})`;
    case "parameterizeTaken":
      // An output named as an unnamed step of ${name}Twice without a prefix would be.
      return `parameterize({ with_${name}Twice: { seed: source("seed") }, ${name}B: { seed: value(5), step: value(2) } }, ${inner})`;
    case "pipeInput":
      return `pipeInput(step(double), step(double), ${inner})`;
    case "pipeInputTakesInput":
      return `pipeInput(step(double).named("seed", null), ${inner})`;
    case "inject":
      return `inject({ step: value(4) }, ${inner})`;
  }
}
