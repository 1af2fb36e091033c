/**
 * Property: for random DAG modules, `execute` gives what a naive recursive evaluator gives,
 * with random outputs, inputs (some missing), optional parameters, overrides and async nodes.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Builder, FuncflowError } from "funcflow";
import { syntheticModule, type SyntheticNode } from "../support/synthetic-module.ts";

interface NodeShape {
  readonly params: readonly { readonly source: number; readonly optional: boolean }[];
  readonly isAsync: boolean;
}

const INPUTS = ["i0", "i1", "i2"];
const DEFAULT = 0.5;

/** Node j's parameters come from the inputs (sources 0..2) or earlier nodes (3 + k). */
const dagShape = fc.integer({ min: 1, max: 25 }).chain((size) =>
  fc.tuple(
    ...Array.from({ length: size }, (_, index) =>
      fc.record({
        params: fc.uniqueArray(
          fc.record({ source: fc.integer({ min: 0, max: INPUTS.length + index - 1 }), optional: fc.boolean() }),
          { maxLength: 4, selector: (param) => param.source },
        ),
        isAsync: fc.boolean(),
      }),
    ),
  ),
);

const nameOf = (source: number) => (source < INPUTS.length ? INPUTS[source]! : `n${source - INPUTS.length}`);

/** Optional parameters come last, as JavaScript defaults require. */
const ordered = (shape: NodeShape) => [...shape.params].sort((a, b) => Number(a.optional) - Number(b.optional));

function compute(index: number, args: readonly (number | undefined)[]): number {
  return args.reduce<number>((total, value, position) => total + (value ?? DEFAULT) * (position + 2), index);
}

function moduleFor(shapes: readonly NodeShape[]) {
  const nodes: SyntheticNode[] = shapes.map((shape, index) => {
    const params = ordered(shape);
    const body = (...args: (number | undefined)[]) => compute(index, args);
    const fn = shape.isAsync ? async (...args: (number | undefined)[]) => body(...args) : body;
    Object.defineProperty(fn, "length", { value: params.filter((p) => !p.optional).length });
    return { name: `n${index}`, params: params.map((p) => ({ name: nameOf(p.source), optional: p.optional })), fn: fn as SyntheticNode["fn"] };
  });
  return syntheticModule(nodes);
}

class Missing extends Error {}

function reference(shapes: readonly NodeShape[], outputs: readonly string[], inputs: Record<string, number>, overrides: Record<string, number>) {
  const memo = new Map<string, number>();
  const missing = new Set<string>();
  const value = (name: string): number | undefined => {
    if (name in overrides) return overrides[name];
    if (name in inputs) return inputs[name];
    if (memo.has(name)) return memo.get(name);
    const index = Number(name.slice(1));
    if (name.startsWith("i")) throw new Missing(name);
    const args = ordered(shapes[index]!).map((param) => {
      const source = nameOf(param.source);
      const given = source in overrides || source in inputs || source.startsWith("n");
      if (!given && param.optional) return undefined;
      try {
        return value(source);
      } catch (error) {
        if (error instanceof Missing) missing.add(error.message);
        return Number.NaN;
      }
    });
    const result = compute(index, args);
    memo.set(name, result);
    return result;
  };
  const results = Object.fromEntries(
    outputs.map((name) => {
      try {
        return [name, value(name)];
      } catch (error) {
        if (error instanceof Missing) missing.add(error.message);
        return [name, Number.NaN];
      }
    }),
  );
  return { results, missing };
}

describe("execute on random DAGs", () => {
  it("agrees with a naive recursive evaluator", async () => {
    await fc.assert(
      fc.asyncProperty(
        dagShape,
        fc.subarray(INPUTS),
        fc.array(fc.nat(30), { maxLength: 4 }),
        fc.array(fc.nat(30), { minLength: 1, maxLength: 4 }),
        async (shapes, providedInputs, overridePicks, outputPicks) => {
          const dr = await new Builder().withModules(moduleFor(shapes)).build();
          const known = new Set(dr.listNodes().map((node) => node.name));
          const functionNames = shapes.map((_, index) => `n${index}`);
          const outputs = [...new Set(outputPicks.map((pick) => functionNames[pick % functionNames.length]!))];
          const overrides = Object.fromEntries(
            overridePicks.map((pick) => [functionNames[pick % functionNames.length]!, pick * 10]),
          );
          const inputs = Object.fromEntries(providedInputs.filter((name) => known.has(name)).map((name, i) => [name, i + 1]));
          const expected = reference(shapes, outputs, inputs, overrides);
          if (expected.missing.size > 0) {
            const error = (await dr.execute(outputs, { inputs, overrides }).catch((caught: unknown) => caught)) as FuncflowError;
            expect(error).toBeInstanceOf(FuncflowError);
            expect(error.code).toBe("missing_input");
            expect(new Set(Object.keys(error.details?.missing as object))).toEqual(expected.missing);
          } else {
            expect(await dr.execute(outputs, { inputs, overrides })).toEqual(expected.results);
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe("execute on random DAGs with the cache on", () => {
  it("gives the evaluator's results on every run of a sequence, and a repeated request computes nothing", async () => {
    const root = mkdtempSync(join(tmpdir(), "funcflow-random-dag-cache-"));
    try {
      let caseIndex = 0;
      await fc.assert(
        fc.asyncProperty(
          dagShape,
          fc.array(
            fc.record({
              values: fc.tuple(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer({ min: -5, max: 5 }), fc.constantFrom(0, -0, 1.5)),
              overridePicks: fc.array(fc.nat(30), { maxLength: 2 }),
              outputPicks: fc.array(fc.nat(30), { minLength: 1, maxLength: 3 }),
            }),
            { minLength: 1, maxLength: 4 },
          ),
          async (shapes, requests) => {
            const dir = join(root, String(caseIndex++));
            const calls = { count: 0 };
            const module = countingModule(shapes, calls);
            const functionNames = shapes.map((_, index) => `n${index}`);
            const runAll = async () => {
              for (const { values, overridePicks, outputPicks } of requests) {
                // A new Driver per request, as a fresh process would make: only the folder carries over.
                const dr = await new Builder().withModules(module).withCache({ dir, onWarning: () => {} }).build();
                const known = new Set(dr.listNodes().map((node) => node.name));
                const inputs = Object.fromEntries(INPUTS.filter((name) => known.has(name)).map((name, i) => [name, values[i]!]));
                const outputs = [...new Set(outputPicks.map((pick) => functionNames[pick % functionNames.length]!))];
                const overrides = Object.fromEntries(overridePicks.map((pick) => [functionNames[pick % functionNames.length]!, pick * 10]));
                expect(await dr.execute(outputs, { inputs, overrides })).toEqual(reference(shapes, outputs, inputs, overrides).results);
              }
            };
            await runAll();
            // Every request again, in order: each was stored by the first pass, so nothing runs.
            calls.count = 0;
            await runAll();
            expect(calls.count).toBe(0);
          },
        ),
        { numRuns: 60 },
      );
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  }, 120_000);
});

/** `moduleFor`, with every call of a node function counted. */
function countingModule(shapes: readonly NodeShape[], calls: { count: number }) {
  const plain = moduleFor(shapes);
  const counted = Object.fromEntries(
    Object.entries(plain.module).map(([name, fn]) => {
      const wrapped = (...args: unknown[]) => {
        calls.count++;
        return (fn as (...args: unknown[]) => unknown)(...args);
      };
      return [name, Object.defineProperty(wrapped, "length", { value: (fn as () => unknown).length })];
    }),
  );
  return { ...plain, module: counted };
}
