/**
 * A name whose variants a subgraph's config all leave out is read from the outer graph, as in
 * Hamilton; its missing input must then be explained as at the top level (config_unsatisfied,
 * naming the variants, the subgraph and the config values), not as a likely typo. Found porting
 * Hamilton's examples/model_examples/modular_example, where an unknown `train_model_type`
 * reported `base_model` as "No node has this name; a parameter typo?".
 */
import { afterAll, describe, expect, it } from "vitest";
import { buildSource, caught, fixture, removeInlineModules } from "./support/build.ts";

afterAll(removeInlineModules);

const part = JSON.stringify(fixture("subdag-part").href);

interface Case {
  readonly name: string;
  readonly source: string;
  readonly config?: Record<string, unknown>;
  readonly outputs: readonly string[];
  readonly inputs?: Record<string, unknown>;
  /** Expected: the error's code and the fragments its message holds, or the result. */
  readonly code?: string;
  readonly contains?: readonly string[];
  readonly result?: Record<string, unknown>;
}

const CASES: readonly Case[] = [
  {
    name: "subdag config that no variant takes",
    source: `export const s = ff.subdag({ modules: [new URL(${part})], inputs: { raw: 1, offset: 0 }, config: { size: "medium" } }, (bonus: number): number => bonus);`,
    outputs: ["s"],
    inputs: { weight: 2 },
    code: "config_unsatisfied",
    contains: [`"bonus", needed by "s".`, `bonus__big needs size == "big" (subdag s's config has size="medium")`, `bonus__small needs size == "small"`],
  },
  {
    name: "configuration() remapping an outer key to a value no variant takes",
    source: `export const s = ff.subdag({ modules: [new URL(${part})], inputs: { raw: 1, offset: 0 }, config: { size: ff.configuration("scale") } }, (bonus: number): number => bonus);`,
    config: { scale: "huge" },
    outputs: ["s"],
    inputs: { weight: 2 },
    code: "config_unsatisfied",
    contains: [`(subdag s's config has size="huge")`],
  },
  {
    name: "every instance of a parameterizedSubdag, each named",
    source: `export const r = ff.parameterizedSubdag({ modules: [new URL(${part})], config: { size: "medium" } }, { a: { inputs: { raw: 1, offset: 0 } }, b: { inputs: { raw: 2, offset: 0 } } }, (bonus: number): number => bonus);`,
    outputs: ["a", "b"],
    inputs: { weight: 2 },
    code: "config_unsatisfied",
    contains: [`needed by "a", "b"`, "subdag a's config", "subdag b's config"],
  },
  {
    name: "the outer config leaving the subgraph's variants out when the subdag sets no config",
    source: `export const s = ff.subdag({ modules: [new URL(${part})], inputs: { raw: 1, offset: 0 } }, (bonus: number): number => bonus);`,
    config: { size: "tiny" },
    outputs: ["s"],
    inputs: { weight: 2 },
    code: "config_unsatisfied",
    contains: [`(subdag s's config has size="tiny")`],
  },
  {
    name: "no error when the outer graph passes the left-out name as an input",
    source: `export const s = ff.subdag({ modules: [new URL(${part})], inputs: { raw: 1, offset: 0 }, config: { size: "medium" } }, (bonus: number): number => bonus);`,
    outputs: ["s"],
    inputs: { weight: 2, bonus: 7 },
    result: { s: 7 },
  },
  {
    name: "a top-level variant left out, as before",
    source: `export const t__x = ff.configWhen({ mode: "x" }, (): number => 1);\nexport const u = (t: number): number => t;`,
    config: { mode: "y" },
    outputs: ["u"],
    code: "config_unsatisfied",
    contains: [`t__x needs mode == "x" (config has mode="y")`],
  },
];

describe("subdag: variants a subgraph's config left out", () => {
  for (const c of CASES) {
    it(c.name, async () => {
      const dr = await buildSource(c.source, c.config ?? {});
      const run = dr.execute(c.outputs, { inputs: c.inputs ?? {} });
      if (c.result !== undefined) {
        expect(await run).toEqual(c.result);
        return;
      }
      const error = await caught(run);
      expect(error.code).toBe(c.code);
      for (const fragment of c.contains ?? []) expect(error.message).toContain(fragment);
      expect(error.message).not.toContain("a parameter typo");
    });
  }

  it("listNodes shows the left-out variants on the input, with the subgraph that left them out", async () => {
    const dr = await buildSource(CASES[0]!.source);
    expect(dr.node("bonus").excludedVariants?.map((v) => [v.exportName, v.subgraph])).toEqual([
      ["bonus__big", "s"],
      ["bonus__small", "s"],
    ]);
  });
});
