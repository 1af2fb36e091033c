/**
 * Random modules of small typed functions under random stacks of modifiers, for fast-check:
 * each function has a shape (a number from `seed`, fields, or table columns) and a set of
 * modifiers in random written order, chosen so the module builds and type-checks (the stacks
 * the graph refuses, such as parameterize after a pipeInput, are not generated).
 */
import fc from "fast-check";

/** The modifiers a scalar function may carry; at most one of the binding ones. */
const SCALAR_WRAPPERS = ["tag", "configWhen", "checkOutput", "pipeOutput", "pipeOutputText", "pipeOutputNamed", "cacheBehavior"] as const;
const BINDING_WRAPPERS = ["parameterize", "pipeInput", "inject"] as const;
const FIELD_WRAPPERS = ["tag", "configWhen", "checkOutput"] as const;
const COLUMN_WRAPPERS = ["tag", "checkOutput"] as const;

type Wrapper = (typeof SCALAR_WRAPPERS)[number] | (typeof BINDING_WRAPPERS)[number];

/** One generated function. */
export type StackSpec =
  | { readonly shape: "scalar"; readonly wrappers: readonly Wrapper[]; readonly mutations: number }
  | { readonly shape: "fields"; readonly wrappers: readonly Wrapper[] }
  | { readonly shape: "columns"; readonly wrappers: readonly Wrapper[] };

const shuffled = <T>(items: readonly T[]) => fc.shuffledSubarray([...items]).chain((subset) => fc.shuffledSubarray(subset, { minLength: subset.length, maxLength: subset.length }));

const scalar = fc.record({
  shape: fc.constant("scalar" as const),
  wrappers: fc.tuple(shuffled(SCALAR_WRAPPERS), fc.option(fc.constantFrom(...BINDING_WRAPPERS), { nil: undefined }), fc.nat()).map(([chosen, binding, at]) => {
    // One output pipe (number → number, number → text, or named steps under a namespace).
    const pipe = chosen.find((name) => name.startsWith("pipeOutput"));
    const list: Wrapper[] = chosen.filter((name) => !name.startsWith("pipeOutput") || name === pipe);
    if (binding !== undefined) list.splice(at % (list.length + 1), 0, binding);
    // Named steps under one prefix would name both parameterize outputs' steps alike, which the graph refuses.
    return binding === "parameterize" ? list.filter((name) => name !== "pipeOutputNamed") : list;
  }),
  mutations: fc.integer({ min: 0, max: 2 }),
}).map((spec) => {
  // Mutations are an output pipe; a check between it and pipeOutput would end it twice, which the graph refuses.
  const piped = spec.wrappers.some((name) => name.startsWith("pipeOutput"));
  return spec.mutations > 0 && piped ? { ...spec, wrappers: spec.wrappers.filter((name) => name !== "checkOutput") } : spec;
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
    `import { cacheBehavior, checkOutput, configWhen, extractColumns, extractFields, inject, mutate, parameterize, pipeInput, pipeOutput, source, step, tag, value } from ${JSON.stringify(funcflowPath)};`,
    "",
    "const double = (x: number): number => x * 2;",
    "const toText = (x: number): string => String(x);",
    "const offset = (x: number, by: number): number => x + by;",
    "void [cacheBehavior, checkOutput, configWhen, extractColumns, extractFields, inject, mutate, parameterize, pipeInput, pipeOutput, source, step, tag, value, double, toText, offset];",
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
  const mutations = spec.shape === "scalar" ? Array.from({ length: spec.mutations }, (_, i) => [``, `/** Mutation ${i} of ${name}. */`, `export const ${name}Mut${i} = mutate(${name}, (value: ${mutated}): ${mutated} => value + ${i + 1});`]).flat() : [];
  return [`/** Function ${name}. */`, `export const ${name} = ${expression};`, ...mutations];
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
    case "pipeOutput":
      return `pipeOutput(step(double), step(offset, 2), ${inner})`;
    case "pipeOutputText":
      return `pipeOutput(step(double), step(toText), ${inner})`;
    case "pipeOutputNamed":
      return `pipeOutput({ namespace: "${name}Steps" }, step(double).named("twice"), step(double), step(offset, source("seed")).named("${name}Moved", null), ${inner})`;
    case "parameterize":
      return `parameterize({ ${name}A: { seed: source("seed") }, ${name}B: { seed: value(5), step: value(2) } }, ${inner})`;
    case "pipeInput":
      return `pipeInput(step(double), step(double), ${inner})`;
    case "inject":
      return `inject({ step: value(4) }, ${inner})`;
  }
}
