/**
 * Random small DAGs of numeric nodes over named inputs, and node functions whose source text
 * changes with an "edition" (as an edited function's does): the cache model tests' shared world.
 */
import fc from "fast-check";

/** Node `n<i>` reads some of the inputs and of the nodes before it. */
export interface RandomDagNode {
  readonly name: string;
  readonly reads: readonly string[];
}

/** DAGs of 2 to `maxNodes` nodes, each reading up to two of `inputs` and the nodes before it. */
export function randomDags(inputs: readonly string[], maxNodes: number): fc.Arbitrary<RandomDagNode[]> {
  return fc.array(fc.array(fc.nat(), { maxLength: 2 }), { minLength: 2, maxLength: maxNodes }).map((rows) =>
    rows.map((choices, index): RandomDagNode => {
      const pool = [...inputs, ...Array.from({ length: index }, (_, earlier) => `n${earlier}`)];
      return { name: `n${index}`, reads: [...new Set(choices.map((choice) => pool[choice % pool.length]!))] };
    }),
  );
}

/**
 * `node`'s function at `edition`: the sum of what it reads plus `edition + 1` (wrapped around
 * `modulo` when given, so different inputs often give equal values), pushing its name onto the
 * list at `globalThis[callsSlot]` each time it runs.
 */
export function editionFunction(node: RandomDagNode, edition: number, callsSlot: string, modulo?: number): (...args: never[]) => unknown {
  const parameters = node.reads.map((_, index) => `p${index}`);
  const sum = `${parameters.length === 0 ? "0" : parameters.join(" + ")} + ${edition + 1}`;
  const value = modulo === undefined ? sum : `(${sum}) % ${modulo}`;
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- a function per edition, each with its own source text
  return new Function(...parameters, `globalThis[${JSON.stringify(callsSlot)}].push(${JSON.stringify(node.name)}); return ${value};`) as (...args: never[]) => unknown;
}
