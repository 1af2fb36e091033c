/**
 * `applyTo(t).named(name, namespace)` names the mutation's step as `step(f).named(name,
 * namespace)` names a pipeOutput step, as Hamilton's `apply_to(…).named(name, namespace=…)`
 * does: `<t>.<name>` by default, `<namespace>.<name>` with a namespace, `<name>` with `null`.
 * The namespace was dropped (ported from examples/mutate's mutate_on_output.py).
 */
import { afterAll, describe, expect, it } from "vitest";
import { buildSource, removeInlineModules } from "./support/build.ts";

afterAll(removeInlineModules);

const CASES: readonly [string, string][] = [
  ["", "data.scaled"],
  [`, "cleaning"`, "cleaning.scaled"],
  [", null", "scaled"],
];

describe("applyTo(…).named(name, namespace)", () => {
  it.each(CASES)("namespace argument %j names the step %s, as the same pipeOutput step is named", async (namespaceArgument, expected) => {
    const mutated = await buildSource(`
export function data(): number { return 2; }
export const double = ff.mutate([ff.applyTo(data).named("scaled"${namespaceArgument})], (x: number): number => x * 2);
`);
    const piped = await buildSource(`
function double(x: number): number { return x * 2; }
export const data = ff.pipeOutput(ff.step(double).named("scaled"${namespaceArgument}), (): number => 2);
`);
    const names = (dr: typeof mutated) => dr.listNodes().map((node) => node.name).sort();
    expect(names(mutated)).toContain(expected);
    expect(names(mutated)).toEqual(names(piped));
    expect(await mutated.execute(["data", expected])).toEqual({ data: 4, [expected]: 4 });
  });
});
