/**
 * Every view of a graph draws the same edges, and the graph queries walk them: listNodes'
 * dependencies and dependents, upstreamOf/downstreamOf/pathBetween, toDot, toGraphology and the
 * explorer's model. The graphs are random DAGs with parallel blocks, whose compiled collect is
 * called with its block's inputs but depends, as users see it, on the per-item node it gathers
 * (a link the queries once missed: downstreamOf a per-item node stopped at the block). Each
 * graph also runs, against a reference evaluator that runs every block item by hand.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Builder, collect, parallelizable, type NodeInfo } from "funcflow";
import { buildExplorerModel } from "funcflow/explorer";
import { toGraphology } from "funcflow/graphology";
import { syntheticModule, type SyntheticNode } from "../support/synthetic-module.ts";

/** A node of the generated graph: which earlier nodes it reads, and where it sits. */
interface Shape {
  readonly name: string;
  readonly reads: readonly string[];
  readonly part: "outer" | "expand" | "block" | "collect";
}

const INPUTS = ["x", "y"];

/**
 * Outer nodes, then per block: a parallelizable node, block nodes reading the items or earlier
 * block nodes (and outer values), a collect gathering one block node; later outer nodes may read
 * the collect. Values are small integers, so every sum is exact.
 */
const shapes = fc
  .record({
    before: fc.array(fc.array(fc.nat(), { maxLength: 3 }), { minLength: 1, maxLength: 4 }),
    blocks: fc.array(
      fc.record({
        expandReads: fc.array(fc.nat(), { minLength: 1, maxLength: 2 }),
        members: fc.array(fc.record({ inBlock: fc.array(fc.nat(), { minLength: 1, maxLength: 2 }), outer: fc.array(fc.nat(), { maxLength: 2 }) }), { minLength: 1, maxLength: 4 }),
        gathered: fc.nat(),
        collectOuter: fc.array(fc.nat(), { maxLength: 1 }),
      }),
      { minLength: 1, maxLength: 2 },
    ),
    after: fc.array(fc.array(fc.nat(), { minLength: 1, maxLength: 3 }), { maxLength: 3 }),
  })
  .map(({ before, blocks, after }) => {
    const nodes: Shape[] = [];
    const outer = [...INPUTS];
    const pick = (pool: readonly string[], choices: readonly number[]) => [...new Set(choices.map((choice) => pool[choice % pool.length]!))];
    before.forEach((reads, index) => {
      nodes.push({ name: `o${index}`, reads: pick(outer, reads.length > 0 ? reads : [0]), part: "outer" });
      outer.push(`o${index}`);
    });
    blocks.forEach((block, b) => {
      const expand = `e${b}`;
      nodes.push({ name: expand, reads: pick(outer, block.expandReads), part: "expand" });
      const members: string[] = [];
      block.members.forEach((member, m) => {
        const name = `b${b}_${m}`;
        nodes.push({ name, reads: [...pick([expand, ...members], member.inBlock), ...pick(outer, member.outer)], part: "block" });
        members.push(name);
      });
      const gathered = members[block.gathered % members.length]!;
      nodes.push({ name: `c${b}`, reads: [gathered, ...pick(outer, block.collectOuter)], part: "collect" });
      outer.push(`c${b}`);
    });
    after.forEach((reads, index) => {
      nodes.push({ name: `a${index}`, reads: pick(outer, reads), part: "outer" });
      outer.push(`a${index}`);
    });
    return nodes;
  });

const sum = (values: readonly unknown[]) => values.reduce<number>((total, value) => total + (value as number), 0);

/** `fn` declaring `arity` parameters, as the function the manifest describes would. */
const withArity = <F extends (...args: never[]) => unknown>(fn: F, arity: number): F => Object.defineProperty(fn, "length", { value: arity });

function moduleOf(nodes: readonly Shape[]) {
  const synthetic: SyntheticNode[] = nodes.map(({ name, reads, part }) => {
    const params = reads.map((read) => ({ name: read }));
    const seed = Number(name.replace(/\D/g, "")) + 1;
    const arity = reads.length;
    if (part === "expand") return { name, params, fn: parallelizable(withArity((...args: number[]) => [sum(args), sum(args) + seed], arity)) as never };
    if (part === "collect") return { name, params, fn: collect(withArity((items: number[], ...rest: number[]) => sum(items) * 2 + sum(rest), arity)) as never };
    return { name, params, fn: withArity((...args: number[]) => sum(args) + seed, arity) };
  });
  return syntheticModule(synthetic);
}

/** Every node's value, running each block's nodes once per item as Hamilton would. */
function reference(nodes: readonly Shape[], inputs: Record<string, number>): Map<string, number> {
  const values = new Map<string, number>(Object.entries(inputs));
  const byName = new Map(nodes.map((node) => [node.name, node]));
  const seedOf = (name: string) => Number(name.replace(/\D/g, "")) + 1;
  const itemsOf = new Map<string, number[]>();
  for (const node of nodes) {
    if (node.part === "outer") values.set(node.name, sum(node.reads.map((read) => values.get(read)!)) + seedOf(node.name));
    if (node.part === "expand") {
      const total = sum(node.reads.map((read) => values.get(read)!));
      itemsOf.set(node.name, [total, total + seedOf(node.name)]);
    }
    if (node.part === "collect") {
      const [gathered, ...rest] = node.reads;
      const expand = `e${node.name.slice(1)}`;
      const perItem = itemsOf.get(expand)!.map((item) => {
        const local = new Map<string, number>([[expand, item]]);
        const valueOf = (name: string): number => {
          if (local.has(name)) return local.get(name)!;
          const shape = byName.get(name);
          if (shape?.part !== "block") return values.get(name)!;
          const value = sum(shape.reads.map(valueOf)) + seedOf(name);
          local.set(name, value);
          return value;
        };
        return valueOf(gathered!);
      });
      values.set(node.name, sum(perItem) * 2 + sum(rest.map((read) => values.get(read)!)));
    }
  }
  return values;
}

