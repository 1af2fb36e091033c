/**
 * The four cache behaviours of Hamilton's tests/caching (test_integration.py's recompute,
 * disable and ignore cases, test_adapter.py's resolution) as one rule checked over random DAGs:
 * random behaviours per node (changed between runs, as a new Driver over the same store), random
 * input values and random code edits. A model says per run which nodes are computed and what
 * each output is:
 * - `default`: keyed by name, code and the versions of what it reads; read when its key is
 *   stored, and then nothing it reads is needed (when the key is known before running);
 * - `recompute`: computed whenever needed, stored, versioned by its value;
 * - `disable`: computed whenever needed, never stored, versioned afresh on every run (nothing
 *   keyed on it can hit);
 * - `ignore`: computed whenever needed, never stored, and left out of its consumers' keys (so a
 *   consumer may be read although the ignored node's value changed: the model returns the
 *   stored value, as the cache must).
 * tests/cache/cache-model.test.ts checks the `default` rule alone with overrides and deletions.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Builder, type CacheBehavior } from "funcflow";
import { editionFunction, randomDags, type RandomDagNode } from "../../support/random-dag.ts";
import { syntheticModule } from "../../support/synthetic-module.ts";
import { MemoryStore } from "./support.ts";

const INPUTS = ["i0", "i1"];
const BEHAVIORS: readonly CacheBehavior[] = ["default", "recompute", "disable", "ignore"];

type Node = RandomDagNode;

type Step =
  | { readonly kind: "run"; readonly outputs: readonly number[]; readonly inputs: readonly [number, number] }
  | { readonly kind: "behave"; readonly behaviors: readonly number[] }
  | { readonly kind: "edit"; readonly node: number }
  | { readonly kind: "again" };

const dags = randomDags(INPUTS, 6);

const small = fc.integer({ min: 0, max: 2 });
const steps = fc.array(
  fc.oneof(
    { weight: 4, arbitrary: fc.record({ kind: fc.constant("run" as const), outputs: fc.array(fc.nat(), { minLength: 1, maxLength: 3 }), inputs: fc.tuple(small, small) }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant("behave" as const), behaviors: fc.array(fc.nat({ max: 3 }), { minLength: 6, maxLength: 6 }) }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant("edit" as const), node: fc.nat() }) },
    { weight: 3, arbitrary: fc.constant({ kind: "again" as const }) },
  ),
  { minLength: 1, maxLength: 10 },
);

/** Disabled nodes' versions: new on every run, never equal to one before. */
let fresh = 0;

const computed: string[] = [];
(globalThis as { __behaviorModelCalls?: string[] }).__behaviorModelCalls = computed;

/** Values wrap around 3, so different inputs (or code) often give the same value, as the recompute rule needs. */
function nodeFunction(node: Node, edition: number): (...args: never[]) => unknown {
  return editionFunction(node, edition, "__behaviorModelCalls", 3);
}

function driverFor(nodes: readonly Node[], editions: readonly number[], behaviors: readonly CacheBehavior[], store: MemoryStore) {
  const module = syntheticModule(nodes.map((node, index) => ({ name: node.name, params: node.reads.map((name) => ({ name })), fn: nodeFunction(node, editions[index]!) })));
  return new Builder()
    .withModules(module)
    .withCache({ store, onWarning: () => {}, behaviors: Object.fromEntries(nodes.map((node, index) => [node.name, behaviors[index]!])) })
    .build();
}

