/**
 * `funcflow list`, the typings `funcflow build` writes and `typed<Pipeline>()` agree on the type
 * of every node: on examples/modifiers-tour, the data-quality fixture, and generated modules of
 * random modifier stacks over small typed functions. A generated module whose pipe steps'
 * names collide is refused by the graph; the static check must then refuse to name them too.
 */
import { mkdir, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import type { ts } from "ts-morph";
import { afterAll, describe, expect, it } from "vitest";
import { renderStacks, STACK_CONFIG, stackSpec, type StackSpec } from "./support/modifier-stacks.ts";
import { disagreements, removeProbe, stepNameRefusals, writeProbe } from "./support/type-agreement.ts";

const tour = fileURLToPath(new URL("../../examples/modifiers-tour/transforms.ts", import.meta.url));
const dataQuality = fileURLToPath(new URL("../fixtures/typecheck/data-quality.ts", import.meta.url));
// Mutations that act after the target's extractFields/extractColumns, as in Hamilton.
const mutatedExtracts = fileURLToPath(new URL("../fixtures/ports/mutate/adjustment_factor.ts", import.meta.url));

describe("list, typings and typed execute agree", () => {
  it("on every node of modifiers-tour, the data-quality fixture and mutations of extracted outputs", async () => {
    const probes = [
      await writeProbe(tour, ["currency=EUR", "growth=0.05", "horizons=[3,12]"]),
      await writeProbe(dataQuality, ["scale=mean"]),
      await writeProbe(mutatedExtracts, []),
    ];
    try {
      const { found } = disagreements(probes);
      expect(found).toEqual([[], [], []]);
    } finally {
      await Promise.all(probes.map(removeProbe));
    }
  }, 60_000);
});

describe("list, typings and typed execute agree on random modifier stacks", () => {
  const dir = fileURLToPath(new URL(`./tmp/stacks-${process.pid}/`, import.meta.url));
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it("on every node of generated modules, and on the pipes whose step names the graph refuses (fast-check)", async () => {
    await mkdir(dir, { recursive: true });
    let run = 0;
    // One Program's parse of the libraries is reused by every run's probe.
    let program: ts.Program | undefined;
    await fc.assert(
      fc.asyncProperty(fc.array(stackSpec, { minLength: 2, maxLength: 5 }), async (specs) => {
        const module = join(dir, `stacks${run++}.ts`);
        await writeFile(module, renderStacks(specs, "../../../../src/index.ts"));
        const refused = await stepNameRefusals(module, STACK_CONFIG);
        // The fixed examples must take the path they were written for.
        if (same(specs, EVERY_NAMING)) expect(refused).toBeUndefined();
        if (same(specs, COLLIDING)) expect(refused).toBeDefined();
        if (refused !== undefined) {
          // The graph's error names a function (or its target) the static check left unnamed.
          expect(refused.collided).not.toEqual([]);
          expect(refused.collided.some((name) => refused.message.includes(`(${name})`) || refused.message.includes(`"${name}"`))).toBe(true);
          return;
        }
        const probe = await writeProbe(module, STACK_CONFIG);
        try {
          const checked = disagreements([probe], program);
          program = checked.program;
          expect(checked.found[0]).toEqual([]);
        } finally {
          await removeProbe(probe);
        }
      }),
      { numRuns: 6, examples: [[EVERY_NAMING], [COLLIDING]] },
    );
  }, 90_000);
});

const same = (a: readonly StackSpec[], b: readonly StackSpec[]) => JSON.stringify(a) === JSON.stringify(b);

/** Repeated and `.named` steps, steps without a prefix across outputs, named and plain mutations: all built. */
const EVERY_NAMING: StackSpec[] = [
  { shape: "scalar", wrappers: ["pipeOutputFlat", "parameterize"], mutations: ["named", "plain"] },
  { shape: "scalar", wrappers: ["pipeOutputRepeat", "inject"], mutations: [] },
  { shape: "scalar", wrappers: ["tag"], mutations: ["likeStep"] },
  { shape: "scalar", wrappers: ["pipeOutputNamed", "tag"], mutations: [] },
];

/** A step without a prefix named like another output of its function: refused. */
const COLLIDING: StackSpec[] = [
  { shape: "scalar", wrappers: ["pipeOutputFlat", "parameterizeTaken"], mutations: [] },
  { shape: "scalar", wrappers: ["pipeOutput"], mutations: ["plain"] },
];