/** What a node depends on as users see it: its parameters, then the per-item node a collect gathers. */
function viewDependencyNames(node: NodeInfo): string[] {
  const names = node.dependencies.map((dependency) => dependency.name);
  return node.gathers === undefined || names.includes(node.gathers) ? names : [...names, node.gathers];
}

/** The edges as users see them, from listNodes: each node's parameters plus the node a collect gathers. */
function viewEdges(nodes: readonly NodeInfo[]): Set<string> {
  return new Set(nodes.flatMap((node) => viewDependencyNames(node).map((from) => `${from} -> ${node.name}`)));
}

function closure(start: string, next: (name: string) => readonly string[]): Set<string> {
  const seen = new Set<string>();
  const stack = [start];
  while (stack.length > 0) {
    const name = stack.pop()!;
    if (seen.has(name)) continue;
    seen.add(name);
    stack.push(...next(name));
  }
  return seen;
}

describe("graph views of random DAGs with parallel blocks", () => {
  it("listNodes, the queries, DOT, graphology and the explorer agree, and the values are the reference's", async () => {
    await fc.assert(
      fc.asyncProperty(shapes, fc.integer({ min: 0, max: 9 }), fc.integer({ min: 0, max: 9 }), async (shape, x, y) => {
        const dr = await new Builder().withModules(moduleOf(shape)).build();
        const nodes = dr.listNodes();
        const byName = new Map(nodes.map((node) => [node.name, node]));
        const edges = viewEdges(nodes);

        // dependents is dependencies inverted.
        const dependents = new Set(nodes.flatMap((node) => node.dependents.map((to) => `${node.name} -> ${to}`)));
        expect(dependents).toEqual(edges);

        // The drawings draw exactly those edges.
        const dot = dr.toDot({ showLegend: false });
        expect(new Set([...dot.matchAll(/^\s*"([^"]+)" -> "([^"]+)"/gm)].map(([, from, to]) => `${from} -> ${to}`))).toEqual(edges);
        // The gathered link is drawn as one: a crow's foot, not a plain dependency.
        const gatheredLinks = nodes.filter((node) => node.gathers !== undefined).map((node) => `${node.gathers} -> ${node.name}`);
        expect(new Set([...dot.matchAll(/^\s*"([^"]+)" -> "([^"]+)".*arrowhead="crow"/gm)].map(([, from, to]) => `${from} -> ${to}`))).toEqual(new Set(gatheredLinks));
        expect(new Set(toGraphology(dr).mapEdges((_edge, _attributes, from, to) => `${from} -> ${to}`))).toEqual(edges);
        const model = buildExplorerModel(nodes, { includeCode: false });
        expect(new Set(model.edges.map(([from, to]) => `${model.nodes[from]!.name} -> ${model.nodes[to]!.name}`))).toEqual(edges);

        for (const node of shape) {
          const upstream = dr.upstreamOf(node.name);
          expect(new Set(upstream)).toEqual(closure(node.name, (name) => viewDependencyNames(byName.get(name)!)));
          // In topological order: every node after what it depends on.
          upstream.forEach((name, index) => {
            for (const dependency of viewDependencyNames(byName.get(name)!)) expect(upstream.indexOf(dependency)).toBeLessThan(index);
          });
          const downstream = dr.downstreamOf(node.name);
          expect(new Set(downstream)).toEqual(closure(node.name, (name) => byName.get(name)!.dependents));
          // A collect is downstream of every block node its gathered node reads (the others are dead ends).
          if (node.part === "block") {
            const collecting = shape.find((other) => other.name === `c${node.name.slice(1, node.name.indexOf("_"))}`)!;
            if (dr.upstreamOf(collecting.reads[0]!).includes(node.name)) expect(downstream).toContain(collecting.name);
          }
          const last = shape.at(-1)!.name;
          const onPath = downstream.filter((name) => dr.upstreamOf(last).includes(name));
          expect(dr.pathBetween(node.name, last)).toEqual(onPath);
          // The drawing of a node's path shows its whole upstream, block included.
          const drawn = new Set([...dr.toDot({ outputs: [node.name], showLegend: false }).matchAll(/^\s*"([^"]+)" \[/gm)].map(([, name]) => name));
          for (const name of upstream) expect(drawn).toContain(name);
          expect(new Set(toGraphology(dr, { outputs: [node.name] }).nodes())).toEqual(new Set(upstream));
        }

        const wanted = shape.filter((node) => node.part === "outer" || node.part === "collect").map((node) => node.name);
        const result = await dr.execute(wanted, { inputs: { x, y } });
        const expected = reference(shape, { x, y });
        for (const name of wanted) expect(result[name], name).toBe(expected.get(name));
      }),
      { numRuns: 60 },
    );
  });
});