/** The model's run: which nodes are computed, what each output is; `stored` (key → value) is updated. */
function modelRun(nodes: readonly Node[], editions: readonly number[], behaviors: readonly CacheBehavior[], stored: Map<string, number>, outputs: readonly string[], inputs: Record<string, number>) {
  const index = new Map(nodes.map((node, at) => [node.name, at]));
  const behaviorOf = (name: string) => behaviors[index.get(name)!]!;
  const plan = new Set<string>();
  const visit = (name: string) => {
    if (plan.has(name) || !index.has(name)) return;
    plan.add(name);
    for (const read of nodes[index.get(name)!]!.reads) visit(read);
  };
  outputs.forEach(visit);
  // Versions known before running: inputs, ignored nodes, and default nodes reading only such.
  const known = new Map<string, string>();
  const keyOf = (name: string, versions: ReadonlyMap<string, string>) => {
    const node = nodes[index.get(name)!]!;
    return JSON.stringify([name, editions[index.get(name)!], node.reads.filter((read) => !index.has(read) || behaviorOf(read) !== "ignore").map((read) => versions.get(read))]);
  };
  for (const input of INPUTS) known.set(input, `value:${inputs[input]}`);
  const knownKeys = new Map<string, string>();
  for (const node of nodes) {
    if (!plan.has(node.name)) continue;
    if (behaviorOf(node.name) === "ignore") known.set(node.name, "ignored");
    if (behaviorOf(node.name) !== "default" || !node.reads.every((read) => known.has(read))) continue;
    const key = keyOf(node.name, known);
    knownKeys.set(node.name, key);
    known.set(node.name, `key:${key}`);
  }
  const needed = new Set<string>();
  const need = (name: string) => {
    if (needed.has(name) || !plan.has(name)) return;
    needed.add(name);
    const key = knownKeys.get(name);
    if (key === undefined || !stored.has(key)) for (const read of nodes[index.get(name)!]!.reads) need(read);
  };
  outputs.forEach(need);
  // Forward over the needed nodes in topological (index) order.
  const values = new Map<string, number>(Object.entries(inputs));
  const versions = new Map(known);
  const computes: string[] = [];
  for (const node of nodes) {
    if (!needed.has(node.name)) continue;
    const behavior = behaviorOf(node.name);
    const key = behavior === "default" || behavior === "recompute" ? (knownKeys.get(node.name) ?? keyOf(node.name, versions)) : undefined;
    if (behavior === "default" && stored.has(key!)) {
      values.set(node.name, stored.get(key!)!);
      versions.set(node.name, `key:${key}`);
      continue;
    }
    const value = (node.reads.reduce((total, read) => total + values.get(read)!, 0) + editions[index.get(node.name)!]! + 1) % 3;
    computes.push(node.name);
    values.set(node.name, value);
    if (key !== undefined) stored.set(key, value);
    versions.set(node.name, behavior === "default" ? `key:${key}` : behavior === "recompute" ? `value:${value}` : behavior === "disable" ? `fresh:${++fresh}` : "ignored");
  }
  return { computes, results: Object.fromEntries(outputs.map((output) => [output, values.get(output)])) };
}

describe("cache behaviours against a model (default, recompute, disable, ignore)", () => {
  it("computes exactly what the behaviours say and returns what the cache must return", async () => {
    await fc.assert(
      fc.asyncProperty(dags, steps, async (nodes, session) => {
        const store = new MemoryStore();
        const editions = nodes.map(() => 0);
        let behaviors = nodes.map(() => "default" as CacheBehavior);
        const stored = new Map<string, number>();
        let dr = await driverFor(nodes, editions, behaviors, store);
        let previous: Extract<Step, { kind: "run" }> | undefined;
        for (const next of session) {
          const step = next.kind === "again" ? previous : next;
          if (step === undefined) continue;
          if (step.kind === "edit" || step.kind === "behave") {
            if (step.kind === "edit") editions[step.node % nodes.length]!++;
            else behaviors = nodes.map((_, at) => BEHAVIORS[step.behaviors[at]!]!);
            dr = await driverFor(nodes, editions, behaviors, store);
            continue;
          }
          previous = step;
          const outputs = [...new Set(step.outputs.map((at) => nodes[at % nodes.length]!.name))];
          const reads = new Set(dr.upstreamOf(...outputs));
          const inputs = Object.fromEntries(INPUTS.map((name, at) => [name, step.inputs[at]!]).filter(([name]) => reads.has(name as string)));
          const expected = modelRun(nodes, editions, behaviors, stored, outputs, { i0: step.inputs[0], i1: step.inputs[1] });
          computed.length = 0;
          const result = await dr.execute(outputs, { inputs });
          expect(result, "results").toEqual(expected.results);
          expect([...computed].sort(), "computed").toEqual([...expected.computes].sort());
          const cachedKinds = new Set<CacheBehavior>(["default", "recompute"]);
          const report = dr.lastCacheRun()!;
          expect([...report.misses].sort(), "misses").toEqual(expected.computes.filter((name) => cachedKinds.has(behaviors[Number(name.slice(1))]!)).sort());
          // What the run stored is in the store, for each computed default or recompute node (Hamilton's check_results_exist_in_store).
          const storedEvents = report.events.filter((event) => event.kind === "stored");
          expect(storedEvents.map((event) => event.node).sort(), "stored").toEqual([...report.misses].sort());
          for (const event of storedEvents) expect(await store.has(event.node, event.key)).toBe(true);
        }
      }),
      { numRuns: 80 },
    );
  }, 60_000);
});
