/**
 * Property: on random DAGs, running every node on worker threads gives exactly what running them
 * in order in the main thread gives. Each DAG is written as a real module file, so the workers
 * import it by URL as they would a user's module; values mix numbers, typed arrays and async nodes.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { Builder } from "funcflow";
import { workerExecutor } from "funcflow/workers";
import { syntheticModule } from "../support/synthetic-module.ts";

interface DagNode {
  readonly deps: readonly number[];
  readonly kind: "number" | "vector" | "async";
}

const dagArbitrary = fc
  .array(fc.record({ picks: fc.array(fc.nat(), { maxLength: 3 }), kind: fc.constantFrom("number", "vector", "async") }), { minLength: 1, maxLength: 14 })
  .map((specs) => specs.map(({ picks, kind }, index): DagNode => ({ deps: index === 0 ? [] : [...new Set(picks.map((pick) => pick % index))], kind: kind as DagNode["kind"] })));

function moduleSource(nodes: readonly DagNode[]): string {
  const lines = ["const total = (v) => (typeof v === 'number' ? v : v.reduce((a, b) => a + b, 0));"];
  nodes.forEach((node, index) => {
    const params = node.deps.length === 0 ? ["seed"] : node.deps.map((dep) => `n${dep}`);
    const sum = params.map((param, i) => `total(${param}) * ${i + 3}`).join(" + ");
    const body =
      node.kind === "vector"
        ? `const s = ${sum}; return Float64Array.from([s % 97, s % 89, ${index}]);`
        : `return (${sum} + ${index}) % 1000003;`;
    lines.push(`export ${node.kind === "async" ? "async " : ""}function n${index}(${params.join(", ")}) { ${body} }`);
  });
  return lines.join("\n");
}

const directory = mkdtempSync(join(tmpdir(), "funcflow-workers-"));
const workers = workerExecutor({ threads: 2, select: "all" });
let written = 0;

afterAll(async () => {
  await workers.close();
  rmSync(directory, { recursive: true, force: true });
});

describe("workerExecutor on random DAGs", () => {
  it("driver.execute gives the same outputs with every node on workers as sequentially in the main thread", async () => {
    await fc.assert(
      fc.asyncProperty(dagArbitrary, fc.integer({ min: -50, max: 50 }), async (nodes, seed) => {
        const file = join(directory, `dag-${written++}.mjs`);
        writeFileSync(file, moduleSource(nodes));
        const url = pathToFileURL(file);
        const namespace = (await import(url.href)) as Record<string, (...args: never[]) => unknown>;
        const synthetic = syntheticModule(
          nodes.map((node, index) => ({
            name: `n${index}`,
            params: node.deps.length === 0 ? [{ name: "seed" }] : node.deps.map((dep) => ({ name: `n${dep}` })),
            fn: namespace[`n${index}`]!,
          })),
        );
        const outputs = nodes.map((_, index) => `n${index}`);
        const sequential = await new Builder().withModules(synthetic).build();
        const parallel = await new Builder().withModules({ ...synthetic, url }).withExecutor(workers).build();
        const expected = await sequential.execute(outputs, { inputs: { seed } });
        expect(await parallel.execute(outputs, { inputs: { seed } })).toEqual(expected);
      }),
      { numRuns: 25 },
    );
    expect(workers.stats().inMainThread).toBe(0);
  });
});
