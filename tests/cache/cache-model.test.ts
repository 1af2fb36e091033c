/**
 * The cache against a model of it, over random DAGs and random sessions: runs of random outputs
 * with changing input values and overrides, edits of one node's code (a new Driver over the same
 * cache folder, as after a restart), and entries deleted by hand. The model keys a node by its
 * name, its code and the versions of what it reads (an input or override by its value, a node by
 * its key), and says which nodes each run must compute (needed and never stored: a hit's own
 * inputs are not needed) and which it reports as hits. Every run must compute exactly those
 * nodes, report them, and return what a plain evaluation returns.
 */
import { readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { Builder } from "funcflow";
import { editionFunction, randomDags, type RandomDagNode } from "../support/random-dag.ts";
import { syntheticModule } from "../support/synthetic-module.ts";
import { removeScratchFolders, scratchFolder } from "./cache-fixture.ts";

afterAll(removeScratchFolders);

const INPUTS = ["i0", "i1"];

type Node = RandomDagNode;

type Step =
  | { readonly kind: "run"; readonly outputs: readonly number[]; readonly inputs: readonly [number, number]; readonly override?: { readonly node: number; readonly value: number } }
  | { readonly kind: "edit"; readonly node: number }
  | { readonly kind: "delete"; readonly node: number }
  | { readonly kind: "again" };

const dags = randomDags(INPUTS, 7);

const small = fc.integer({ min: 0, max: 2 });
const steps = fc.array(
  fc.oneof(
    { weight: 4, arbitrary: fc.record({ kind: fc.constant("run" as const), outputs: fc.array(fc.nat(), { minLength: 1, maxLength: 3 }), inputs: fc.tuple(small, small), override: fc.option(fc.record({ node: fc.nat(), value: small }), { nil: undefined }) }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant("edit" as const), node: fc.nat() }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant("delete" as const), node: fc.nat() }) },
    // The previous run's request again, as a notebook re-runs a cell: where hits come from.
    { weight: 3, arbitrary: fc.constant({ kind: "again" as const }) },
  ),
  { minLength: 1, maxLength: 10 },
);

/** The nodes each run computed, in call order (the functions report themselves here). */
const computed: string[] = [];
(globalThis as { __cacheModelCalls?: string[] }).__cacheModelCalls = computed;

/** A function of `node` at `edition`: its source differs per edition, as an edited function's does. */
function nodeFunction(node: Node, edition: number): (...args: never[]) => unknown {
  return editionFunction(node, edition, "__cacheModelCalls");
}

function driverFor(nodes: readonly Node[], editions: readonly number[], dir: string) {
  const module = syntheticModule(nodes.map((node, index) => ({ name: node.name, params: node.reads.map((name) => ({ name })), fn: nodeFunction(node, editions[index]!) })));
  return new Builder().withModules(module).withCache({ dir, onWarning: () => {} }).build();
}

/** Every node's value when nothing is cached, `override` replacing its node. */
function evaluate(nodes: readonly Node[], editions: readonly number[], given: Record<string, number>): Map<string, number> {
  const values = new Map(Object.entries(given));
  nodes.forEach((node, index) => {
    if (!values.has(node.name)) values.set(node.name, node.reads.reduce((total, read) => total + values.get(read)!, 0) + editions[index]! + 1);
  });
  return values;
}

