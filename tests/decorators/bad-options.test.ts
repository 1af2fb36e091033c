/**
 * Every modifier exported from the root entry, given each wrong-typed value where its options
 * go: wrapping or building must fail with a coded FuncflowError, never a raw TypeError and
 * never a graph in which the mistake silently changed nothing.
 */
import { describe, expect, it } from "vitest";
import * as ff from "funcflow";
import { Builder, FuncflowError } from "funcflow";
import { syntheticModule } from "../support/synthetic-module.ts";

const WRONG = { undefined: undefined, null: null, number: 42, string: "x=1", map: new Map([["a", 1]]), array: [1], object: { bogus: 1 }, function: () => 1, symbol: Symbol("s") } as const;
type Kind = keyof typeof WRONG;
type Wrap = (bad: never) => unknown;
const node = (x: number) => x + 1;

/** Modifier → how to wrap `node` with a wrong first option, and kinds that are valid there. */
const CASES: Readonly<Record<string, { wrap: Wrap; accepts?: readonly Kind[] }>> = {
  // { bogus: 1 } is a well-formed condition on a key the config does not set.
  configWhen: { wrap: (bad) => ff.configWhen(bad, node), accepts: ["object"] },
  configWhenNot: { wrap: (bad) => ff.configWhenNot(bad, node), accepts: ["object"] },
  configWhenIn: { wrap: (bad) => ff.configWhenIn(bad, node) },
  configWhenNotIn: { wrap: (bad) => ff.configWhenNotIn(bad, node) },
  tag: { wrap: (bad) => ff.tag(bad, node) },
  tagOutputs: { wrap: (bad) => ff.tagOutputs(bad, node) },
  parameterize: { wrap: (bad) => ff.parameterize(bad, node) },
  parameterizeSources: { wrap: (bad) => ff.parameterizeSources(bad, node) },
  parameterizeValues: { wrap: (bad) => ff.parameterizeValues(bad, { y: 1 }, node) },
  inject: { wrap: (bad) => ff.inject(bad, node) },
  extractColumns: { wrap: (bad) => ff.extractColumns(bad, node) },
  parameterizeExtractColumns: { wrap: (bad) => ff.parameterizeExtractColumns(bad, node) },
  withColumns: { wrap: (bad) => ff.withColumns(bad, node) },
  extractFields: { wrap: (bad) => ff.extractFields(bad, node) },
  unpackFields: { wrap: (bad) => ff.unpackFields(bad, node) },
  does: { wrap: (bad) => ff.does(bad, node), accepts: ["function"] },
  pipeInput: { wrap: (bad) => ff.pipeInput(bad, node) },
  pipeOutput: { wrap: (bad) => ff.pipeOutput(bad, node) },
  mutate: { wrap: (bad) => ff.mutate(bad, node) },
  checkOutput: { wrap: (bad) => ff.checkOutput(bad, node) },
  checkOutputCustom: { wrap: (bad) => ff.checkOutputCustom(bad, node) },
  subdag: { wrap: (bad) => ff.subdag(bad, node) },
  schema: { wrap: (bad) => ff.schema(bad, node) },
  loadFrom: { wrap: (bad) => ff.loadFrom(bad, node) },
  saveTo: { wrap: (bad) => ff.saveTo(bad, node) },
  cacheBehavior: { wrap: (bad) => ff.cacheBehavior(bad, node) },
  // { bogus: 1 } is a key with its default (the resolver then leaves the node as it is).
  resolve: { wrap: (bad) => ff.resolve(bad, (_config, fn) => fn, node), accepts: ["object"] },
  endpoint: { wrap: (bad) => ff.endpoint(bad, node) },
  get: { wrap: (bad) => ff.get(bad, node) },
  post: { wrap: (bad) => ff.post(bad, node) },
};

describe("every modifier refuses every wrong-typed option with a coded error", () => {
  const rows = Object.entries(CASES).flatMap(([name, entry]) =>
    (Object.keys(WRONG) as Kind[]).filter((kind) => !entry.accepts?.includes(kind)).map((kind) => ({ name, kind, wrap: entry.wrap, label: `${name}(${kind}, fn)` })),
  );
  it.each(rows)("$label", async ({ wrap, kind }) => {
    let error: unknown;
    try {
      const wrapped = wrap(WRONG[kind] as never) as (...args: never[]) => unknown;
      const module = syntheticModule([{ name: "y", params: [{ name: "x" }], fn: wrapped as never }]);
      await new Builder().withModules(module).withConfig({ region: "US" }).build();
    } catch (caught) {
      error = caught;
    }
    expect(error, "silently accepted").toBeInstanceOf(FuncflowError);
    expect(["invalid_modifier", "invalid_argument"]).toContain((error as FuncflowError).code);
  });

  it("covers every modifier the root entry exports", () => {
    const helpers = ["source", "value", "group", "configuration", "step", "applyTo", "configDefault", "acceptErrorSentinels", "dataloader", "datasaver", "parallelizable", "collect", "parameterizedSubdag"];
    const modifiers = Object.keys(ff).filter((name) => typeof (ff as Record<string, unknown>)[name] === "function" && /^[a-z]/.test(name) && !["isFuncflowError", "diskStore"].includes(name));
    for (const name of modifiers) if (!helpers.includes(name)) expect(Object.keys(CASES), `no case for ${name}`).toContain(name);
  });
});