/** What the model expects of one run: the plan's steps, which of them it computes, which it reports as hits. */
function expectedRun(nodes: readonly Node[], editions: readonly number[], stored: ReadonlySet<string>, outputs: readonly string[], given: Record<string, number>, overridden: string | undefined) {
  const byName = new Map(nodes.map((node, index) => [node.name, { node, index }]));
  const keys = new Map<string, string>();
  const versionOf = (name: string): string => (name === overridden || !byName.has(name) ? `value:${given[name]}` : `key:${keyOf(name)}`);
  const keyOf = (name: string): string => {
    if (!keys.has(name)) {
      const { node, index } = byName.get(name)!;
      keys.set(name, JSON.stringify([name, editions[index], node.reads.map(versionOf)]));
    }
    return keys.get(name)!;
  };
  // The plan: every function upstream of the outputs, not walking past the override.
  const plan = new Set<string>();
  const visit = (name: string) => {
    if (plan.has(name) || !byName.has(name) || name === overridden) return;
    plan.add(name);
    for (const read of byName.get(name)!.node.reads) visit(read);
  };
  outputs.forEach(visit);
  // Needed backwards from the outputs; a stored step's inputs are not needed for it.
  const needed = new Set<string>();
  const need = (name: string) => {
    if (needed.has(name) || !plan.has(name)) return;
    needed.add(name);
    if (!stored.has(keyOf(name))) for (const read of byName.get(name)!.node.reads) need(read);
  };
  outputs.forEach(need);
  const computes = [...needed].filter((name) => !stored.has(keyOf(name)));
  const hits = [...plan].filter((name) => stored.has(keyOf(name)));
  return { computes, hits, keys: computes.map(keyOf) };
}

describe("withCache against a model of it", () => {
  it("computes exactly the needed nodes it never stored, reports the plan's stored ones as hits, and returns plain evaluation's values", async () => {
    await fc.assert(
      fc.asyncProperty(dags, steps, async (nodes, session) => {
        const dir = join(scratchFolder(), "cache");
        const editions = nodes.map(() => 0);
        const stored = new Set<string>();
        let dr = await driverFor(nodes, editions, dir);
        let previous: Extract<Step, { kind: "run" }> | undefined;
        for (const next of session) {
          const step = next.kind === "again" ? previous : next;
          if (step === undefined) continue;
          if (step.kind === "edit") {
            editions[step.node % nodes.length]!++;
            dr = await driverFor(nodes, editions, dir);
            continue;
          }
          if (step.kind === "delete") {
            // An entry of what the previous run read or wrote (once there was one): a lost file a rerun must survive.
            const names = nodes.map((node) => node.name);
            const candidates = previous === undefined ? names : dr.upstreamOf(...previous.outputs.map((index) => names[index % names.length]!)).filter((name) => names.includes(name));
            const name = candidates[step.node % candidates.length]!;
            rmSync(join(dir, name), { recursive: true, force: true });
            for (const key of [...stored]) if (JSON.parse(key)[0] === name) stored.delete(key);
            continue;
          }
          previous = step;
          const outputs = [...new Set(step.outputs.map((index) => nodes[index % nodes.length]!.name))];
          const overridden = step.override === undefined ? undefined : nodes[step.override.node % nodes.length]!.name;
          const given = { i0: step.inputs[0], i1: step.inputs[1], ...(overridden !== undefined && { [overridden]: step.override!.value }) };
          const inputs = { i0: step.inputs[0], i1: step.inputs[1] };
          // Only inputs the plan reads may be given: the rest are refused as unknown.
          const reads = new Set(dr.upstreamOf(...outputs));
          const usedInputs = Object.fromEntries(Object.entries(inputs).filter(([name]) => reads.has(name)));
          const overrides = overridden !== undefined && reads.has(overridden) ? { [overridden]: step.override!.value } : {};
          const expected = expectedRun(nodes, editions, stored, outputs, given, Object.keys(overrides)[0]);
          computed.length = 0;
          const result = await dr.execute(outputs, { inputs: usedInputs, overrides });
          const report = dr.lastCacheRun()!;
          const plain = evaluate(nodes, editions, { ...inputs, ...overrides });
          for (const output of outputs) expect(result[output], output).toBe(plain.get(output));
          expect([...computed].sort(), "computed").toEqual([...expected.computes].sort());
          expect([...report.misses].sort(), "misses").toEqual([...expected.computes].sort());
          expect([...report.hits].sort(), "hits").toEqual([...expected.hits].sort());
          for (const key of expected.keys) stored.add(key);
          // Each computed node left one entry behind; nothing else was written.
          for (const name of expected.computes) expect(readdirSync(join(dir, name)).some((file) => file.endsWith(".entry"))).toBe(true);
        }
      }),
      { numRuns: 60 },
    );
  }, 120_000);
});
